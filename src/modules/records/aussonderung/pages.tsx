import { dateOf, formatDate, localDate } from '../../../core/calendar/index.js';
import type { Language } from '../../../core/i18n/index.js';
import { Alert, ErrorSummary, PostForm, RowAction, SubmitButton, TextField, FieldError } from '../../../web/components/form.js';
import { Cell, Table } from '../../../web/components/table.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { MessageUploadForm } from '../message-upload.js';
import type { RecordDeletionTable } from '../tables.js';
import type { DisposalView, DueFile, HeldFile } from './service.js';

/** A date or an instant (its day in German time) as 15.01.2026; "–" when there is none. */
export const shownDate = (value: string | null, lang: Language) => (value ? formatDate(value.length > 10 ? dateOf(new Date(value)) : localDate(value), lang, 'numeric') : '–');
const api = '/api/v1/records/aussonderung';

export function Section({ title, empty, count, children }: { title: string; empty: string; count: number; children: preact.ComponentChildren }) {
  return (
    <section class="aw-stack">
      <h2 class="kern-title kern-title--medium">{title}</h2>
      {count === 0 ? <p class="kern-body">{empty}</p> : children}
    </section>
  );
}

/** What a refused form shows again: the messages by field id (the error summary links to them) and the input. */
export interface PageState {
  errors?: Record<string, string>;
  values?: Record<string, string>;
  notice?: string;
}

/** The due Akten, each with a box to choose it for the offer (0501) to the archive. */
function OfferForm({ view, due, error }: { view: View; due: DueFile[]; error?: string }) {
  const { t } = view;
  return (
    <PostForm view={view} action="/bearbeitung/aussonderung/angebot" label={t('records.aussonderung.offer.submit')}>
      <FieldError view={view} id="fileIds" error={error} />
      <Table
        caption={t('records.aussonderung.due')}
        columns={[
          t('records.aussonderung.col.choose'),
          t('records.aussonderung.col.aktenzeichen'),
          t('records.subject'),
          t('records.aussonderung.col.retentionEnd'),
          t('records.aussonderung.col.disposal'),
        ]}
      >
        {due.map((f, index) => {
          const id = index === 0 ? 'fileIds' : `fileIds-${index}`;
          return (
            <tr class="kern-table__row">
              <Cell>
                <div class="kern-form-check">
                  <input
                    class={`kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}`}
                    type="checkbox"
                    id={id}
                    name="fileIds"
                    value={f.id}
                    aria-describedby={error ? 'fileIds-error' : undefined}
                  />
                  <label class="kern-label" for={id}>
                    <span class="kern-sr-only">{t('records.aussonderung.offer.choose', { aktenzeichen: f.aktenzeichen })}</span>
                  </label>
                </div>
              </Cell>
              <Cell>
                <a class="kern-link" href={`/bearbeitung/akten/${f.id}`}>
                  {f.aktenzeichen}
                </a>
              </Cell>
              <Cell>{f.subject}</Cell>
              <Cell>{shownDate(f.retentionEnd, view.lang)}</Cell>
              <Cell>{f.disposal ?? '–'}</Cell>
            </tr>
          );
        })}
      </Table>
      <SubmitButton>{t('records.aussonderung.offer.submit')}</SubmitButton>
    </PostForm>
  );
}

/** Per Akte of a process: its decision, and for a V Akte the four-eyes destruction (request, then another's approval). */
function DisposalFile({ view, file, error }: { view: View; file: DisposalView['files'][number]; error?: string }) {
  const { t } = view;
  const label = `${file.aktenzeichen ?? file.id} (${file.decision ?? '–'})`;
  if (file.decision !== 'V' || file.state !== 'appraised') return <li>{label}</li>;
  const id = `destroy-${file.id}`;
  return (
    <li id={id}>
      {label}
      {file.destructionRequestedBy && <> – {t('records.aussonderung.destroy.requestedBy', { name: file.destructionRequestedBy })}</>}
      <FieldError view={view} id={id} error={error} />
      {file.destructionRequestedBy ? (
        <RowAction
          view={view}
          action={`/bearbeitung/aussonderung/vernichtung/${file.id}/freigeben`}
          label={t('records.aussonderung.destroy.approve')}
          object={file.aktenzeichen ?? file.id}
        />
      ) : (
        <RowAction
          view={view}
          action={`/bearbeitung/aussonderung/vernichtung/${file.id}/beantragen`}
          label={t('records.aussonderung.destroy.request')}
          object={file.aktenzeichen ?? file.id}
        />
      )}
    </li>
  );
}

/** Sets an Aussonderungssperre: the Akte by its Aktenzeichen, and the required reason. */
function HoldForm({ view, state }: { view: View; state: PageState }) {
  const { t } = view;
  return (
    <PostForm view={view} action="/bearbeitung/aussonderung/sperren" label={t('records.aussonderung.hold.title')}>
      <h3 class="kern-title kern-title--small">{t('records.aussonderung.hold.title')}</h3>
      <TextField
        view={view}
        id="hold-aktenzeichen"
        name="aktenzeichen"
        label={t('records.aussonderung.col.aktenzeichen')}
        value={state.values?.aktenzeichen}
        error={state.errors?.['hold-aktenzeichen']}
        maxLength={200}
      />
      <TextField
        view={view}
        id="hold-reason"
        name="reason"
        label={t('records.aussonderung.hold.reason')}
        hint={t('records.aussonderung.hold.reasonHint')}
        value={state.values?.reason}
        error={state.errors?.['hold-reason']}
        maxLength={1000}
        multiline
      />
      <SubmitButton variant="secondary">{t('records.aussonderung.hold.submit')}</SubmitButton>
    </PostForm>
  );
}

/** The records manager's work lists and their forms: due for Aussonderung, waiting for the archive, legal holds, and the Löschprotokoll. */
export function AussonderungPage({
  view,
  due,
  waiting,
  holds,
  deletions,
  state,
}: {
  view: View;
  due: DueFile[];
  waiting: DisposalView[];
  holds: HeldFile[];
  deletions: RecordDeletionTable[];
  state: PageState;
}) {
  const { t } = view;
  const title = t('records.aussonderung.title');
  const errors = state.errors ?? {};
  return (
    <Layout view={view} title={title}>
      <ErrorSummary view={view} problems={Object.entries(errors).map(([fieldId, message]) => ({ fieldId, message }))} />
      {state.notice && <Alert kind="success">{state.notice}</Alert>}
      <h1 class="kern-title kern-title--large">{title}</h1>
      <p class="kern-body">{t('records.aussonderung.intro')}</p>
      <Section title={t('records.aussonderung.due')} empty={t('records.aussonderung.none')} count={due.length}>
        <OfferForm view={view} due={due} error={errors.fileIds} />
      </Section>
      <Section title={t('records.aussonderung.waiting')} empty={t('records.aussonderung.none')} count={waiting.length}>
        <Table
          caption={t('records.aussonderung.waiting')}
          columns={[t('records.aussonderung.col.process'), t('records.aussonderung.col.files'), t('records.aussonderung.col.state'), t('records.aussonderung.col.messages')]}
        >
          {waiting.map((d) => (
            <tr class="kern-table__row">
              <Cell>
                {d.id}
                <br />
                {shownDate(d.createdAt, view.lang)}, {d.createdBy}
              </Cell>
              <Cell>
                <ul class="kern-list">
                  {d.files.map((f) => (
                    <DisposalFile view={view} file={f} error={errors[`destroy-${f.id}`]} />
                  ))}
                </ul>
              </Cell>
              <Cell>
                {t(
                  d.confirmedAt
                    ? 'records.aussonderung.state.confirmed'
                    : d.exportedAt
                      ? 'records.aussonderung.state.exported'
                      : d.appraisedAt
                        ? 'records.aussonderung.state.appraised'
                        : 'records.aussonderung.state.offered',
                )}
              </Cell>
              <Cell>
                <a class="kern-link" href={`${api}/offers/${d.id}/0501`}>
                  0501
                </a>
                {d.appraisalReceipt ? (
                  <>
                    {' '}
                    ·{' '}
                    <a class="kern-link" href={`${api}/offers/${d.id}/0505`}>
                      0505
                    </a>
                  </>
                ) : null}
                {d.appraisedAt && !d.confirmedAt ? (
                  <>
                    {' '}
                    ·{' '}
                    <a class="kern-link" href={`${api}/offers/${d.id}/0503`}>
                      0503
                    </a>
                  </>
                ) : null}
              </Cell>
            </tr>
          ))}
        </Table>
      </Section>
      <MessageUploadForm
        view={view}
        action="/bearbeitung/aussonderung/nachrichten"
        texts={{
          title: t('records.aussonderung.upload.title'),
          file: t('records.aussonderung.upload.file'),
          hint: t('records.aussonderung.upload.hint'),
          submit: t('records.aussonderung.upload.submit'),
        }}
        error={errors.message}
      />
      <Section title={t('records.aussonderung.holds')} empty={t('records.aussonderung.none')} count={holds.length}>
        <Table
          caption={t('records.aussonderung.holds')}
          columns={[t('records.aussonderung.col.aktenzeichen'), t('records.subject'), t('records.aussonderung.col.reason'), t('records.aussonderung.col.actions')]}
        >
          {holds.map((h) => (
            <tr class="kern-table__row">
              <Cell>
                <a class="kern-link" href={`/bearbeitung/akten/${h.id}`}>
                  {h.aktenzeichen}
                </a>
              </Cell>
              <Cell>{h.subject}</Cell>
              <Cell>
                {h.reason} ({h.setBy}, {shownDate(h.setAt, view.lang)})
              </Cell>
              <Cell>
                <RowAction view={view} action={`/bearbeitung/aussonderung/sperren/${h.id}/aufheben`} label={t('records.aussonderung.hold.lift')} object={h.aktenzeichen} />
              </Cell>
            </tr>
          ))}
        </Table>
      </Section>
      <HoldForm view={view} state={state} />
      <Section title={t('records.aussonderung.deletions')} empty={t('records.aussonderung.none')} count={deletions.length}>
        <Table
          caption={t('records.aussonderung.deletions')}
          columns={[
            t('records.aussonderung.col.aktenzeichen'),
            t('records.subject'),
            t('records.runtime'),
            t('records.aussonderung.col.deleted'),
            t('records.aussonderung.col.archiveId'),
          ]}
        >
          {deletions.map((d) => (
            <tr class="kern-table__row">
              <Cell>{d.aktenzeichen}</Cell>
              <Cell>{d.subject}</Cell>
              <Cell>
                {shownDate(d.opened_on, view.lang)} – {shownDate(d.closed_on, view.lang)}
              </Cell>
              <Cell>
                {shownDate(d.deleted_at, view.lang)}, {d.deleted_by_name}
                {d.approved_by_name ? ` / ${d.approved_by_name}` : ''}
              </Cell>
              <Cell>{d.archive_id ?? t(`records.aussonderung.reason.${d.reason}`)}</Cell>
            </tr>
          ))}
        </Table>
      </Section>
    </Layout>
  );
}
