import { auditActor, authorize, can, type Actor } from '../../access/index.js';
import { appendAudit, auditEntriesAbout } from '../../../core/audit/index.js';
import { dateOf } from '../../../core/calendar/index.js';
import type { AppContext } from '../../../core/context.js';
import { inTransaction, type Executor } from '../../../core/db/index.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { DocumentDirection, RecordObjectType } from '../tables.js';
import { contentOf, textContent } from './content.js';
import { toDocument, toFile, toProcess, toVersion, type DocumentVersion, type RecordDocument, type RecordFile, type RecordProcess } from './model.js';
import { caseNoteForFiling, sniffMediaType } from './sources.js';
import { byParent, readFileTree } from './tree.js';
import { addDocument, addVersion, closeFile, closeProcess, recordBlobs, reopen, today, type Author, type Content } from './write.js';

/**
 * The E-Akte for staff and API clients: every function checks the actor (deny by default) and
 * every read of an Akte, Vorgang or Dokument is written to the access log (record_access).
 */

function authorOf(actor: Actor): Author {
  if (actor.kind === 'staff') return { id: actor.accountId, name: actor.name, audit: auditActor(actor) };
  if (actor.kind === 'apiClient') return { id: null, name: `API ${actor.clientId}`, audit: auditActor(actor) };
  throw new ForbiddenError();
}

async function logAccess(
  db: Executor,
  ctx: AppContext,
  actor: Actor,
  object: { type: RecordObjectType; id: string; authorityId: string; fileId: string },
  purpose: string | null,
): Promise<void> {
  const author = authorOf(actor);
  await db
    .insertInto('record_access')
    .values({
      id: newId(),
      tenant_id: actor.tenantId,
      authority_id: object.authorityId,
      object_type: object.type,
      object_id: object.id,
      file_id: object.fileId,
      actor_id: author.id ?? author.audit.id ?? 'unknown',
      actor_name: author.name,
      purpose,
      created_at: ctx.clock.now().toISOString(),
    })
    .execute();
}

async function loadFile(ctx: AppContext, actor: Actor, id: string): Promise<RecordFile> {
  const row = await ctx.db.selectFrom('record_files').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row || !can(actor, 'records.read', { tenantId: row.tenant_id, authorityId: row.authority_id })) throw new NotFoundError();
  return toFile(row);
}

async function loadProcess(ctx: AppContext, actor: Actor, id: string): Promise<RecordProcess> {
  const row = await ctx.db.selectFrom('record_processes').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row || !can(actor, 'records.read', { tenantId: row.tenant_id, authorityId: row.authority_id })) throw new NotFoundError();
  return toProcess(row);
}

async function loadDocument(ctx: AppContext, actor: Actor, id: string): Promise<RecordDocument & { tenantId: string; authorityId: string }> {
  const row = await ctx.db.selectFrom('record_documents').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row || !can(actor, 'records.read', { tenantId: row.tenant_id, authorityId: row.authority_id })) throw new NotFoundError();
  return { ...toDocument(row), tenantId: row.tenant_id, authorityId: row.authority_id };
}

export interface FileView {
  file: RecordFile;
  unit: { kennzeichen: string; title: string };
  processes: (RecordProcess & { documents: (RecordDocument & { versions: DocumentVersion[] })[] })[];
  /** What happened to the Akte and everything in it, oldest first (from the audit chain). */
  history: { action: string; objectId: string; at: string; details: Record<string, unknown> }[];
}

/** An Akte with its tree of Vorgänge, Dokumente and versions; the read is logged. */
export async function getFile(ctx: AppContext, actor: Actor, id: string, purpose: string | null = null): Promise<FileView> {
  const file = await loadFile(ctx, actor, id);
  const { unit, processes, documents, versions } = await readFileTree(ctx.db, file.tenantId, file);
  await logAccess(ctx.db, ctx, actor, { type: 'file', id: file.id, authorityId: file.authorityId, fileId: file.id }, purpose);
  const objects = [file.id, ...processes.map((p) => p.id), ...documents.map((d) => d.id)];
  const history = await auditEntriesAbout(ctx.db, file.tenantId, {
    objectTypes: ['record_file', 'record_process', 'record_document'],
    objectIds: objects,
    actionPrefix: 'records.',
  });
  const documentsOf = byParent(documents, (d) => d.process_id);
  const versionsOf = byParent(versions, (v) => v.document_id);
  return {
    file,
    unit,
    history: history.map((h) => ({ action: h.action, objectId: h.objectId, at: h.createdAt, details: h.details })),
    processes: processes.map((p) => ({
      ...toProcess(p),
      documents: documentsOf(p.id).map((d) => ({ ...toDocument(d), versions: versionsOf(d.id).map(toVersion) })),
    })),
  };
}

export async function getProcess(ctx: AppContext, actor: Actor, id: string, purpose: string | null = null): Promise<RecordProcess & { documents: RecordDocument[] }> {
  const process = await loadProcess(ctx, actor, id);
  const documents = await ctx.db
    .selectFrom('record_documents')
    .selectAll()
    .where('tenant_id', '=', process.tenantId)
    .where('process_id', '=', process.id)
    .orderBy('number')
    .execute();
  await logAccess(ctx.db, ctx, actor, { type: 'process', id: process.id, authorityId: process.authorityId, fileId: process.fileId }, purpose);
  return { ...process, documents: documents.map(toDocument) };
}

/** A version's content (the current one without a number); the read is logged. */
export async function getDocumentContent(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version?: number,
  purpose: string | null = null,
): Promise<{ document: RecordDocument; version: DocumentVersion; bytes: Buffer }> {
  const document = await loadDocument(ctx, actor, id);
  const row = await ctx.db
    .selectFrom('record_document_versions')
    .selectAll()
    .where('tenant_id', '=', document.tenantId)
    .where('document_id', '=', id)
    .where('number', '=', version ?? document.currentVersion)
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  const bytes = await recordBlobs(ctx).get(row.sha256);
  await logAccess(ctx.db, ctx, actor, { type: 'document', id, authorityId: document.authorityId, fileId: document.fileId }, purpose);
  return { document, version: toVersion(row), bytes };
}

/** The Vorgang of a case, for the link from the case page (no content, so not logged); only for who may read the E-Akte there. */
export async function processOfCase(ctx: AppContext, actor: Actor, caseId: string): Promise<{ id: string; fileId: string; aktenzeichen: string } | undefined> {
  const row = await ctx.db
    .selectFrom('record_processes')
    .select(['id', 'file_id', 'aktenzeichen', 'authority_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!row || !can(actor, 'records.read', { tenantId: actor.tenantId, authorityId: row.authority_id })) return undefined;
  return { id: row.id, fileId: row.file_id, aktenzeichen: row.aktenzeichen };
}

const directions: readonly DocumentDirection[] = ['in', 'out', 'internal'];

/** The largest file filed by hand, as for Postfach uploads. */
export const maxUploadBytes = 10 * 1024 * 1024;

/**
 * An uploaded file's content, its type taken from its bytes (PDF, PNG, JPEG, text, CSV — never the
 * name or the client's claim), or the problem at `pointer`.
 */
async function uploadedContent(file: Upload['file'], pointer: string, errors: FieldError[]): Promise<Content | undefined> {
  if (!file || file.bytes.length === 0) {
    errors.push({ pointer, code: 'forms.required' });
    return undefined;
  }
  if (file.bytes.length > maxUploadBytes) {
    errors.push({ pointer, code: 'records.error.fileTooLarge', params: { max: maxUploadBytes / 1024 / 1024 } });
    return undefined;
  }
  const type = await sniffMediaType(file.bytes);
  if (!type) {
    errors.push({ pointer, code: 'records.error.fileType' });
    return undefined;
  }
  return contentOf(file.bytes, file.name.slice(0, 255) || 'dokument', type);
}

export interface Upload {
  title: string;
  kind?: string;
  direction: string;
  documentDate?: string;
  sender?: string;
  recipient?: string;
  file: { bytes: Buffer; name: string; type: string } | undefined;
}

function required(value: string | undefined, pointer: string, errors: FieldError[], max = 500): string {
  const text = (value ?? '').trim();
  if (!text) errors.push({ pointer, code: 'forms.required' });
  else if (text.length > max) errors.push({ pointer, code: 'forms.text.tooLong', params: { max } });
  return text;
}

async function fileInto(ctx: AppContext, actor: Actor, processId: string) {
  const process = await loadProcess(ctx, actor, processId);
  authorize(actor, 'records.file', { tenantId: process.tenantId, authorityId: process.authorityId });
  return process;
}

/** A case worker files a document by upload. */
export async function uploadDocument(ctx: AppContext, actor: Actor, processId: string, upload: Upload): Promise<RecordDocument> {
  const process = await fileInto(ctx, actor, processId);
  const errors: FieldError[] = [];
  const title = required(upload.title, '/title', errors);
  if (!directions.includes(upload.direction as DocumentDirection)) errors.push({ pointer: '/direction', code: 'forms.choice.invalid' });
  const date = upload.documentDate?.trim() || today(ctx);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.push({ pointer: '/documentDate', code: 'forms.date.invalid' });
  const content = await uploadedContent(upload.file, '/file', errors);
  if (errors.length) throw new ValidationError(errors);
  return inTransaction(ctx.db, (trx) =>
    addDocument(
      trx,
      ctx,
      process,
      {
        kind: upload.kind?.trim() || 'upload',
        direction: upload.direction as DocumentDirection,
        title,
        documentDate: date,
        sender: upload.sender?.trim() || null,
        recipient: upload.recipient?.trim() || null,
        content: content!,
      },
      authorOf(actor),
    ),
  );
}

/** A Vermerk: an internal note written into the Vorgang. */
export async function addVermerk(ctx: AppContext, actor: Actor, processId: string, input: { title: string; body: string }): Promise<RecordDocument> {
  const process = await fileInto(ctx, actor, processId);
  const errors: FieldError[] = [];
  const title = required(input.title, '/title', errors);
  const body = required(input.body, '/body', errors, 20_000);
  if (errors.length) throw new ValidationError(errors);
  const author = authorOf(actor);
  return inTransaction(ctx.db, (trx) =>
    addDocument(
      trx,
      ctx,
      process,
      { kind: 'vermerk', direction: 'internal', title, documentDate: today(ctx), sender: author.name, content: textContent(`${title}\n\n${body}`, 'vermerk.txt') },
      author,
    ),
  );
}

/** A case note the case worker marks for the file: filed once as a Vermerk of the case's Vorgang. */
export async function fileCaseNote(ctx: AppContext, actor: Actor, caseId: string, noteId: string): Promise<RecordDocument> {
  const process = await ctx.db.selectFrom('record_processes').select('id').where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).executeTakeFirst();
  const note = await caseNoteForFiling(ctx, actor.tenantId, caseId, noteId);
  if (!process || !note) throw new NotFoundError();
  const target = await fileInto(ctx, actor, process.id);
  return inTransaction(ctx.db, (trx) =>
    addDocument(
      trx,
      ctx,
      target,
      {
        kind: 'vermerk',
        direction: 'internal',
        title: 'Vermerk',
        documentDate: dateOf(new Date(note.createdAt)),
        sender: note.authorName,
        sourceKey: `note:${note.id}`,
        content: textContent(note.body, 'vermerk.txt'),
      },
      authorOf(actor),
    ),
  );
}

/** A new version of a document, with the reason it exists. */
export async function addDocumentVersion(ctx: AppContext, actor: Actor, documentId: string, input: { reason: string; file: Upload['file'] }): Promise<number> {
  const document = await loadDocument(ctx, actor, documentId);
  authorize(actor, 'records.file', { tenantId: document.tenantId, authorityId: document.authorityId });
  const errors: FieldError[] = [];
  const content = await uploadedContent(input.file, '/file', errors);
  if (errors.length) throw new ValidationError(errors);
  return inTransaction(ctx.db, (trx) => addVersion(trx, ctx, document, content!, input.reason ?? '', authorOf(actor)));
}

/** Moves a Vorgang into another open Akte of the same authority; audited with the reason. */
export async function moveProcess(ctx: AppContext, actor: Actor, processId: string, input: { targetFileId: string; reason: string }): Promise<RecordProcess> {
  const process = await fileInto(ctx, actor, processId);
  const errors: FieldError[] = [];
  const reason = required(input.reason, '/reason', errors);
  const target = await ctx.db
    .selectFrom('record_files')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', input.targetFileId ?? '')
    .where('authority_id', '=', process.authorityId)
    .executeTakeFirst();
  if (!target) errors.push({ pointer: '/targetFileId', code: 'records.error.noSuchFile' });
  else if (target.state !== 'open') errors.push({ pointer: '/targetFileId', code: 'records.error.fileClosed' });
  else if (target.id === process.fileId) errors.push({ pointer: '/targetFileId', code: 'records.error.sameFile' });
  if (process.state !== 'open') errors.push({ pointer: '/', code: 'records.error.processClosed' });
  if (errors.length) throw new ValidationError(errors);
  const author = authorOf(actor);
  return inTransaction(ctx.db, async (trx) => {
    const locked = await trx
      .updateTable('record_files')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', target!.id)
      .where('state', '=', 'open')
      .returning('aktenzeichen')
      .executeTakeFirst();
    if (!locked) throw new ValidationError([{ pointer: '/targetFileId', code: 'records.error.fileClosed' }]);
    const last = await trx
      .selectFrom('record_processes')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('file_id', '=', target!.id)
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const aktenzeichen = `${locked.aktenzeichen}-${number}`;
    const row = await trx
      .updateTable('record_processes')
      .set((eb) => ({ file_id: target!.id, number, aktenzeichen, version: eb('version', '+', 1), updated_at: ctx.clock.now().toISOString() }))
      .where('id', '=', process.id)
      .where('version', '=', process.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ValidationError([{ pointer: '/', code: 'error.conflict' }]);
    await trx.updateTable('record_documents').set({ file_id: target!.id }).where('process_id', '=', process.id).execute();
    await appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: author.audit,
      action: 'records.process.move',
      objectType: 'record_process',
      objectId: process.id,
      details: { from: process.fileId, fromAktenzeichen: process.aktenzeichen, to: target!.id, toAktenzeichen: aktenzeichen, reason },
    });
    return toProcess(row);
  });
}

/** zdA by hand: a Vorgang, or an Akte whose Vorgänge are all closed. */
export async function closeByHand(ctx: AppContext, actor: Actor, target: { type: 'file' | 'process'; id: string }): Promise<void> {
  if (target.type === 'process') {
    const process = await fileInto(ctx, actor, target.id);
    await inTransaction(ctx.db, (trx) => closeProcess(trx, ctx, process, authorOf(actor)));
    return;
  }
  const file = await loadFile(ctx, actor, target.id);
  authorize(actor, 'records.file', { tenantId: file.tenantId, authorityId: file.authorityId });
  await inTransaction(ctx.db, (trx) => closeFile(trx, ctx, file, authorOf(actor)));
}

/** Re-opening a closed Akte or Vorgang: only the Registratur, with a reason. */
export async function reopenByHand(ctx: AppContext, actor: Actor, target: { type: 'file' | 'process'; id: string }, reason: string): Promise<void> {
  const object = target.type === 'file' ? await loadFile(ctx, actor, target.id) : await loadProcess(ctx, actor, target.id);
  authorize(actor, 'records.manage', { tenantId: object.tenantId, authorityId: object.authorityId });
  const fileId = 'fileId' in object ? object.fileId : object.id;
  await inTransaction(ctx.db, (trx) => reopen(trx, ctx, { type: target.type, tenantId: object.tenantId, id: object.id, fileId }, reason ?? '', authorOf(actor)));
}

export interface AccessEntry {
  objectType: RecordObjectType;
  objectId: string;
  fileId: string;
  aktenzeichen: string;
  actorId: string;
  actorName: string;
  purpose: string | null;
  at: string;
}

/** Who read what: per Akte or per person, newest first, for the Registratur and the data-protection officer of the authority. */
export async function accessLog(ctx: AppContext, actor: Actor, query: { authorityId: string; fileId?: string; actorId?: string; limit?: number }): Promise<AccessEntry[]> {
  authorize(actor, 'records.accessLog', { tenantId: actor.tenantId, authorityId: query.authorityId });
  let select = ctx.db
    .selectFrom('record_access as a')
    .innerJoin('record_files as f', 'f.id', 'a.file_id')
    .select(['a.object_type', 'a.object_id', 'a.file_id', 'f.aktenzeichen', 'a.actor_id', 'a.actor_name', 'a.purpose', 'a.created_at'])
    .where('a.tenant_id', '=', actor.tenantId)
    .where('a.authority_id', '=', query.authorityId);
  if (query.fileId) select = select.where('a.file_id', '=', query.fileId);
  if (query.actorId) select = select.where('a.actor_id', '=', query.actorId);
  const rows = await select
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(Math.min(query.limit ?? 200, 1000))
    .execute();
  return rows.map((r) => ({
    objectType: r.object_type,
    objectId: r.object_id,
    fileId: r.file_id,
    aktenzeichen: r.aktenzeichen,
    actorId: r.actor_id,
    actorName: r.actor_name,
    purpose: r.purpose,
    at: r.created_at,
  }));
}

/** The access log of one Akte (the Akte itself is not read: the data-protection officer may see the log, not the content). */
export async function fileAccessLog(ctx: AppContext, actor: Actor, fileId: string): Promise<{ aktenzeichen: string; entries: AccessEntry[] }> {
  const row = await ctx.db.selectFrom('record_files').select(['authority_id', 'aktenzeichen']).where('tenant_id', '=', actor.tenantId).where('id', '=', fileId).executeTakeFirst();
  if (!row || !can(actor, 'records.accessLog', { tenantId: actor.tenantId, authorityId: row.authority_id })) throw new NotFoundError();
  return { aktenzeichen: row.aktenzeichen, entries: await accessLog(ctx, actor, { authorityId: row.authority_id, fileId }) };
}

/** The access log of one person at the authorities whose log the actor may read. */
export async function personAccessLog(ctx: AppContext, actor: Actor, personId: string): Promise<AccessEntry[]> {
  if (actor.kind !== 'staff') throw new ForbiddenError();
  const authorities = [
    ...new Set(
      actor.memberships.filter((m) => m.authorityId && can(actor, 'records.accessLog', { tenantId: actor.tenantId, authorityId: m.authorityId })).map((m) => m.authorityId!),
    ),
  ];
  if (authorities.length === 0) throw new ForbiddenError();
  const logs = await Promise.all(authorities.map((authorityId) => accessLog(ctx, actor, { authorityId, actorId: personId })));
  return logs.flat().sort((a, b) => b.at.localeCompare(a.at));
}

/** The Akte a Vorgang is in, by its case (for the link from the case page). */
export async function fileOfCase(ctx: AppContext, actor: Actor, caseId: string): Promise<{ fileId: string; processId: string }> {
  const found = await processOfCase(ctx, actor, caseId);
  if (!found) throw new NotFoundError('records.notFiled');
  return { fileId: found.fileId, processId: found.id };
}

/** An Akte of the authority by its Aktenzeichen (moving a Vorgang by hand names the target so). */
export async function fileIdByAktenzeichen(ctx: AppContext, actor: Actor, aktenzeichen: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('record_files')
    .select(['id', 'authority_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('aktenzeichen', '=', aktenzeichen.trim())
    .executeTakeFirst();
  return row && can(actor, 'records.read', { tenantId: actor.tenantId, authorityId: row.authority_id }) ? row.id : '';
}
