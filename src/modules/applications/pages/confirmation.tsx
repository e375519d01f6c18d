import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { ApplicationStatusView } from '../status.js';
import { formatDateTime } from '../../../core/calendar/index.js';

/** After submitting: the reference number, who received the application, and the receipt. */
export function ConfirmationPage({ view, status, title }: { view: View; status: ApplicationStatusView; title: string }) {
  const { t, lang } = view;
  const { application } = status;
  return (
    <Layout view={view} title={t('applications.confirmation.title')}>
      <div class="kern-alert kern-alert--success" role="status">
        <div class="kern-alert__header">
          <h1 class="kern-title kern-title--large">{t('applications.confirmation.title')}</h1>
        </div>
        <div class="kern-alert__body">
          <p class="kern-body">
            {t('applications.reference')}: <strong class="aw-reference">{application.reference}</strong>
          </p>
        </div>
      </div>
      <p class="kern-body">{title}</p>
      <p class="kern-body">{t('applications.confirmation.receivedAt', { time: formatDateTime(application.submittedAt!, lang) })}</p>
      <h2 class="kern-title">{t('applications.confirmation.recipients')}</h2>
      <ul class="kern-list">
        {status.recipients.map((r) => (
          <li>
            {r.name}
            {r.reason ? ` – ${r.reason[lang]}` : ''}
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href={`/antraege/${application.id}/eingangsbestaetigung.pdf`}>
          {t('applications.receipt.download')}
        </a>
      </p>
      <p class="kern-body">{t('applications.confirmation.mailNote')}</p>
      <p class="kern-body">
        <a class="kern-link" href={`/antraege/${application.id}`}>
          {t('applications.confirmation.status')}
        </a>
      </p>
    </Layout>
  );
}
