import type { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { ConflictError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { openBlobStore, type BlobStore } from '../../core/blobs/index.js';
import type { Field, FormDefinition } from '../forms/index.js';
import { auditActor, type Actor } from './access.js';
import { checkDraftOpen, expiryFrom, getOwnApplication } from './service.js';
import { saveDraftData } from './store.js';
import { mediaTypeAccepted, scanForViruses, sniffMediaType } from './uploads.js';
import { pointerTokens } from '../../core/json-pointer.js';

/**
 * Uploads into the blob store. The bytes are read from the request stream up to the field's limit
 * (reading stops as soon as it is exceeded), typed by their content, optionally scanned, stored
 * encrypted, and their metadata `{id, name, type, size, sha256}` added to the answers — file row,
 * blob row and answers in one transaction.
 */

type FileField = Extract<Field, { type: 'file' }>;

export interface UploadedFile {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
}

const stores = new WeakMap<AppContext, BlobStore>();

export function blobStoreOf(ctx: AppContext): BlobStore {
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = openBlobStore(ctx)));
  return store;
}

/** The file field a pointer such as `/sitePlan` or `/boreholes/0/log` names, or undefined. */
export function fileFieldAt(form: FormDefinition, pointer: string): FileField | undefined {
  let fields: readonly Field[] = form.pages.flatMap((page) => page.fields);
  let found: Field | undefined;
  for (const part of pointerTokens(pointer)) {
    if (/^\d+$/.test(part) && found?.type === 'repeat') continue;
    found = fields.find((field) => field.type !== 'help' && field.key === part);
    if (!found) return undefined;
    fields = found.type === 'group' || found.type === 'repeat' ? found.fields : [];
  }
  return found?.type === 'file' ? found : undefined;
}

/** Reads a stream into memory, giving up (and draining the rest) past `limit` bytes. */
export async function readLimited(stream: Readable, limit: number): Promise<Buffer | 'tooLarge'> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of stream) {
    if (tooLarge) continue;
    size += (chunk as Buffer).length;
    if (size > limit) tooLarge = true;
    else chunks.push(chunk as Buffer);
  }
  return tooLarge ? 'tooLarge' : Buffer.concat(chunks);
}

function listAt(data: Record<string, unknown>, pointer: string, create: boolean): unknown[] | undefined {
  const parts = pointerTokens(pointer);
  let container: Record<string, unknown> | unknown[] = data;
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    const current: unknown = (container as Record<string, unknown>)[part];
    if (last) {
      if (Array.isArray(current)) return current;
      if (!create) return undefined;
      const list: unknown[] = [];
      (container as Record<string, unknown>)[part] = list;
      return list;
    }
    if (current === null || typeof current !== 'object') {
      if (!create) return undefined;
      (container as Record<string, unknown>)[part] = {};
    }
    container = (container as Record<string, unknown>)[part] as Record<string, unknown>;
  }
  return undefined;
}

export interface FileInput {
  name: string;
  stream: Readable;
}

/** A safe display name: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return (
    base
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim()
      .slice(0, 200) || 'datei'
  );
}

export async function checkedUpload(
  ctx: AppContext,
  pointer: string,
  file: FileInput,
  limits: { maxBytes: number; accept: readonly string[] },
): Promise<{ bytes: Buffer; type: string }> {
  const refuse = (code: string, params: Record<string, string | number> = {}) => new ValidationError([{ pointer, code, params }]);
  const bytes = await readLimited(file.stream, limits.maxBytes);
  if (bytes === 'tooLarge') throw refuse('applications.upload.tooLarge', { max: Math.round(limits.maxBytes / 1024 / 1024) });
  if (bytes.length === 0) throw refuse('applications.upload.empty');
  const type = sniffMediaType(bytes);
  if (!type || !mediaTypeAccepted(type, limits.accept)) throw refuse('applications.upload.type', { accept: limits.accept.join(', ') });
  if (ctx.config.virusScanCommand) {
    const verdict = await scanForViruses(ctx.config.virusScanCommand, bytes);
    if (verdict !== 'clean') throw refuse(verdict === 'infected' ? 'applications.upload.infected' : 'applications.upload.scanFailed');
  }
  return { bytes, type };
}

/** An upload for a file question checked as for every applicant: the question exists, has room for one more, and takes this file. */
async function checkedFileAnswer(ctx: AppContext, form: FormDefinition, data: Record<string, unknown>, pointer: string, file: FileInput): Promise<{ bytes: Buffer; type: string }> {
  const field = fileFieldAt(form, pointer);
  if (!field) throw new ValidationError([{ pointer, code: 'applications.upload.noSuchField' }]);
  const existing = listAt(data, pointer, false)?.length ?? 0;
  if (existing >= field.maxCount) {
    file.stream.resume();
    throw new ValidationError([{ pointer, code: 'applications.upload.tooMany', params: { max: field.maxCount } }]);
  }
  return checkedUpload(ctx, pointer, file, { maxBytes: field.maxSizeMb * 1024 * 1024, accept: field.accept });
}

/**
 * The studio's preview: an upload checked like an applicant's and added to the answers by name,
 * size and SHA-256 only. Its bytes are dropped: nothing of a preview is stored.
 */
export async function addPreviewFile(ctx: AppContext, form: FormDefinition, data: Record<string, unknown>, pointer: string, file: FileInput): Promise<void> {
  const { bytes, type } = await checkedFileAnswer(ctx, form, data, pointer, file);
  const uploaded: UploadedFile = { id: newId(), name: cleanFileName(file.name), type, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  listAt(data, pointer, true)!.push(uploaded);
}

export async function addAttachment(ctx: AppContext, actor: Actor, applicationId: string, pointer: string, file: FileInput): Promise<UploadedFile> {
  const { application, version } = await getOwnApplication(ctx, actor, applicationId);
  checkDraftOpen(ctx, application);
  const { bytes, type } = await checkedFileAnswer(ctx, version.form, application.data, pointer, file);
  const now = ctx.clock.now();
  const stored = toStored(now);
  const uploaded: UploadedFile = { id: newId(), name: cleanFileName(file.name), type, size: bytes.length, sha256: '' };
  await inTransaction(ctx.db, async (trx) => {
    const blob = await blobStoreOf(ctx).put(bytes, type, trx);
    uploaded.sha256 = blob.sha256;
    const data = structuredClone(application.data);
    listAt(data, pointer, true)!.push({ ...uploaded });
    await trx
      .insertInto('application_attachments')
      .values({
        id: uploaded.id,
        tenant_id: application.tenantId,
        application_id: application.id,
        field: pointer,
        name: uploaded.name,
        content_type: type,
        size: bytes.length,
        sha256: blob.sha256,
        created_at: stored,
      })
      .execute();
    if (!(await saveDraftData(trx, ctx, application, { data, now: stored, expiresAt: expiryFrom(ctx, now) }))) throw new ConflictError('applications.changedMeanwhile');
    await appendAudit(trx, ctx, {
      tenantId: application.tenantId,
      actor: auditActor(actor),
      action: 'application.attach',
      objectType: 'application',
      objectId: application.id,
      details: { field: pointer, sha256: blob.sha256, size: bytes.length },
    });
  });
  return uploaded;
}

/** Removes one uploaded file from the answers (the blob stays: content-addressed, maybe shared). */
export async function removeAttachment(ctx: AppContext, actor: Actor, applicationId: string, attachmentId: string): Promise<void> {
  const { application } = await getOwnApplication(ctx, actor, applicationId);
  checkDraftOpen(ctx, application);
  const row = await ctx.db
    .selectFrom('application_attachments')
    .select(['field'])
    .where('tenant_id', '=', application.tenantId)
    .where('application_id', '=', application.id)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!row) return;
  const data = structuredClone(application.data);
  const list = listAt(data, row.field, false);
  if (list) {
    const index = list.findIndex((item) => (item as { id?: unknown }).id === attachmentId);
    if (index >= 0) list.splice(index, 1);
  }
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('application_attachments').where('tenant_id', '=', application.tenantId).where('id', '=', attachmentId).execute();
    if (!(await saveDraftData(trx, ctx, application, { data, now: toStored(now), expiresAt: expiryFrom(ctx, now) }))) throw new ConflictError('applications.changedMeanwhile');
  });
}

/** An attachment's bytes for its owner (or anyone allowed to read the application). */
export async function attachmentContent(
  ctx: AppContext,
  applicationTenantId: string,
  applicationId: string,
  sha256: string,
): Promise<{ bytes: Buffer; type: string; name: string } | undefined> {
  const row = await ctx.db
    .selectFrom('application_attachments')
    .select(['name', 'content_type'])
    .where('tenant_id', '=', applicationTenantId)
    .where('application_id', '=', applicationId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!row) return undefined;
  return { bytes: await blobStoreOf(ctx).get(sha256), type: row.content_type, name: row.name };
}
