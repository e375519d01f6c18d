import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { auditActor, authorize, can, type Actor } from '../../access/index.js';
import { appendAudit } from '../../../core/audit/index.js';
import type { AppContext } from '../../../core/context.js';
import { inTransaction } from '../../../core/db/index.js';
import { NotFoundError, ValidationError, type FieldError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { formatDate, localDate } from '../../../core/calendar/index.js';
import { formatDateTime, formatFileSize, translator, type Language } from '../../../core/i18n/index.js';
import { renderPdf, type PdfWriter } from '../../../core/pdf/index.js';
import type { DocumentVersion, RecordDocument } from '../files/model.js';
import { getFile, type FileView } from '../files/service.js';
import { recordBlobs } from '../files/write.js';

/**
 * Akteneinsicht (§ 29 VwVfG): the Akte, or chosen documents of it, for the applicant or a court,
 * as one PDF (table of contents, page numbers, a page per document with its metadata and text) or
 * as a ZIP (every document's latest version as filed, and an index). Who exported what, for whom
 * and why is audited and each document's read is in the access log.
 *
 * The PDF does not embed the filed PDFs themselves: merging PDFs needs a library Amtsweg does not
 * have (pdfkit only writes). It shows their extracted text; the originals are in the ZIP.
 */

export const exportFormats = ['pdf', 'zip'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportRequest {
  format: string;
  /** The documents to export; all of the Akte when empty. */
  documentIds?: readonly string[];
  /** For whom: the applicant, their lawyer, a court. */
  recipient: string;
  /** Why, e.g. "Antrag auf Akteneinsicht vom 3. März 2026" or the court's file number. */
  purpose: string;
}

export interface ExportResult {
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

/** A document as exported: its place in the Akte and its latest version. */
interface Item {
  position: number;
  processAktenzeichen: string;
  document: RecordDocument;
  version: DocumentVersion;
}

/** The longest text of one document the PDF takes (about 60 pages); longer texts are cut with a note. */
const MAX_TEXT = 150_000;

function requiredText(value: string | undefined, pointer: string, max: number, errors: FieldError[]): string {
  const text = (value ?? '').trim();
  if (!text) errors.push({ pointer, code: 'forms.required' });
  else if (text.length > max) errors.push({ pointer, code: 'forms.text.tooLong', params: { max } });
  return text;
}

/** The chosen documents in the Akte's order, each with its latest version; an id not in the Akte is refused. */
function itemsOf(view: FileView, chosen: readonly string[]): Item[] {
  const all = view.processes.flatMap((process) => process.documents.map((document) => ({ process, document })));
  const unknown = chosen.filter((id) => !all.some(({ document }) => document.id === id));
  if (unknown.length) throw new ValidationError(unknown.map(() => ({ pointer: '/documentIds', code: 'records.export.error.noSuchDocument' })));
  const selected = chosen.length ? all.filter(({ document }) => chosen.includes(document.id)) : all;
  if (selected.length === 0) throw new ValidationError([{ pointer: '/documentIds', code: 'records.export.error.empty' }]);
  return selected.map(({ process, document }, index) => ({
    position: index + 1,
    processAktenzeichen: process.aktenzeichen,
    document,
    version: document.versions.find((v) => v.number === document.currentVersion)!,
  }));
}

// The Akteneinsicht is an official document, in German (§ 23 VwVfG): dates as 15.01.2026, sizes in KB.
const language: Language = 'de';
const t = translator(language);
const germanDate = (date: string) => formatDate(localDate(date), language, 'numeric');
const germanTime = (iso: string) => formatDateTime(language, iso);
const safeName = (name: string) => name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || 'dokument';

function metadataRows(item: Item): { label: string; value: string }[] {
  const { document, version } = item;
  const versionText = t('records.export.doc.versionValue', { number: version.number, time: germanTime(version.createdAt), name: version.createdByName });
  return [
    { label: t('records.export.doc.process'), value: item.processAktenzeichen },
    { label: t('records.export.doc.number'), value: String(document.number) },
    { label: t('records.export.doc.date'), value: germanDate(document.documentDate) },
    { label: t('records.export.doc.kind'), value: `${document.kind} (${t(`records.export.doc.direction.${document.direction}`)})` },
    { label: t('records.export.doc.parties'), value: [document.sender, document.recipient].filter(Boolean).join(' → ') || '–' },
    { label: t('records.export.doc.version'), value: version.reason ? `${versionText} – ${version.reason}` : versionText },
    { label: t('records.export.doc.file'), value: `${version.fileName} (${version.mediaType}, ${formatFileSize(language, version.sizeBytes)})` },
    { label: 'SHA-256', value: version.sha256 },
  ];
}

/** What the PDF can show of a document's content: its text, or why not. */
function writeContent(pdf: PdfWriter, item: Item): void {
  const { mediaType } = item.version;
  const text = item.document.contentText.trim();
  if (!text) {
    pdf.paragraph(t(mediaType.startsWith('image/') ? 'records.export.doc.image' : 'records.export.doc.unreadable'));
    return;
  }
  if (mediaType === 'application/pdf') pdf.paragraph(t('records.export.doc.pdfText'));
  pdf.heading(t('records.export.doc.content'), 3);
  const shown = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n\n${t('records.export.doc.cut')}` : text;
  for (const block of shown.split(/\n\s*\n/)) if (block.trim()) pdf.paragraph(block.trim());
}

async function renderBundle(ctx: AppContext, view: FileView, items: Item[], request: { recipient: string; purpose: string; by: string }): Promise<Buffer> {
  const { file } = view;
  const render = (pages: number[] | undefined, starts: number[]) =>
    renderPdf(
      { title: t('records.export.doc.title', { aktenzeichen: file.aktenzeichen }), author: request.by, subject: file.subject },
      { clock: ctx.clock, footer: t('records.export.doc.title', { aktenzeichen: file.aktenzeichen }) },
      (pdf) => {
        pdf.heading(t('records.export.doc.heading', { aktenzeichen: file.aktenzeichen }));
        pdf.keyValueTable([
          { label: t('records.export.doc.subject'), value: file.subject },
          { label: t('records.export.doc.plan'), value: `${view.unit.kennzeichen} ${view.unit.title}` },
          { label: t('records.export.doc.for'), value: request.recipient },
          { label: t('records.export.doc.purpose'), value: request.purpose },
          { label: t('records.export.doc.created'), value: t('records.export.doc.createdBy', { time: germanTime(ctx.clock.now().toISOString()), name: request.by }) },
          { label: t('records.export.doc.extent'), value: t('records.export.doc.extentValue', { count: items.length }) },
        ]);
        pdf.heading(t('records.export.doc.contents'), 2);
        // The first pass writes placeholders of the same width; the second the pages it found.
        pdf.keyValueTable(
          items.map((item, index) => ({
            label: `${item.position}. ${item.document.title} (${item.processAktenzeichen}, ${germanDate(item.document.documentDate)})`,
            value: t('records.export.doc.page', { page: pages?.[index] ?? '000' }),
          })),
        );
        for (const item of items) {
          pdf.newPage();
          starts.push(pdf.pageNumber());
          pdf.heading(`${item.position}. ${item.document.title}`, 2);
          pdf.keyValueTable(metadataRows(item));
          writeContent(pdf, item);
        }
      },
    );
  const first: number[] = [];
  await render(undefined, first);
  const second: number[] = [];
  const bytes = await render(first, second);
  // The table of contents keeps its height (page numbers sit in a column of their own), so the pages cannot move.
  if (second.join() !== first.join()) throw new Error('Akteneinsicht: the table of contents moved the documents');
  return bytes;
}

async function zipBundle(ctx: AppContext, view: FileView, items: Item[], request: { recipient: string; purpose: string; by: string }): Promise<Buffer> {
  const mtime = ctx.clock.now();
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const lines = [
    `${t('records.export.doc.heading', { aktenzeichen: view.file.aktenzeichen })} – ${view.file.subject}`,
    `${t('records.export.doc.for')}: ${request.recipient}`,
    `${t('records.export.doc.purpose')}: ${request.purpose}`,
    `${t('records.export.doc.created')}: ${t('records.export.doc.createdBy', { time: germanTime(mtime.toISOString()), name: request.by })}`,
    '',
    t('records.export.doc.indexColumns'),
  ];
  for (const item of items) {
    const name = `${String(item.position).padStart(3, '0')} ${safeName(item.version.fileName)}`;
    entries[name] = [await recordBlobs(ctx).get(item.version.sha256), { mtime }];
    lines.push([item.position, name, item.processAktenzeichen, item.document.title, germanDate(item.document.documentDate), item.version.number, item.version.sha256].join('\t'));
  }
  entries[t('records.export.doc.indexFile')] = [Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'), { mtime }];
  return Buffer.from(zipSync(entries, { level: 6 }));
}

/** Who exports, as the access log names readers (records.file is granted to staff and API clients only). */
function byName(actor: Actor): { name: string; id: string } {
  return actor.kind === 'apiClient'
    ? { name: `API ${actor.clientId}`, id: actor.clientId }
    : { name: actor.kind === 'staff' ? actor.name : 'unknown', id: actor.kind === 'staff' ? actor.accountId : 'unknown' };
}

/** Builds the Akteneinsicht; the caller must be allowed to work on the Akte (`records.file`). */
export async function exportFile(ctx: AppContext, actor: Actor, fileId: string, request: ExportRequest): Promise<ExportResult> {
  // Deny by default: who may not work on this Akte learns nothing, not even what the form wants.
  const target = await ctx.db.selectFrom('record_files').select(['tenant_id', 'authority_id']).where('tenant_id', '=', actor.tenantId).where('id', '=', fileId).executeTakeFirst();
  if (!target || !can(actor, 'records.read', { tenantId: target.tenant_id, authorityId: target.authority_id })) throw new NotFoundError();
  authorize(actor, 'records.file', { tenantId: target.tenant_id, authorityId: target.authority_id });
  const errors: FieldError[] = [];
  if (!exportFormats.includes(request.format as ExportFormat)) errors.push({ pointer: '/format', code: 'forms.choice.invalid' });
  const recipient = requiredText(request.recipient, '/recipient', 500, errors);
  const purpose = requiredText(request.purpose, '/purpose', 1000, errors);
  if (errors.length) throw new ValidationError(errors);
  const view = await getFile(ctx, actor, fileId, `${t('records.export.doc.accessPurpose', { recipient })}: ${purpose}`.slice(0, 500));
  const { file } = view;
  const items = itemsOf(view, [...new Set(request.documentIds ?? [])]);
  const by = byName(actor);
  const format = request.format as ExportFormat;
  const bytes =
    format === 'pdf' ? await renderBundle(ctx, view, items, { recipient, purpose, by: by.name }) : await zipBundle(ctx, view, items, { recipient, purpose, by: by.name });
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .insertInto('record_access')
      .values(
        items.map((item) => ({
          id: newId(),
          tenant_id: file.tenantId,
          authority_id: file.authorityId,
          object_type: 'document' as const,
          object_id: item.document.id,
          file_id: file.id,
          actor_id: by.id,
          actor_name: by.name,
          purpose: t('records.export.doc.accessPurpose', { recipient }).slice(0, 500),
          created_at: now,
        })),
      )
      .execute();
    await appendAudit(trx, ctx, {
      tenantId: file.tenantId,
      actor: auditActor(actor),
      action: 'records.file.export',
      objectType: 'record_file',
      objectId: file.id,
      details: {
        format,
        count: items.length,
        documents: items.map((item) => `${item.document.id}/${item.version.number}`),
        recipient,
        purpose,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
    });
  });
  const base = `Akteneinsicht-${file.aktenzeichen.replace(/[^\p{L}\p{N}.-]+/gu, '_')}`;
  return { fileName: `${base}.${format}`, mediaType: format === 'pdf' ? 'application/pdf' : 'application/zip', bytes };
}
