import { appendAudit, type AuditActor } from '../../../core/audit/index.js';
import type { Insertable } from 'kysely';
import { openBlobStore, type BlobStore, type StoredBlob } from '../../../core/blobs/index.js';
import { dateOf } from '../../../core/calendar/index.js';
import type { AppContext } from '../../../core/context.js';
import type { Executor, Trx } from '../../../core/db/index.js';
import { ConflictError, ValidationError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type {
  Confidentiality,
  DocumentDirection,
  RecordDocumentTable,
  RecordDocumentVersionTable,
  RecordFileTable,
  RecordObjectType,
  RecordPlanUnitTable,
  RecordProcessTable,
} from '../tables.js';
import { toDocument, toFile, toProcess, type RecordDocument, type RecordFile, type RecordProcess } from './model.js';
import { countsPerYear, defaultFileNumberPattern, formatAktenzeichen, takeFileNumber } from './numbers.js';
import { indexDocument, indexNewDocument, indexSubject } from '../search/terms.js';
import { queueHandover, refuseIfHandedOver } from '../abgabe/queue.js';

/**
 * The E-Akte's writes, each inside the caller's transaction, each with its audit entry. They
 * trust the caller on authorization (the service and the filing job decide who may); they enforce
 * what holds for everyone: closed objects are read-only, versions are immutable and every
 * version's SHA-256 goes into the audit chain.
 */

/** Who writes: a staff member, an API client or the system (automatic filing). */
export interface Author {
  id: string | null;
  name: string;
  audit: AuditActor;
}

export const systemAuthor: Author = { id: null, name: 'System', audit: { type: 'system', id: null } };

const stores = new WeakMap<AppContext, BlobStore>();

export function recordBlobs(ctx: AppContext): BlobStore {
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = openBlobStore(ctx)));
  return store;
}

/** Today in Germany: Laufzeit and zdA are calendar dates of the authority. */
export function today(ctx: Pick<AppContext, 'clock'>): string {
  return dateOf(ctx.clock.now());
}

function audit(trx: Trx, ctx: AppContext, tenantId: string, author: Author, action: string, objectType: RecordObjectType, objectId: string, details: Record<string, unknown>) {
  return appendAudit(trx, ctx, { tenantId, actor: author.audit, action: `records.${action}`, objectType: `record_${objectType}`, objectId, details });
}

export interface NewFile {
  tenantId: string;
  authorityId: string;
  /** The authority's catalogue key, for `{authority}` in the pattern. */
  authorityKey: string;
  unit: Pick<RecordPlanUnitTable, 'id' | 'kennzeichen'>;
  subject: string;
  formationKey: string | null;
  lead?: string | null;
  confidentiality?: Confidentiality;
  remark?: string | null;
}

/*
 * The rows of new objects as the writes below insert them, also for bulk loads that number and
 * index by themselves (the benchmark's data set): one place that knows every column's start value.
 */

/** A new open Akte's row. */
export function newFileRow(input: NewFile, aktenzeichen: string, openedOn: string, now: string): Insertable<RecordFileTable> {
  return {
    id: newId(),
    tenant_id: input.tenantId,
    authority_id: input.authorityId,
    plan_unit_id: input.unit.id,
    aktenzeichen,
    subject: input.subject,
    formation_key: input.formationKey,
    lead: input.lead ?? null,
    confidentiality: input.confidentiality ?? '003',
    remark: input.remark ?? null,
    opened_on: openedOn,
    closed_on: null,
    state: 'open',
    retention_years: null,
    disposal: null,
    retention_end: null,
    hold_reason: null,
    hold_set_at: null,
    hold_set_by: null,
    disposition_state: 'none',
    archive_decision: null,
    archive_id: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

/** A new open Vorgang's row: number `number` in its Akte, whose Aktenzeichen, Federführung and Vertraulichkeit it takes unless given. */
export function newProcessRow(
  file: Pick<RecordFile, 'id' | 'tenantId' | 'authorityId' | 'aktenzeichen' | 'lead' | 'confidentiality'>,
  number: number,
  input: NewProcess,
  openedOn: string,
  now: string,
): Insertable<RecordProcessTable> {
  return {
    id: newId(),
    tenant_id: file.tenantId,
    authority_id: file.authorityId,
    file_id: file.id,
    case_id: input.caseId,
    number,
    aktenzeichen: `${file.aktenzeichen}-${number}`,
    subject: input.subject,
    lead: input.lead ?? file.lead,
    confidentiality: input.confidentiality ?? file.confidentiality,
    remark: null,
    opened_on: openedOn,
    closed_on: null,
    state: 'open',
    handover_sent_at: null,
    handover_confirmed_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

/** A new Dokument's row (its version 1 is `newVersionRow`). */
export function newDocumentRow(
  process: Pick<RecordProcess, 'id' | 'tenantId' | 'authorityId' | 'fileId'>,
  number: number,
  input: Omit<NewDocument, 'content'> & { content: Pick<Content, 'text'> },
  now: string,
): Insertable<RecordDocumentTable> & Pick<RecordDocumentTable, 'id' | 'tenant_id' | 'title' | 'sender' | 'recipient' | 'content_text'> {
  return {
    id: newId(),
    tenant_id: process.tenantId,
    authority_id: process.authorityId,
    process_id: process.id,
    file_id: process.fileId,
    number,
    kind: input.kind,
    direction: input.direction,
    title: input.title,
    document_date: input.documentDate,
    sender: input.sender ?? null,
    recipient: input.recipient ?? null,
    source_key: input.sourceKey ?? null,
    current_version: 1,
    content_text: input.content.text,
    created_at: now,
    updated_at: now,
  };
}

/** A version's row, once its bytes are in the blob store. */
export function newVersionRow(
  tenantId: string,
  documentId: string,
  number: number,
  blob: StoredBlob,
  content: Pick<Content, 'fileName' | 'mediaType'>,
  reason: string | null,
  author: Pick<Author, 'id' | 'name'>,
  now: string,
): Insertable<RecordDocumentVersionTable> {
  return {
    id: newId(),
    tenant_id: tenantId,
    document_id: documentId,
    number,
    sha256: blob.sha256,
    file_name: content.fileName,
    media_type: content.mediaType,
    size_bytes: blob.size,
    reason,
    created_by_id: author.id,
    created_by_name: author.name,
    created_at: now,
  };
}

/** A new Akte with the next Aktenzeichen, taken in this transaction. */
export async function createFile(trx: Trx, ctx: AppContext, input: NewFile, author: Author): Promise<RecordFile> {
  const settings = await trx
    .selectFrom('record_settings')
    .select('file_number_pattern')
    .where('tenant_id', '=', input.tenantId)
    .where('authority_id', '=', input.authorityId)
    .executeTakeFirst();
  const pattern = settings?.file_number_pattern ?? defaultFileNumberPattern;
  const openedOn = today(ctx);
  const year = Number(openedOn.slice(0, 4));
  const seq = await takeFileNumber(trx, { tenantId: input.tenantId, authorityId: input.authorityId, unitId: input.unit.id, year: countsPerYear(pattern) ? year : 0 });
  const aktenzeichen = formatAktenzeichen(pattern, { kennzeichen: input.unit.kennzeichen, seq, year, authority: input.authorityKey });
  // An Akte brought in from elsewhere (or a pattern without {seq}) may hold the number already: refuse rather than give it twice.
  const taken = await trx.selectFrom('record_files').select('id').where('tenant_id', '=', input.tenantId).where('aktenzeichen', '=', aktenzeichen).executeTakeFirst();
  if (taken) throw new ConflictError('records.error.fileNumberTaken', { aktenzeichen });
  const row = await trx
    .insertInto('record_files')
    .values(newFileRow(input, aktenzeichen, openedOn, ctx.clock.now().toISOString()))
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, ctx, input.tenantId, author, 'file.create', 'file', row.id, { aktenzeichen, unit: input.unit.kennzeichen });
  await indexSubject(trx, input.tenantId, row.id, row.subject);
  return toFile(row);
}

/**
 * Bumps an open object's version, which on PostgreSQL locks its row until the commit: numbering
 * its children (max + 1) is then safe against a concurrent writer. Refuses when it is closed.
 */
async function lockOpen(trx: Trx, ctx: AppContext, table: 'record_files' | 'record_processes', tenantId: string, id: string): Promise<void> {
  const locked = await trx
    .updateTable(table)
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: ctx.clock.now().toISOString() }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('state', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (!locked) throw new ConflictError(table === 'record_files' ? 'records.error.fileClosed' : 'records.error.processClosed');
}

export interface NewProcess {
  subject: string;
  caseId: string | null;
  lead?: string | null;
  confidentiality?: Confidentiality;
}

export async function openProcess(trx: Trx, ctx: AppContext, file: RecordFile, input: NewProcess, author: Author): Promise<RecordProcess> {
  await lockOpen(trx, ctx, 'record_files', file.tenantId, file.id);
  const last = await trx
    .selectFrom('record_processes')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('file_id', '=', file.id)
    .executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  const row = await trx
    .insertInto('record_processes')
    .values(newProcessRow(file, number, input, today(ctx), ctx.clock.now().toISOString()))
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, ctx, file.tenantId, author, 'process.open', 'process', row.id, { file: file.id, aktenzeichen: row.aktenzeichen, case: input.caseId });
  await indexSubject(trx, file.tenantId, row.id, row.subject);
  return toProcess(row);
}

/** A document's content: bytes as filed, and its plain text (empty when it cannot be extracted). */
export interface Content {
  bytes: Buffer;
  fileName: string;
  mediaType: string;
  text: string;
}

export interface NewDocument {
  kind: string;
  direction: DocumentDirection;
  title: string;
  documentDate: string;
  sender?: string | null;
  recipient?: string | null;
  /** What it is filed from; the same source is filed once per Vorgang. */
  sourceKey?: string | null;
  content: Content;
}

export async function findBySource(db: Executor, process: Pick<RecordProcess, 'tenantId' | 'id'>, sourceKey: string): Promise<RecordDocument | undefined> {
  const row = await db
    .selectFrom('record_documents')
    .selectAll()
    .where('tenant_id', '=', process.tenantId)
    .where('process_id', '=', process.id)
    .where('source_key', '=', sourceKey)
    .executeTakeFirst();
  return row && toDocument(row);
}

async function insertVersion(
  trx: Trx,
  ctx: AppContext,
  tenantId: string,
  documentId: string,
  number: number,
  content: Content,
  reason: string | null,
  author: Author,
): Promise<string> {
  const blob = await recordBlobs(ctx).put(content.bytes, content.mediaType, trx);
  await trx
    .insertInto('record_document_versions')
    .values(newVersionRow(tenantId, documentId, number, blob, content, reason, author, ctx.clock.now().toISOString()))
    .execute();
  await audit(trx, ctx, tenantId, author, 'version.add', 'document', documentId, { version: number, sha256: blob.sha256, reason });
  return blob.sha256;
}

/** Files a document (version 1) into an open Vorgang; a source already filed there is returned as it is. */
export async function addDocument(trx: Trx, ctx: AppContext, process: RecordProcess, input: NewDocument, author: Author): Promise<RecordDocument> {
  if (input.sourceKey) {
    const filed = await findBySource(trx, process, input.sourceKey);
    if (filed) return filed;
  }
  await lockOpen(trx, ctx, 'record_processes', process.tenantId, process.id);
  const last = await trx
    .selectFrom('record_documents')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('process_id', '=', process.id)
    .executeTakeFirst();
  const row = await trx
    .insertInto('record_documents')
    .values(newDocumentRow(process, Number(last?.n ?? 0) + 1, input, ctx.clock.now().toISOString()))
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertVersion(trx, ctx, process.tenantId, row.id, 1, input.content, null, author);
  await indexNewDocument(trx, row);
  return toDocument(row);
}

/** A further version: the earlier ones stay as they are; why it exists is required. */
export async function addVersion(trx: Trx, ctx: AppContext, document: RecordDocument & { tenantId: string }, content: Content, reason: string, author: Author): Promise<number> {
  if (!reason.trim()) throw new ValidationError([{ pointer: '/reason', code: 'records.error.reasonRequired' }]);
  await lockOpen(trx, ctx, 'record_processes', document.tenantId, document.processId);
  const current = await trx.selectFrom('record_documents').select('current_version').where('id', '=', document.id).executeTakeFirstOrThrow();
  const number = Number(current.current_version) + 1;
  await insertVersion(trx, ctx, document.tenantId, document.id, number, content, reason.trim(), author);
  await trx
    .updateTable('record_documents')
    .set({ current_version: number, content_text: content.text, updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', document.id)
    .execute();
  await indexDocument(trx, document.id);
  return number;
}

/** Aufbewahrungsende: 31 December of the zdA year plus the retention years; null if unbefristet. */
export function retentionEnd(closedOn: string, retentionYears: number | null): string | null {
  return retentionYears === null ? null : `${Number(closedOn.slice(0, 4)) + retentionYears}-12-31`;
}

/** zdA of an Akte: its unit's retention and Aussonderungsart are fixed now. Every Vorgang must be closed. */
export async function closeFile(trx: Trx, ctx: AppContext, file: RecordFile, author: Author): Promise<void> {
  const open = await trx
    .selectFrom('record_processes')
    .select('id')
    .where('tenant_id', '=', file.tenantId)
    .where('file_id', '=', file.id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  if (open) throw new ConflictError('records.error.fileHasOpenProcesses');
  const unit = await trx.selectFrom('record_plan_units').select(['retention_years', 'disposal']).where('id', '=', file.planUnitId).executeTakeFirstOrThrow();
  const closedOn = today(ctx);
  const years = unit.retention_years === null ? null : Number(unit.retention_years);
  const end = retentionEnd(closedOn, years);
  const closed = await trx
    .updateTable('record_files')
    .set((eb) => ({
      state: 'closed',
      closed_on: closedOn,
      retention_years: years,
      disposal: unit.disposal,
      retention_end: end,
      version: eb('version', '+', 1),
      updated_at: ctx.clock.now().toISOString(),
    }))
    .where('tenant_id', '=', file.tenantId)
    .where('id', '=', file.id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  if (Number(closed.numUpdatedRows) === 0) throw new ConflictError('records.error.fileClosed');
  await audit(trx, ctx, file.tenantId, author, 'file.close', 'file', file.id, { closedOn, retentionEnd: end });
}

/**
 * zdA of a Vorgang. An Akte formed for this one case (formation `case`) is closed with its last
 * Vorgang; Akten that collect cases (per applicant, site, year) stay open for the next one and
 * are closed by hand.
 */
export async function closeProcess(trx: Trx, ctx: AppContext, process: RecordProcess, author: Author): Promise<void> {
  const closedOn = today(ctx);
  const closed = await trx
    .updateTable('record_processes')
    .set((eb) => ({ state: 'closed', closed_on: closedOn, version: eb('version', '+', 1), updated_at: ctx.clock.now().toISOString() }))
    .where('tenant_id', '=', process.tenantId)
    .where('id', '=', process.id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  if (Number(closed.numUpdatedRows) === 0) throw new ConflictError('records.error.processClosed');
  await audit(trx, ctx, process.tenantId, author, 'process.close', 'process', process.id, { closedOn });
  await queueHandover(trx, ctx, process);
  const file = toFile(await trx.selectFrom('record_files').selectAll().where('id', '=', process.fileId).executeTakeFirstOrThrow());
  if (file.state === 'open' && file.formationKey?.startsWith('case:')) {
    const others = await trx.selectFrom('record_processes').select('id').where('file_id', '=', file.id).where('state', '=', 'open').executeTakeFirst();
    if (!others) await closeFile(trx, ctx, file, author);
  }
}

/** Re-opening: the Registratur's decision with a reason; the Akte's retention end is void again. */
export async function reopen(
  trx: Trx,
  ctx: AppContext,
  target: { type: 'file' | 'process'; tenantId: string; id: string; fileId: string },
  reason: string,
  author: Author,
): Promise<void> {
  if (!reason.trim()) throw new ValidationError([{ pointer: '/reason', code: 'records.error.reasonRequired' }]);
  const now = ctx.clock.now().toISOString();
  const reopenFile = () =>
    trx
      .updateTable('record_files')
      .set((eb) => ({ state: 'open', closed_on: null, retention_years: null, disposal: null, retention_end: null, version: eb('version', '+', 1), updated_at: now }))
      .where('tenant_id', '=', target.tenantId)
      .where('id', '=', target.fileId)
      .where('state', '=', 'closed')
      .where('disposition_state', '=', 'none')
      .executeTakeFirst();
  if (target.type === 'file') {
    const changed = await reopenFile();
    if (Number(changed.numUpdatedRows) === 0) throw new ConflictError('records.error.notClosed');
  } else {
    await refuseIfHandedOver(trx, target.tenantId, target.id);
    const changed = await trx
      .updateTable('record_processes')
      .set((eb) => ({ state: 'open', closed_on: null, version: eb('version', '+', 1), updated_at: now }))
      .where('tenant_id', '=', target.tenantId)
      .where('id', '=', target.id)
      .where('state', '=', 'closed')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) throw new ConflictError('records.error.notClosed');
    // A Vorgang lives in an open Akte.
    await reopenFile();
  }
  await audit(trx, ctx, target.tenantId, author, `${target.type}.reopen`, target.type, target.id, { reason: reason.trim() });
}
