import { formatDateTime } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { formatFileSize, translator, type Language } from '../../core/i18n/index.js';
import { renderPdf, type KeyValueRow } from '../../core/pdf/index.js';
import { answerText, visiblePages, type Field, type FormDefinition } from '../forms/index.js';
import type { ProcedureVersion } from '../procedures/index.js';
import { blobStoreOf } from './attachments.js';
import { hashAnswers, procedureOf } from './service.js';
import { findApplication, type Application } from './store.js';

/**
 * The receipt (Eingangsbestätigung) as PDF/A: authority, reference, time of receipt in
 * Europe/Berlin, every answer as the applicant saw it on the check-answers page (the forms
 * engine's `answerText`), and the attachments with their SHA-256. Rendered on first use — the
 * applicant's download or the filing into the E-Akte — and kept in the blob store from then on:
 * a receipt for every submission cost the worker more than the submission itself (about 37 ms of
 * CPU, docs/decisions/0003). Everything it shows was frozen at submit (answers with their hash,
 * form version, recipients, attachments) and its creation date is the time of receipt, so it
 * comes out byte for byte the same whenever it is rendered.
 */

type Data = Record<string, unknown>;

function record(value: unknown): Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : {};
}

function answerRows(fields: readonly Field[], container: Data, prefix: string, lang: Language, form: FormDefinition, out: KeyValueRow[]): KeyValueRow[] {
  for (const field of fields) {
    if (field.type === 'help') continue;
    const value = container[field.key];
    if (value === undefined) continue;
    const label = prefix + field.label[lang];
    if (field.type === 'group') answerRows(field.fields, record(value), `${label}: `, lang, form, out);
    else if (field.type === 'repeat') {
      (Array.isArray(value) ? value : []).forEach((item, index) =>
        answerRows(field.fields, record(item), `${field.itemLabel[lang].replace('{n}', String(index + 1))}: `, lang, form, out),
      );
    } else out.push({ label, value: answerText(form, field, value, lang) });
  }
  return out;
}

/** What a receipt shows: a submitted application's frozen facts, or the studio preview's sample. */
export interface ReceiptContent {
  procedure: ProcedureVersion;
  reference: string;
  /** The time of receipt (ISO-8601 UTC), also the PDF's creation date. */
  receivedAt: string;
  recipients: string[];
  dataHash: string;
  data: Data;
  attachments: { name: string; size: number; sha256: string }[];
}

/** The receipt PDF of given content: the same bytes for the same content. */
export function receiptPdf(content: ReceiptContent, lang: Language): Promise<Buffer> {
  const { procedure: version, reference, receivedAt, recipients, data } = content;
  const { procedure, form } = version;
  const t = translator(lang);
  return renderPdf(
    {
      title: `${t('applications.receipt.title')} ${reference}`,
      author: recipients.join(', ') || 'Amtsweg',
      subject: procedure.title[lang],
      lang: lang === 'de' ? 'de-DE' : 'en-GB',
    },
    {
      clock: { now: () => new Date(receivedAt) },
      footer: reference,
      ...(lang === 'en' ? { pageLabel: (page: number, pages: number) => `Page ${page} of ${pages}` } : {}),
    },
    (pdf) => {
      pdf.heading(t('applications.receipt.title'), 1);
      pdf.paragraph(procedure.title[lang]);
      pdf.keyValueTable([
        { label: t('applications.reference'), value: reference },
        { label: t('applications.receipt.receivedAt'), value: formatDateTime(receivedAt, lang) },
        { label: t('applications.receipt.recipients'), value: recipients.join('\n') },
        { label: t('applications.receipt.hash'), value: content.dataHash },
      ]);
      for (const page of visiblePages(form, data, new Date(receivedAt))) {
        const rows = answerRows(page.fields, data, '', lang, form, []);
        if (!rows.length) continue;
        pdf.heading(page.title[lang], 2);
        pdf.keyValueTable(rows);
      }
      pdf.heading(t('applications.receipt.attachments'), 2);
      if (content.attachments.length === 0) pdf.paragraph(t('applications.receipt.noAttachments'));
      else pdf.list(content.attachments.map((a) => `${a.name} (${formatFileSize(lang, a.size)}) – SHA-256: ${a.sha256}`));
    },
  );
}

export async function renderReceipt(ctx: AppContext, application: Application, lang: Language = 'de'): Promise<Buffer> {
  if (application.status !== 'submitted' || !application.reference || !application.submittedAt) throw new Error('only a submitted application has a receipt');
  // Rendered later than the submit, the receipt must show the answers whose hash was recorded then.
  if (hashAnswers(application.data) !== application.dataHash) throw new Error(`the answers of application ${application.id} no longer match the hash recorded at submit`);
  const recipients = await ctx.db
    .selectFrom('application_recipients')
    .select(['authority_name'])
    .where('tenant_id', '=', application.tenantId)
    .where('application_id', '=', application.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const attachments = await ctx.db
    .selectFrom('application_attachments')
    .select(['id', 'name', 'size', 'sha256'])
    .where('tenant_id', '=', application.tenantId)
    .where('application_id', '=', application.id)
    .orderBy('created_at')
    .execute();
  // Only the files the answers name: an upload removed before submitting is not part of it.
  const submittedIds = new Set(filesAnswered(application.data).map((file) => file.id));
  return receiptPdf(
    {
      procedure: await procedureOf(ctx, application),
      reference: application.reference,
      receivedAt: application.submittedAt,
      recipients: recipients.map((r) => r.authority_name),
      dataHash: application.dataHash ?? '',
      data: application.data,
      attachments: attachments.filter((a) => submittedIds.has(a.id)),
    },
    lang,
  );
}

/** An uploaded file as a file question's answer keeps it. */
type FileAnswer = { id: string; name: string; size: number; sha256: string };

/** The uploaded files the answers name. */
export function filesAnswered(value: unknown, out: FileAnswer[] = []): FileAnswer[] {
  if (Array.isArray(value)) for (const item of value) filesAnswered(item, out);
  else if (value !== null && typeof value === 'object') {
    const item = value as Data;
    if (typeof item.id === 'string' && typeof item.sha256 === 'string' && typeof item.size === 'number')
      out.push({ id: item.id, name: String(item.name), size: item.size, sha256: item.sha256 });
    else for (const child of Object.values(item)) filesAnswered(child, out);
  }
  return out;
}

/** The stored receipt, rendering and storing it first if needed (the download and the E-Akte filing use this). */
export async function ensureReceipt(ctx: AppContext, tenantId: string, applicationId: string): Promise<Buffer | undefined> {
  const application = await findApplication(ctx.db, tenantId, applicationId);
  if (application?.status !== 'submitted') return undefined;
  if (application.receiptSha256) return blobStoreOf(ctx).get(application.receiptSha256);
  const pdf = await renderReceipt(ctx, application);
  const ours = await inTransaction(ctx.db, async (trx) => {
    const blob = await blobStoreOf(ctx).put(pdf, 'application/pdf', trx);
    const updated = await trx
      .updateTable('applications')
      .set({ receipt_sha256: blob.sha256 })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', applicationId)
      .where('receipt_sha256', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  });
  if (ours) return pdf; // no need to read back and decrypt what we just stored
  // Rendered at the same time elsewhere (the worker and a download): the first stored one is the receipt.
  const stored = await findApplication(ctx.db, tenantId, applicationId);
  return blobStoreOf(ctx).get(stored!.receiptSha256!);
}
