import { Alert, ErrorSummary, RowAction } from '../../../web/components/form.js';
import { Cell, Table } from '../../../web/components/table.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { shownDate, Section } from '../aussonderung/pages.js';
import { MessageUploadForm } from '../message-upload.js';
import type { HandoverView } from './service.js';

export const abgabePath = '/bearbeitung/abgabe';

function ProcessCell({ h }: { h: HandoverView }) {
  return (
    <Cell>
      <a class="kern-link" href={`/bearbeitung/akten/${h.fileId}`}>
        {h.aktenzeichen}
      </a>
      <br />
      {h.subject}
    </Cell>
  );
}

/**
 * The records manager's work list of the Abgabe: hand-overs waiting for the DMS's 0402, failed
 * deliveries with their error and a retry, those still being delivered, and the 0402 upload.
 * `error` belongs to the upload field; `problem` is a refused retry.
 */
export function AbgabePage({ view, handovers, error, problem, notice }: { view: View; handovers: HandoverView[]; error?: string; problem?: string; notice?: string }) {
  const { t } = view;
  const title = t('records.abgabe.title');
  const waiting = handovers.filter((h) => h.state === 'sent');
  const failed = handovers.filter((h) => h.state === 'failed');
  const pending = handovers.filter((h) => h.state === 'pending');
  return (
    <Layout view={view} title={title}>
      <ErrorSummary view={view} problems={error ? [{ fieldId: 'message', message: error }] : []} />
      {problem && (
        <Alert kind="danger">
          <p class="kern-body">{problem}</p>
        </Alert>
      )}
      {notice && (
        <Alert kind="success">
          <p class="kern-body">{notice}</p>
        </Alert>
      )}
      <h1 class="kern-title kern-title--large">{title}</h1>
      <p class="kern-body">{t('records.abgabe.intro')}</p>
      <Section title={t('records.abgabe.failed')} empty={t('records.abgabe.none')} count={failed.length}>
        <Table
          caption={t('records.abgabe.failed')}
          columns={[t('records.abgabe.col.process'), t('records.abgabe.col.error'), t('records.abgabe.col.attempts'), t('records.abgabe.col.action')]}
        >
          {failed.map((h) => (
            <tr class="kern-table__row">
              <ProcessCell h={h} />
              <Cell>{h.lastError}</Cell>
              <Cell>{h.attempts}</Cell>
              <Cell>
                <RowAction view={view} action={`${abgabePath}/${h.id}/wiederholen`} label={t('records.abgabe.retry')} object={h.aktenzeichen} />
              </Cell>
            </tr>
          ))}
        </Table>
      </Section>
      <Section title={t('records.abgabe.waiting')} empty={t('records.abgabe.none')} count={waiting.length}>
        <Table
          caption={t('records.abgabe.waiting')}
          columns={[t('records.abgabe.col.process'), t('records.abgabe.col.prozessId'), t('records.abgabe.col.sent'), t('records.abgabe.col.target')]}
        >
          {waiting.map((h) => (
            <tr class="kern-table__row">
              <ProcessCell h={h} />
              <Cell>
                <code>{h.id}</code>
              </Cell>
              <Cell>{shownDate(h.sentAt, view.lang)}</Cell>
              <Cell>{h.target}</Cell>
            </tr>
          ))}
        </Table>
      </Section>
      <MessageUploadForm
        view={view}
        action={`${abgabePath}/nachrichten`}
        error={error}
        texts={{ title: t('records.abgabe.upload.title'), file: t('records.abgabe.upload.file'), hint: t('records.abgabe.upload.hint'), submit: t('records.abgabe.upload.submit') }}
      />
      <Section title={t('records.abgabe.pending')} empty={t('records.abgabe.none')} count={pending.length}>
        <Table caption={t('records.abgabe.pending')} columns={[t('records.abgabe.col.process'), t('records.abgabe.col.prozessId'), t('records.abgabe.col.attempts')]}>
          {pending.map((h) => (
            <tr class="kern-table__row">
              <ProcessCell h={h} />
              <Cell>
                <code>{h.id}</code>
              </Cell>
              <Cell>{h.attempts}</Cell>
            </tr>
          ))}
        </Table>
      </Section>
    </Layout>
  );
}
