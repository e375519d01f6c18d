import { Alert, CsrfField, SubmitButton } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { formatDateTime } from '../../../core/calendar/index.js';
import type { DraftAnswer } from '../draft-summary.js';
import type { Application } from '../store.js';

export interface ListedApplication {
  application: Application;
  title: string;
  /** For a draft: the answer that tells it apart from the person's other drafts. */
  answer: DraftAnswer | null;
  /** A submitted application whose procedure can be started again: offered as a template for a new one. */
  copyable?: boolean;
}

/** "Meine Anträge": drafts to continue (each with its start and an answer that tells it apart), submitted applications with their status. */
export function MyApplicationsPage({ view, items, saved }: { view: View; items: ListedApplication[]; saved: boolean }) {
  const { t, lang } = view;
  const drafts = items.filter((item) => item.application.status === 'draft');
  const submitted = items.filter((item) => item.application.status === 'submitted');
  return (
    <Layout view={view} title={t('applications.mine.title')}>
      {saved && (
        <Alert kind="success">
          <p class="kern-body">{t('applications.mine.saved')}</p>
        </Alert>
      )}
      <h1 class="kern-title kern-title--large">{t('applications.mine.title')}</h1>
      <h2 class="kern-title">{t('applications.mine.drafts')}</h2>
      {drafts.length === 0 ? (
        <p class="kern-body">{t('applications.mine.noDrafts')}</p>
      ) : (
        <ul class="kern-list aw-application-list">
          {drafts.map(({ application, title, answer }) => (
            <li>
              <a class="kern-link" href={`/antraege/${application.id}/seite/${encodeURIComponent(application.currentPage ?? '')}`}>
                {t('applications.mine.continue', { title })}
              </a>
              <br />
              <span class="kern-body">
                {t('applications.mine.startedAt', { time: formatDateTime(application.createdAt, lang) })}
                {answer && ` · ${answer.label}: ${answer.value}`}
              </span>{' '}
              <span class="kern-hint">{t('applications.mine.expires', { date: formatDateTime(application.expiresAt!, lang) })}</span>
            </li>
          ))}
        </ul>
      )}
      <h2 class="kern-title">{t('applications.mine.submitted')}</h2>
      {submitted.length === 0 ? (
        <p class="kern-body">{t('applications.mine.noSubmitted')}</p>
      ) : (
        <ul class="kern-list aw-application-list">
          {submitted.map(({ application, title, copyable }) => (
            <li>
              <a class="kern-link" href={`/antraege/${application.id}`}>{`${application.reference} – ${title}`}</a>{' '}
              <span class="kern-hint">{t('applications.mine.submittedAt', { time: formatDateTime(application.submittedAt!, lang) })}</span>{' '}
              <a class="kern-link" href={`/antraege/${application.id}/eingangsbestaetigung.pdf`}>
                {t('applications.receipt.download')}
                <span class="kern-sr-only"> {application.reference}</span>
              </a>
              {copyable && (
                <form method="post" action={`/antraege/${application.id}/als-vorlage`}>
                  <CsrfField view={view} />
                  <SubmitButton variant="secondary">
                    {t('applications.mine.copy')}
                    <span class="kern-sr-only"> ({application.reference})</span>
                  </SubmitButton>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
