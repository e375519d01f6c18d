import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { formatDateTime } from '../../../core/calendar/index.js';

export interface ConfirmationPageProps {
  view: View;
  title: string;
  reference: string;
  /** When it was received (ISO-8601 UTC). */
  receivedAt: string;
  recipients: { name: string; reason: { de: string; en: string } | null }[];
  receiptHref: string;
  /** The application's status page; none in the studio's preview. */
  statusHref?: string | undefined;
}

/** After submitting: the reference number, who received the application, and the receipt. */
export function ConfirmationPage({ view, title, reference, receivedAt, recipients, receiptHref, statusHref }: ConfirmationPageProps) {
  const { t, lang } = view;
  return (
    <Layout view={view} title={t('applications.confirmation.title')}>
      <div class="kern-alert kern-alert--success" role="status">
        <div class="kern-alert__header">
          <h1 class="kern-title kern-title--large">{t('applications.confirmation.title')}</h1>
        </div>
        <div class="kern-alert__body">
          <p class="kern-body">
            {t('applications.reference')}: <strong class="aw-reference">{reference}</strong>
          </p>
        </div>
      </div>
      <p class="kern-body">{title}</p>
      <p class="kern-body">{t('applications.confirmation.receivedAt', { time: formatDateTime(receivedAt, lang) })}</p>
      <h2 class="kern-title">{t('applications.confirmation.recipients')}</h2>
      <ul class="kern-list">
        {recipients.map((r) => (
          <li>
            {r.name}
            {r.reason ? ` – ${r.reason[lang]}` : ''}
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href={receiptHref}>
          {t('applications.receipt.download')}
        </a>
      </p>
      <p class="kern-body">{t('applications.confirmation.mailNote')}</p>
      {statusHref && (
        <p class="kern-body">
          <a class="kern-link" href={statusHref}>
            {t('applications.confirmation.status')}
          </a>
        </p>
      )}
    </Layout>
  );
}
