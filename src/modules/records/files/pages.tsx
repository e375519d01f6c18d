import { dateOf, formatDate, localDate } from '../../../core/calendar/index.js';
import { formatDateTime, hasMessage, type Language } from '../../../core/i18n/index.js';
import { Alert, CsrfField, ErrorSummary, SubmitButton, TextField } from '../../../web/components/form.js';
import { Cell, Table } from '../../../web/components/table.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { AccessEntry, FileView } from './service.js';

/** What a refused form posted and why, to show the page again with it. */
export interface FormState {
  form?: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  problem?: string;
  notice?: string;
}

/** A date as 15.01.2026 (in English 15/01/2026); "–" when there is none. */
const shownDate = (date: string | null, lang: Language) => (date ? formatDate(localDate(date), lang, 'numeric') : '–');

function Facts({ rows }: { rows: [string, string][] }) {
  return (
    <dl class="kern-description-list">
      {rows.map(([key, value]) => (
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{key}</dt>
          <dd class="kern-description-list-item__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A form of the Akte page: posts to `action`, keeps its values and shows its field errors when refused. */
function RecordForm({
  view,
  action,
  id,
  state,
  submit,
  fields,
}: {
  view: View;
  action: string;
  id: string;
  state: FormState;
  submit: string;
  fields: { name: string; label: string; multiline?: boolean }[];
}) {
  const mine = state.form === id;
  return (
    <form method="post" action={action} class="aw-stack" novalidate>
      <CsrfField view={view} />
      {fields.map((field) => (
        <TextField
          view={view}
          id={`${id}-${field.name}`}
          name={field.name}
          label={field.label}
          multiline={field.multiline}
          value={mine ? state.values?.[field.name] : ''}
          error={mine ? state.errors?.[`${id}-${field.name}`] : undefined}
        />
      ))}
      <SubmitButton variant="secondary">{submit}</SubmitButton>
    </form>
  );
}

/** Filing a document by upload: title, direction, date and the file (multipart). */
function UploadForm({ view, processId, state }: { view: View; processId: string; state: FormState }) {
  const { t } = view;
  const id = `upload-${processId}`;
  const mine = state.form === id;
  const error = (name: string) => (mine ? state.errors?.[`${id}-${name}`] : undefined);
  const direction = mine ? state.values?.direction : 'in';
  return (
    <form method="post" action={`/bearbeitung/akten/vorgaenge/${processId}/dokument`} enctype="multipart/form-data" class="aw-stack" novalidate>
      <CsrfField view={view} />
      <TextField view={view} id={`${id}-title`} name="title" label={t('records.upload.documentTitle')} value={mine ? state.values?.title : ''} error={error('title')} />
      <div class="kern-form-input">
        <label class="kern-label" for={`${id}-direction`}>
          {t('records.upload.direction')}
        </label>
        <select class="kern-form-input__select" id={`${id}-direction`} name="direction">
          {(['in', 'out', 'internal'] as const).map((d) => (
            <option value={d} selected={direction === d}>
              {t(`records.direction.${d}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        view={view}
        id={`${id}-documentDate`}
        name="documentDate"
        type="date"
        optional
        label={t('records.upload.date')}
        hint={t('records.upload.dateHint')}
        value={mine ? state.values?.documentDate : ''}
        error={error('documentDate')}
      />
      <div class={`kern-form-input${error('file') ? ' kern-form-input--error' : ''}`}>
        <label class="kern-label" for={`${id}-file`}>
          {t('records.upload.file')}
        </label>
        <div class="kern-hint" id={`${id}-file-hint`}>
          {t('records.upload.fileHint')}
        </div>
        {error('file') && (
          <p class="kern-error" id={`${id}-file-error`}>
            {error('file')}
          </p>
        )}
        <input class="kern-form-input__input" type="file" id={`${id}-file`} name="file" aria-describedby={`${id}-file-hint${error('file') ? ` ${id}-file-error` : ''}`} />
      </div>
      <SubmitButton variant="secondary">{t('records.upload.submit')}</SubmitButton>
    </form>
  );
}

/** The Akte: its metadata, the tree of Vorgänge and Dokumente with every version, and the forms a case worker (and the Registratur) may use. */
export function FilePage({ view, data, state, mayReopen, mayReadLog }: { view: View; data: FileView; state: FormState; mayReopen: boolean; mayReadLog: boolean }) {
  const { t } = view;
  const { file } = data;
  const problems = Object.entries(state.errors ?? {}).map(([fieldId, message]) => ({ fieldId, message }));
  const stateText = (s: 'open' | 'closed', closedOn: string | null) =>
    s === 'open' ? t('records.state.open') : t('records.state.closed', { date: shownDate(closedOn, view.lang) });
  return (
    <Layout view={view} title={t('records.file.title', { aktenzeichen: file.aktenzeichen })}>
      <ErrorSummary view={view} problems={problems} />
      {state.problem && (
        <Alert kind="danger">
          <p class="kern-body">{state.problem}</p>
        </Alert>
      )}
      {state.notice && (
        <Alert kind="success">
          <p class="kern-body">{state.notice}</p>
        </Alert>
      )}
      <p class="kern-preline">{t('records.file.preline', { kennzeichen: data.unit.kennzeichen, unit: data.unit.title })}</p>
      <h1 class="kern-title kern-title--large">{t('records.file.title', { aktenzeichen: file.aktenzeichen })}</h1>
      <Facts
        rows={[
          [t('records.subject'), file.subject],
          [t('records.runtime'), `${shownDate(file.openedOn, view.lang)} – ${file.closedOn ? shownDate(file.closedOn, view.lang) : t('records.ongoing')}`],
          [t('records.stateLabel'), stateText(file.state, file.closedOn)],
          [t('records.lead'), file.lead ?? '–'],
          [t('records.confidentiality'), t(`records.confidentiality.${file.confidentiality}`)],
          [t('records.retentionEnd'), file.state === 'closed' ? (file.retentionEnd ? shownDate(file.retentionEnd, view.lang) : t('records.unlimited')) : '–'],
          [t('records.remark'), file.remark ?? '–'],
        ]}
      />
      {mayReadLog && (
        <p class="kern-body">
          <a class="kern-link" href={`/bearbeitung/akten/${file.id}/zugriffe`}>
            {t('records.accessLog.link')}
          </a>
        </p>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/bearbeitung/akten/${file.id}/akteneinsicht`}>
          {t('records.export.link')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`/bearbeitung/akten/${file.id}/beweisdatensatz`}>
          {t('records.export.evidenceLink')}
        </a>
      </p>
      {file.state === 'open' && data.processes.every((p) => p.state === 'closed') && data.processes.length > 0 && (
        <form method="post" action={`/bearbeitung/akten/${file.id}/zda`}>
          <CsrfField view={view} />
          <SubmitButton variant="secondary">{t('records.file.close')}</SubmitButton>
        </form>
      )}
      {file.state === 'closed' && mayReopen && (
        <RecordForm
          view={view}
          action={`/bearbeitung/akten/${file.id}/wiedereroeffnen`}
          id="reopen-file"
          state={state}
          submit={t('records.reopen')}
          fields={[{ name: 'reason', label: t('records.reason') }]}
        />
      )}

      <h2 class="kern-title">{t('records.processes')}</h2>
      {data.processes.length === 0 && <p class="kern-body">{t('records.noProcesses')}</p>}
      {data.processes.map((process) => (
        <section id={`vorgang-${process.id}`} aria-labelledby={`vorgang-${process.id}-title`}>
          <h3 class="kern-title kern-title--small" id={`vorgang-${process.id}-title`}>
            {t('records.process.title', { aktenzeichen: process.aktenzeichen, subject: process.subject })}
          </h3>
          <Facts
            rows={[
              [t('records.runtime'), `${shownDate(process.openedOn, view.lang)} – ${process.closedOn ? shownDate(process.closedOn, view.lang) : t('records.ongoing')}`],
              [t('records.stateLabel'), stateText(process.state, process.closedOn)],
              ...(process.handedOverAt
                ? [
                    [t('records.abgabe.handedOverLabel'), t('records.abgabe.handedOverOn', { date: shownDate(dateOf(new Date(process.handedOverAt)), view.lang) })] as [
                      string,
                      string,
                    ],
                  ]
                : []),
            ]}
          />
          {process.caseId && (
            <p class="kern-body">
              <a class="kern-link" href={`/bearbeitung/vorgaenge/${process.caseId}`}>
                {t('records.process.case')}
              </a>
            </p>
          )}
          <Table
            caption={t('records.documents.caption', { aktenzeichen: process.aktenzeichen })}
            columns={[t('records.col.number'), t('records.col.document'), t('records.col.kind'), t('records.col.date'), t('records.col.parties'), t('records.col.versions')]}
          >
            {process.documents.map((document) => (
              <tr class="kern-table__row">
                <Cell>{String(document.number)}</Cell>
                <Cell>{document.title}</Cell>
                <Cell>
                  {hasMessage(`records.kind.${document.kind}`) ? t(`records.kind.${document.kind}`) : document.kind} ({t(`records.direction.${document.direction}`)})
                </Cell>
                <Cell>{shownDate(document.documentDate, view.lang)}</Cell>
                <Cell>{[document.sender, document.recipient].filter(Boolean).join(' → ') || '–'}</Cell>
                <Cell>
                  <ul class="kern-list">
                    {document.versions.map((version) => (
                      <li>
                        <a class="kern-link" href={`/bearbeitung/akten/dokumente/${document.id}/versionen/${version.number}`}>
                          {t('records.version', { number: version.number, name: version.fileName })}
                        </a>{' '}
                        <span class="kern-hint">
                          {t('records.versionBy', { name: version.createdByName, date: shownDate(dateOf(new Date(version.createdAt)), view.lang) })}
                          {version.reason ? ` – ${version.reason}` : ''}; SHA-256 <code>{version.sha256.slice(0, 16)}…</code>
                        </span>
                      </li>
                    ))}
                  </ul>
                </Cell>
              </tr>
            ))}
          </Table>
          {process.state === 'open' ? (
            <details class="kern-accordion">
              <summary class="kern-accordion__header">{t('records.process.work')}</summary>
              <div class="kern-accordion__body aw-stack">
                <h4 class="kern-title kern-title--small">{t('records.upload.title')}</h4>
                <UploadForm view={view} processId={process.id} state={state} />
                <h4 class="kern-title kern-title--small">{t('records.vermerk.title')}</h4>
                <RecordForm
                  view={view}
                  action={`/bearbeitung/akten/vorgaenge/${process.id}/vermerk`}
                  id={`vermerk-${process.id}`}
                  state={state}
                  submit={t('records.vermerk.submit')}
                  fields={[
                    { name: 'title', label: t('records.vermerk.subject') },
                    { name: 'body', label: t('records.vermerk.body'), multiline: true },
                  ]}
                />
                <h4 class="kern-title kern-title--small">{t('records.move.title')}</h4>
                <RecordForm
                  view={view}
                  action={`/bearbeitung/akten/vorgaenge/${process.id}/verschieben`}
                  id={`move-${process.id}`}
                  state={state}
                  submit={t('records.move.submit')}
                  fields={[
                    { name: 'target', label: t('records.move.target') },
                    { name: 'reason', label: t('records.reason') },
                  ]}
                />
                <form method="post" action={`/bearbeitung/akten/vorgaenge/${process.id}/zda`}>
                  <CsrfField view={view} />
                  <SubmitButton variant="secondary">{t('records.process.close')}</SubmitButton>
                </form>
              </div>
            </details>
          ) : (
            mayReopen && (
              <RecordForm
                view={view}
                action={`/bearbeitung/akten/vorgaenge/${process.id}/wiedereroeffnen`}
                id={`reopen-${process.id}`}
                state={state}
                submit={t('records.reopen')}
                fields={[{ name: 'reason', label: t('records.reason') }]}
              />
            )
          )}
        </section>
      ))}

      <h2 class="kern-title">{t('records.history')}</h2>
      <ol class="kern-list">
        {data.history.map((entry) => (
          <li>
            <time dateTime={entry.at}>{formatDateTime(view.lang, entry.at)}</time>: {historyText(view, entry)}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** An audit entry of the E-Akte in words (`records.history.<action>`), with its details as parameters. */
function historyText(view: View, entry: FileView['history'][number]): string {
  const key = `records.history.${entry.action.replace(/^records\./, '')}`;
  return hasMessage(key) ? view.t(key, historyParams(entry.details)) : entry.action;
}

/** The details an audit entry of the E-Akte carries, as message parameters. */
function historyParams(details: Record<string, unknown>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => typeof value === 'string' || typeof value === 'number')) as Record<string, string | number>;
}

/** Who read what: per Akte or per person. */
export function AccessLogPage({ view, title, entries }: { view: View; title: string; entries: AccessEntry[] }) {
  const { t } = view;
  return (
    <Layout view={view} title={title}>
      <h1 class="kern-title kern-title--large">{title}</h1>
      {entries.length === 0 ? (
        <p class="kern-body">{t('records.accessLog.empty')}</p>
      ) : (
        <Table caption={title} columns={[t('records.accessLog.when'), t('records.accessLog.who'), t('records.accessLog.what'), t('records.accessLog.why')]}>
          {entries.map((entry) => (
            <tr class="kern-table__row">
              <Cell>
                <time dateTime={entry.at}>{formatDateTime(view.lang, entry.at)}</time>
              </Cell>
              <Cell>
                <a class="kern-link" href={`/bearbeitung/akten-zugriffe?person=${encodeURIComponent(entry.actorId)}`}>
                  {entry.actorName}
                </a>
              </Cell>
              <Cell>
                {t(`records.object.${entry.objectType}`)}:{' '}
                <a class="kern-link" href={`/bearbeitung/akten/${entry.fileId}/zugriffe`}>
                  {entry.aktenzeichen}
                </a>
              </Cell>
              <Cell>{entry.purpose ?? '–'}</Cell>
            </tr>
          ))}
        </Table>
      )}
    </Layout>
  );
}
