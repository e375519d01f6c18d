import { Alert, ErrorSummary } from '../../../web/components/form.js';
import { Cell, Table } from '../../../web/components/table.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { MessageUploadForm } from '../message-upload.js';
import type { RecordDeletionTable } from '../tables.js';
import type { DisposalView, DueFile, HeldFile } from './service.js';

export const germanDate = (date: string | null) => (date ? date.slice(0, 10).split('-').reverse().join('.') : '–');
const api = '/api/v1/records/aussonderung';

export function Section({ title, empty, count, children }: { title: string; empty: string; count: number; children: preact.ComponentChildren }) {
  return (
    <section class="aw-stack">
      <h2 class="kern-title kern-title--medium">{title}</h2>
      {count === 0 ? <p class="kern-body">{empty}</p> : children}
    </section>
  );
}

/** The records manager's work lists: due for Aussonderung, waiting for the archive, legal holds, and the Löschprotokoll. */
export function AussonderungPage({ view, due, waiting, holds, deletions, error, notice }: { view: View; due: DueFile[]; waiting: DisposalView[]; holds: HeldFile[]; deletions: RecordDeletionTable[]; error?: string; notice?: string }) {
  const { t } = view;
  const title = t('records.aussonderung.title');
  return (
    <Layout view={view} title={title}>
      <ErrorSummary view={view} problems={error ? [{ fieldId: 'message', message: error }] : []} />
      {notice && <Alert kind="success">{notice}</Alert>}
      <h1 class="kern-title kern-title--large">{title}</h1>
      <p class="kern-body">{t('records.aussonderung.intro')}</p>
      <Section title={t('records.aussonderung.due')} empty={t('records.aussonderung.none')} count={due.length}>
        <Table caption={t('records.aussonderung.due')} columns={[t('records.aussonderung.col.aktenzeichen'), t('records.subject'), t('records.aussonderung.col.retentionEnd'), t('records.aussonderung.col.disposal')]}>
          {due.map((f) => (
            <tr class="kern-table__row">
              <Cell><a class="kern-link" href={`/bearbeitung/akten/${f.id}`}>{f.aktenzeichen}</a></Cell>
              <Cell>{f.subject}</Cell>
              <Cell>{germanDate(f.retentionEnd)}</Cell>
              <Cell>{f.disposal ?? '–'}</Cell>
            </tr>
          ))}
        </Table>
      </Section>
      <Section title={t('records.aussonderung.waiting')} empty={t('records.aussonderung.none')} count={waiting.length}>
        <Table caption={t('records.aussonderung.waiting')} columns={[t('records.aussonderung.col.process'), t('records.aussonderung.col.files'), t('records.aussonderung.col.state'), t('records.aussonderung.col.messages')]}>
          {waiting.map((d) => (
            <tr class="kern-table__row">
              <Cell>{d.id}<br />{germanDate(d.createdAt)}, {d.createdBy}</Cell>
              <Cell>{d.files.map((f) => `${f.aktenzeichen ?? f.id} (${f.decision ?? '–'})`).join(', ')}</Cell>
              <Cell>{t(d.confirmedAt ? 'records.aussonderung.state.confirmed' : d.exportedAt ? 'records.aussonderung.state.exported' : d.appraisedAt ? 'records.aussonderung.state.appraised' : 'records.aussonderung.state.offered')}</Cell>
              <Cell>
                <a class="kern-link" href={`${api}/offers/${d.id}/0501`}>0501</a>
                {d.appraisedAt && !d.confirmedAt ? <> · <a class="kern-link" href={`${api}/offers/${d.id}/0503`}>0503</a></> : null}
              </Cell>
            </tr>
          ))}
        </Table>
      </Section>
      <MessageUploadForm view={view} action="/bearbeitung/aussonderung/nachrichten" error={error} texts={{ title: t('records.aussonderung.upload.title'), file: t('records.aussonderung.upload.file'), hint: t('records.aussonderung.upload.hint'), submit: t('records.aussonderung.upload.submit') }} />
      <Section title={t('records.aussonderung.holds')} empty={t('records.aussonderung.none')} count={holds.length}>
        <Table caption={t('records.aussonderung.holds')} columns={[t('records.aussonderung.col.aktenzeichen'), t('records.subject'), t('records.aussonderung.col.reason')]}>
          {holds.map((h) => (
            <tr class="kern-table__row">
              <Cell><a class="kern-link" href={`/bearbeitung/akten/${h.id}`}>{h.aktenzeichen}</a></Cell>
              <Cell>{h.subject}</Cell>
              <Cell>{h.reason} ({h.setBy}, {germanDate(h.setAt)})</Cell>
            </tr>
          ))}
        </Table>
      </Section>
      <Section title={t('records.aussonderung.deletions')} empty={t('records.aussonderung.none')} count={deletions.length}>
        <Table caption={t('records.aussonderung.deletions')} columns={[t('records.aussonderung.col.aktenzeichen'), t('records.subject'), t('records.runtime'), t('records.aussonderung.col.deleted'), t('records.aussonderung.col.archiveId')]}>
          {deletions.map((d) => (
            <tr class="kern-table__row">
              <Cell>{d.aktenzeichen}</Cell>
              <Cell>{d.subject}</Cell>
              <Cell>{germanDate(d.opened_on)} – {germanDate(d.closed_on)}</Cell>
              <Cell>{germanDate(d.deleted_at)}, {d.deleted_by_name}{d.approved_by_name ? ` / ${d.approved_by_name}` : ''}</Cell>
              <Cell>{d.archive_id ?? t(`records.aussonderung.reason.${d.reason}`)}</Cell>
            </tr>
          ))}
        </Table>
      </Section>
    </Layout>
  );
}
