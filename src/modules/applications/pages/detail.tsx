import { Alert, CsrfField, ErrorSummary, SubmitButton, TextField } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { Message } from '../postfach.js';
import { formatDateTime } from '../../../core/calendar/index.js';
import type { ApplicationStatusView } from '../status.js';
import { formatDate, localDate } from '../../../core/calendar/index.js';

export interface DetailPageProps {
  view: View;
  title: string;
  status: ApplicationStatusView;
  messages: Message[];
  errors?: Record<string, string>;
  body?: string;
  sent?: boolean;
  /** Just withdrawn (Rücknahme): say so at the top. */
  withdrawn?: boolean;
}

/** Recipient statuses of a case that is still open and not decided: the applicant may withdraw the application. */
const withdrawable = new Set(['submitted', 'inProgress', 'waiting']);

/** One submitted application: status per authority, timeline, and the Postfach with a reply form. */
export function ApplicationDetailPage({ view, title, status, messages, errors = {}, body = '', sent = false, withdrawn = false }: DetailPageProps) {
  const { t, lang } = view;
  const { application } = status;
  const problems = Object.entries(errors).map(([fieldId, message]) => ({ fieldId, message }));
  return (
    <Layout view={view} title={`${problems.length ? `${t('form.errorPrefix')} ` : ''}${application.reference} – ${title}`}>
      <ErrorSummary view={view} problems={problems} />
      {sent && (
        <Alert kind="success">
          <p class="kern-body">{t('applications.postfach.sent')}</p>
        </Alert>
      )}
      {withdrawn && (
        <Alert kind="success">
          <p class="kern-body">{t('applications.detail.withdrawn')}</p>
        </Alert>
      )}
      <p class="kern-preline">{title}</p>
      <h1 class="kern-title kern-title--large">{t('applications.detail.title', { reference: application.reference ?? '' })}</h1>
      <p class="kern-body">
        <a class="kern-link" href={`/antraege/${application.id}/eingangsbestaetigung.pdf`}>
          {t('applications.receipt.download')}
        </a>
      </p>

      <h2 class="kern-title">{t('applications.detail.status')}</h2>
      <dl class="kern-description-list">
        {status.recipients.map((r) => (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{r.name}</dt>
            <dd class="kern-description-list-item__value">
              {t(`applications.status.${r.status}`)}
              {/* Waiting for the applicant: documents go through the Postfach, decisions (e.g. an offer) on the answer page. */}
              {r.status === 'waiting' && (
                <>
                  {' '}
                  <a class="kern-link" href={`/antraege/${application.id}/antworten`}>
                    {t('applications.detail.answer')}
                  </a>
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {status.recipients.some((r) => withdrawable.has(r.status)) && (
        <p class="kern-body">
          <a class="kern-link" href={`/antraege/${application.id}/zuruecknehmen`}>
            {t('applications.detail.withdraw')}
          </a>
        </p>
      )}

      {status.followUps.length > 0 && (
        <>
          <h2 class="kern-title">{t('applications.followUp.title')}</h2>
          <dl class="kern-description-list">
            {status.followUps.map((duty) => (
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">{duty.title[lang]}</dt>
                <dd class="kern-description-list-item__value">
                  {duty.status === 'fulfilled' ? t('applications.followUp.fulfilled') : t('applications.followUp.due', { date: formatDate(localDate(duty.dueOn), lang) })}
                  {duty.status === 'open' && (
                    <>
                      {' '}
                      <a class="kern-link" href={`/antrag/${duty.procedureKey}?aus=${encodeURIComponent(application.id)}&pflicht=${encodeURIComponent(duty.duty)}`}>
                        {t('applications.followUp.start')}
                      </a>
                    </>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}

      <h2 class="kern-title">{t('applications.detail.timeline')}</h2>
      <ol class="kern-list aw-timeline">
        {status.timeline.map((event) => (
          <li>
            <time dateTime={event.at}>{formatDateTime(event.at, lang)}</time>
            {': '}
            {t(`applications.event.${event.kind}`, {
              authority: event.authorityName ?? '',
              status: typeof event.details.status === 'string' ? t(`applications.status.${event.details.status}`) : '',
            })}
          </li>
        ))}
      </ol>

      <h2 class="kern-title" id="postfach">
        {t('applications.postfach.title')}
      </h2>
      {messages.length === 0 && <p class="kern-body">{t('applications.postfach.empty')}</p>}
      {messages.map((message) => (
        <article class="aw-message" aria-labelledby={`message-${message.id}`}>
          <h3 class="kern-title" id={`message-${message.id}`}>
            {message.direction === 'out' ? t('applications.postfach.from', { name: message.authorName }) : t('applications.postfach.fromYou')}
            {message.subject ? ` – ${message.subject}` : ''}
          </h3>
          <p class="kern-hint">
            <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, lang)}</time>
          </p>
          {message.body.split('\n').map((line) => (
            <p class="kern-body">{line}</p>
          ))}
          {message.attachments.length > 0 && (
            <ul class="kern-list">
              {message.attachments.map((a) => (
                <li>
                  <a class="kern-link" href={`/antraege/${application.id}/dateien/${a.sha256}`}>
                    {a.name}
                  </a>
                  {` (SHA-256: ${a.sha256})`}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}

      <h3 class="kern-title" id="antwort">
        {t('applications.postfach.reply')}
      </h3>
      <form method="post" action={`/antraege/${application.id}/nachrichten`} enctype="multipart/form-data" class="aw-form">
        <CsrfField view={view} />
        <TextField view={view} id="body" label={t('applications.postfach.body')} value={body} multiline maxLength={10000} {...(errors.body ? { error: errors.body } : {})} />
        <div class={`kern-form-input${errors.files ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for="files">
            {t('applications.postfach.files')}
            <span class="kern-label__optional"> {t('form.optional')}</span>
          </label>
          <div class="kern-hint" id="files-hint">
            {t('applications.postfach.filesHint')}
          </div>
          {errors.files && (
            <p class="kern-error" id="files-error">
              <span class="kern-sr-only">{t('form.errorPrefix')} </span>
              {errors.files}
            </p>
          )}
          <input
            class="kern-form-input__input"
            type="file"
            id="files"
            name="files"
            multiple
            accept="application/pdf,image/png,image/jpeg,text/plain,text/csv"
            aria-describedby={errors.files ? 'files-hint files-error' : 'files-hint'}
          />
        </div>
        <SubmitButton>{t('applications.postfach.send')}</SubmitButton>
      </form>
    </Layout>
  );
}
