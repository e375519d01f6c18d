import { auditActor, can, type Actor } from '../../access/index.js';
import { appendAudit } from '../../../core/audit/index.js';
import type { AppContext } from '../../../core/context.js';
import { inTransaction, type Trx } from '../../../core/db/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../../core/errors.js';
import { enqueueJob, type JobHandler } from '../../../core/jobs/index.js';
import { recordBlobs, today } from '../files/write.js';
import type { RecordDeletionTable, RecordFileTable } from '../tables.js';
import {
  messageElement,
  readXdomeaMessage,
  receiptFor,
  streamObjectMessage,
  writeXdomeaMessage,
  writeXdomeaPackage,
  XdomeaMessageError,
  type MessageOf,
  type XdomeaPackage,
} from '../xdomea/index.js';
import { deleteFile } from './delete.js';
import { akteOf, archivePartyOf, authorityParty } from './objects.js';
import type { RecordDisposalTable } from './tables.js';

/**
 * The Aussonderung (issue #12 item 5): Akten whose retention has ended are offered to the archive
 * (0501), the archive decides per Akte (0502: A keep, V destroy), the A Akten go to it as a 0503
 * package and are deleted once its 0506 confirms the import; V Akten are deleted with a second
 * records manager's approval. An Aussonderungssperre (legal hold) stops all of it. Everything is
 * for the records manager (`records.manage`) of the Akte's authority; deny by default.
 */

interface Person {
  /** Staff account id, or `api:<clientId>`: what the four-eyes rule compares. */
  id: string;
  name: string;
}

function personOf(actor: Actor): Person {
  if (actor.kind === 'staff') return { id: actor.accountId, name: actor.name };
  if (actor.kind === 'apiClient') return { id: `api:${actor.clientId}`, name: `API ${actor.clientId}` };
  throw new ForbiddenError();
}

const refused = (code: string, params?: Record<string, string | number>, pointer = '/file') =>
  new ValidationError([{ pointer, code: `records.aussonderung.error.${code}`, ...(params ? { params } : {}) }]);

async function loadManagedFile(ctx: AppContext, actor: Actor, fileId: string, db: AppContext['db'] | Trx = ctx.db): Promise<RecordFileTable> {
  const row = await db.selectFrom('record_files').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', fileId).executeTakeFirst();
  if (!row || !can(actor, 'records.manage', { tenantId: row.tenant_id, authorityId: row.authority_id })) throw new NotFoundError();
  return row;
}

async function loadDisposal(ctx: AppContext, actor: Actor, id: string): Promise<RecordDisposalTable> {
  const row = await ctx.db.selectFrom('record_disposals').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row || !can(actor, 'records.manage', { tenantId: row.tenant_id, authorityId: row.authority_id })) throw new NotFoundError();
  return row;
}

/** The authorities whose Akten the actor manages (`all` for a tenant-wide role); refused for anybody else. */
export function managedAuthorities(actor: Actor): string[] | 'all' {
  const scopes = actor.kind === 'staff' ? actor.memberships.map((m) => m.authorityId) : actor.kind === 'apiClient' ? [actor.authorityId] : [];
  const managed = scopes.filter(
    (authorityId) =>
      can(actor, 'records.manage', { tenantId: actor.tenantId, authorityId: authorityId ?? '' }) ||
      (authorityId === null && actor.kind === 'staff' && actor.memberships.some((m) => m.authorityId === null && m.role === 'recordsManager')),
  );
  if (!managed.length) throw new ForbiddenError();
  return managed.includes(null) ? 'all' : [...new Set(managed as string[])];
}

export interface DueFile {
  id: string;
  aktenzeichen: string;
  subject: string;
  closedOn: string | null;
  retentionEnd: string;
  disposal: string | null;
}

/**
 * Akten whose retention has ended (by the context's clock), not on hold and not yet in an
 * Aussonderung — and not handed over: an Akte all of whose Vorgänge went to the external DMS as an
 * Abgabe (whatever the hand-over's state) is led there, and its Aussonderung is the DMS's. An Akte
 * with some Vorgänge still led here stays in the list.
 */
export async function dueFiles(ctx: AppContext, actor: Actor): Promise<DueFile[]> {
  const authorities = managedAuthorities(actor);
  let query = ctx.db
    .selectFrom('record_files as f')
    .select(['f.id', 'f.aktenzeichen', 'f.subject', 'f.closed_on', 'f.retention_end', 'f.disposal'])
    .where('f.tenant_id', '=', actor.tenantId)
    .where('f.state', '=', 'closed')
    .where('f.disposition_state', '=', 'none')
    .where('f.hold_reason', 'is', null)
    .where('f.retention_end', '<', today(ctx))
    .where((eb) =>
      eb.or([
        eb.not(eb.exists(eb.selectFrom('record_handovers as h').select('h.id').where('h.tenant_id', '=', actor.tenantId).whereRef('h.file_id', '=', 'f.id'))),
        eb.exists(
          eb
            .selectFrom('record_processes as p')
            .select('p.id')
            .where('p.tenant_id', '=', actor.tenantId)
            .whereRef('p.file_id', '=', 'f.id')
            .where((inner) =>
              inner.not(inner.exists(inner.selectFrom('record_handovers as h').select('h.id').where('h.tenant_id', '=', actor.tenantId).whereRef('h.process_id', '=', 'p.id'))),
            ),
        ),
      ]),
    )
    .orderBy('f.retention_end')
    .orderBy('f.aktenzeichen');
  if (authorities !== 'all') query = query.where('f.authority_id', 'in', authorities);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, aktenzeichen: r.aktenzeichen, subject: r.subject, closedOn: r.closed_on, retentionEnd: r.retention_end!, disposal: r.disposal }));
}

export interface HeldFile {
  id: string;
  aktenzeichen: string;
  subject: string;
  reason: string;
  setAt: string;
  setBy: string;
}

/** Akten under an Aussonderungssperre. */
export async function heldFiles(ctx: AppContext, actor: Actor): Promise<HeldFile[]> {
  const authorities = managedAuthorities(actor);
  let query = ctx.db
    .selectFrom('record_files')
    .select(['id', 'aktenzeichen', 'subject', 'hold_reason', 'hold_set_at', 'hold_set_by'])
    .where('tenant_id', '=', actor.tenantId)
    .where('hold_reason', 'is not', null)
    .orderBy('aktenzeichen');
  if (authorities !== 'all') query = query.where('authority_id', 'in', authorities);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, aktenzeichen: r.aktenzeichen, subject: r.subject, reason: r.hold_reason!, setAt: r.hold_set_at!, setBy: r.hold_set_by! }));
}

/** Sets (with a reason) or lifts the Aussonderungssperre of an Akte; audited either way. */
export async function setHold(ctx: AppContext, actor: Actor, fileId: string, reason: string | null): Promise<void> {
  const file = await loadManagedFile(ctx, actor, fileId);
  const person = personOf(actor);
  const text = reason?.trim() ?? '';
  if (reason !== null && !text) throw refused('reasonRequired', undefined, '/reason');
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString();
    await trx
      .updateTable('record_files')
      .set(
        reason === null
          ? { hold_reason: null, hold_set_at: null, hold_set_by: null, updated_at: now }
          : { hold_reason: text, hold_set_at: now, hold_set_by: person.name, updated_at: now },
      )
      .where('id', '=', file.id)
      .execute();
    await appendAudit(trx, ctx, {
      tenantId: file.tenant_id,
      actor: auditActor(actor),
      action: reason === null ? 'records.aussonderung.holdLift' : 'records.aussonderung.holdSet',
      objectType: 'record_file',
      objectId: file.id,
      details: { aktenzeichen: file.aktenzeichen, ...(reason === null ? { previousReason: file.hold_reason } : { reason: text }) },
    });
  });
}

/**
 * Sets the Aussonderungssperre of the Akte named by its Aktenzeichen (the page's form): an unknown
 * Aktenzeichen or one of another authority and a missing reason are refused together, at their fields.
 */
export async function setHoldByAktenzeichen(ctx: AppContext, actor: Actor, aktenzeichen: string, reason: string): Promise<void> {
  managedAuthorities(actor);
  const number = aktenzeichen.trim();
  const row = number
    ? await ctx.db
        .selectFrom('record_files')
        .select(['id', 'tenant_id', 'authority_id'])
        .where('tenant_id', '=', actor.tenantId)
        .where('aktenzeichen', '=', number)
        .executeTakeFirst()
    : undefined;
  const managed = row && can(actor, 'records.manage', { tenantId: row.tenant_id, authorityId: row.authority_id });
  const errors: FieldError[] = [];
  if (!managed)
    errors.push(
      number
        ? { pointer: '/aktenzeichen', code: 'records.aussonderung.error.unknownFile', params: { aktenzeichen: number } }
        : { pointer: '/aktenzeichen', code: 'records.aussonderung.error.aktenzeichenRequired' },
    );
  if (!reason.trim()) errors.push({ pointer: '/reason', code: 'records.aussonderung.error.reasonRequired' });
  if (errors.length) throw new ValidationError(errors);
  await setHold(ctx, actor, row!.id, reason);
}

/**
 * Offers the chosen due Akten to the archive: writes the 0501 Anbieteverzeichnis, keeps it in the
 * blob store and marks the Akten offered, all in one transaction. Returns the process id.
 */
export async function offer(ctx: AppContext, actor: Actor, fileIds: readonly string[]): Promise<string> {
  const person = personOf(actor);
  managedAuthorities(actor);
  const unique = [...new Set(fileIds)];
  if (unique.length === 0) throw refused('nothingChosen', undefined, '/fileIds');
  const due = new Set((await dueFiles(ctx, actor)).map((f) => f.id));
  const files = await Promise.all(unique.map((id) => loadManagedFile(ctx, actor, id)));
  const notDue = files.filter((f) => !due.has(f.id));
  if (notDue.length) throw refused('notDue', { aktenzeichen: notDue.map((f) => f.aktenzeichen).join(', ') }, '/fileIds');
  const authorityId = files[0]!.authority_id;
  if (files.some((f) => f.authority_id !== authorityId)) throw refused('oneAuthority', undefined, '/fileIds');
  const empfaenger = await archivePartyOf(ctx, actor.tenantId);
  if (!empfaenger) throw refused('noArchive', undefined, '/fileIds');
  const prozessId = crypto.randomUUID();
  const absender = await authorityParty(ctx, actor.tenantId, authorityId);
  return inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now();
    const marked = await trx
      .updateTable('record_files')
      .set({ disposition_state: 'offered', updated_at: now.toISOString() })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', 'in', unique)
      .where('disposition_state', '=', 'none')
      .where('hold_reason', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== unique.length) throw new ConflictError();
    const header = { prozessId, erstellungszeitpunkt: now, absender, empfaenger };
    const objekte = await Promise.all(files.map((f) => akteOf(trx, f)));
    let xml = '';
    for await (const chunk of streamObjectMessage({ code: '0501', header, objekte, empfangsbestaetigung: true })) xml += chunk;
    const blob = await recordBlobs(ctx).put(Buffer.from(xml, 'utf8'), 'application/xml', trx);
    await trx
      .insertInto('record_disposals')
      .values({
        id: prozessId,
        tenant_id: actor.tenantId,
        authority_id: authorityId,
        offer_sha256: blob.sha256,
        created_by_id: person.id,
        created_by_name: person.name,
        created_at: now.toISOString(),
        appraised_at: null,
        exported_at: null,
        confirmed_at: null,
        receipts: '{}',
        appraisal_receipt_sha256: null,
      })
      .execute();
    await trx
      .insertInto('record_disposal_items')
      .values(
        unique.map((fileId) => ({
          disposal_id: prozessId,
          tenant_id: actor.tenantId,
          file_id: fileId,
          decision: null,
          destruction_requested_by: null,
          destruction_requested_by_name: null,
        })),
      )
      .execute();
    await appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: auditActor(actor),
      action: 'records.aussonderung.offer',
      objectType: 'record_disposal',
      objectId: prozessId,
      details: { files: files.map((f) => f.aktenzeichen), sha256: blob.sha256 },
    });
    return prozessId;
  });
}

/** A message's file name as XDOMEA names them: `<ProzessID>_<element>.xml`. */
const messageFileName = (prozessId: string, code: '0501' | '0505') => `${prozessId}_${messageElement(code)}.xml`;

/** The 0501 as sent, for download. */
export async function offerMessage(ctx: AppContext, actor: Actor, disposalId: string): Promise<{ fileName: string; xml: Buffer }> {
  const disposal = await loadDisposal(ctx, actor, disposalId);
  return { fileName: messageFileName(disposal.id, '0501'), xml: await recordBlobs(ctx).get(disposal.offer_sha256) };
}

/** The 0505 receipt written for the archive's 0502, for download; 404 when the 0502 asked for none (or has not arrived). */
export async function appraisalReceipt(ctx: AppContext, actor: Actor, disposalId: string): Promise<{ fileName: string; xml: Buffer }> {
  const disposal = await loadDisposal(ctx, actor, disposalId);
  if (!disposal.appraisal_receipt_sha256) throw new NotFoundError();
  return { fileName: messageFileName(disposal.id, '0505'), xml: await recordBlobs(ctx).get(disposal.appraisal_receipt_sha256) };
}

export interface DisposalView {
  id: string;
  createdAt: string;
  createdBy: string;
  appraisedAt: string | null;
  exportedAt: string | null;
  confirmedAt: string | null;
  receipts: Record<string, string>;
  /** Whether a 0505 receipt for the archive's 0502 is there to download. */
  appraisalReceipt: boolean;
  files: { id: string; aktenzeichen: string | null; decision: 'A' | 'V' | null; state: string; destructionRequestedBy: string | null }[];
}

/** Aussonderungen not finished yet (waiting for the archive or for a V approval), newest first. */
export async function openDisposals(ctx: AppContext, actor: Actor): Promise<DisposalView[]> {
  const authorities = managedAuthorities(actor);
  let query = ctx.db.selectFrom('record_disposals').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('created_at', 'desc');
  if (authorities !== 'all') query = query.where('authority_id', 'in', authorities);
  const disposals = await query.execute();
  if (!disposals.length) return [];
  const items = await ctx.db
    .selectFrom('record_disposal_items as i')
    .leftJoin('record_files as f', 'f.id', 'i.file_id')
    .select(['i.disposal_id', 'i.file_id', 'i.decision', 'i.destruction_requested_by_name', 'f.aktenzeichen', 'f.disposition_state'])
    .where('i.tenant_id', '=', actor.tenantId)
    .where(
      'i.disposal_id',
      'in',
      disposals.map((d) => d.id),
    )
    .execute();
  return disposals
    .map((d) => ({
      id: d.id,
      createdAt: d.created_at,
      createdBy: d.created_by_name,
      appraisedAt: d.appraised_at,
      exportedAt: d.exported_at,
      confirmedAt: d.confirmed_at,
      receipts: JSON.parse(d.receipts) as Record<string, string>,
      appraisalReceipt: d.appraisal_receipt_sha256 !== null,
      files: items
        .filter((i) => i.disposal_id === d.id)
        .map((i) => ({
          id: i.file_id,
          aktenzeichen: i.aktenzeichen,
          decision: i.decision,
          state: i.disposition_state ?? 'deleted',
          destructionRequestedBy: i.destruction_requested_by_name,
        })),
    }))
    .filter((d) => d.files.some((f) => f.state !== 'deleted'));
}

type Received = MessageOf<'0502' | '0504' | '0506' | '0507'>;

/** Writes the refusal to the audit chain (in its own transaction: the import itself changed nothing) and throws it. */
async function refuse(ctx: AppContext, actor: Actor, error: ValidationError, details: Record<string, unknown>): Promise<never> {
  await inTransaction(ctx.db, (trx) =>
    appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: auditActor(actor),
      action: 'records.aussonderung.refused',
      objectType: 'record_disposal',
      objectId: typeof details.prozessId === 'string' ? details.prozessId : null,
      details: { code: error.fields[0]!.code, ...details },
    }),
  );
  throw error;
}

/**
 * Imports a message from the archive: 0502 Bewertungsverzeichnis, 0506 import confirmation, or the
 * 0504/0507 receipts. Invalid, foreign or repeated messages and messages naming objects that are
 * not (or no longer) part of the process are refused as a whole, and the refusal is audited.
 */
export async function importArchiveMessage(ctx: AppContext, actor: Actor, bytes: Uint8Array): Promise<{ code: string; prozessId: string; deleted: number }> {
  personOf(actor);
  managedAuthorities(actor);
  let message: Received;
  try {
    message = await readXdomeaMessage(bytes, { accept: ['0502', '0504', '0506', '0507'] });
  } catch (error) {
    if (!(error instanceof XdomeaMessageError)) throw error;
    return refuse(ctx, actor, refused('invalidMessage', { reason: error.de }), { reason: error.code });
  }
  const prozessId = message.header.prozessId;
  const disposal = await ctx.db.selectFrom('record_disposals').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', prozessId).executeTakeFirst();
  const ours = disposal && can(actor, 'records.manage', { tenantId: disposal.tenant_id, authorityId: disposal.authority_id });
  const recipient = ours ? await authorityParty(ctx, disposal.tenant_id, disposal.authority_id) : undefined;
  if (!ours || message.header.empfaenger.behoerdenschluessel?.code !== recipient?.behoerdenschluessel?.code) {
    return refuse(ctx, actor, refused('foreignMessage', { prozessId }), { prozessId, messageCode: message.code });
  }
  switch (message.code) {
    case '0502':
      await importAppraisal(ctx, actor, disposal, message);
      return { code: message.code, prozessId, deleted: 0 };
    case '0506':
      return { code: message.code, prozessId, deleted: await importConfirmation(ctx, actor, disposal, message) };
    case '0504':
    case '0507':
      await importReceipt(ctx, actor, disposal, message.code);
      return { code: message.code, prozessId, deleted: 0 };
    default:
      // The reader accepts only the four codes above; its receipt type also spans 0302/0403/0505.
      return refuse(ctx, actor, refused('invalidMessage', { reason: message.code }), { prozessId, messageCode: message.code });
  }
}

async function deletedIds(ctx: AppContext, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await ctx.db.selectFrom('record_deletions').select('object_id').where('tenant_id', '=', tenantId).where('object_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.object_id));
}

/** The objects a message names that are not offered Akten of this process: already deleted ones first. */
async function checkNamed(ctx: AppContext, actor: Actor, disposal: RecordDisposalTable, ids: readonly string[], offered: Set<string>, code: string): Promise<void> {
  const strangers = ids.filter((id) => !offered.has(id));
  if (!strangers.length) return;
  const deleted = await deletedIds(ctx, disposal.tenant_id, strangers);
  const gone = strangers.filter((id) => deleted.has(id));
  if (gone.length) await refuse(ctx, actor, refused('alreadyDeleted', { ids: gone.join(', ') }), { prozessId: disposal.id, messageCode: code, ids: gone });
  await refuse(ctx, actor, refused('unknownObjects', { ids: strangers.join(', ') }), { prozessId: disposal.id, messageCode: code, ids: strangers });
}

async function importAppraisal(ctx: AppContext, actor: Actor, disposal: RecordDisposalTable, message: MessageOf<'0502'>): Promise<void> {
  if (disposal.appraised_at) await refuse(ctx, actor, refused('alreadyImported', { code: '0502' }), { prozessId: disposal.id, messageCode: '0502' });
  const items = await ctx.db.selectFrom('record_disposal_items').select(['file_id']).where('disposal_id', '=', disposal.id).execute();
  const offered = new Set(items.map((i) => i.file_id));
  await checkNamed(
    ctx,
    actor,
    disposal,
    message.bewertungen.map((b) => b.id),
    offered,
    '0502',
  );
  const undecided = message.bewertungen.filter((b) => b.aussonderungsart === 'B').map((b) => b.id);
  if (undecided.length) await refuse(ctx, actor, refused('notDecided', { ids: undecided.join(', ') }), { prozessId: disposal.id, messageCode: '0502', ids: undecided });
  const decided = new Set(message.bewertungen.map((b) => b.id));
  const missing = [...offered].filter((id) => !decided.has(id));
  if (missing.length) await refuse(ctx, actor, refused('notDecided', { ids: missing.join(', ') }), { prozessId: disposal.id, messageCode: '0502', ids: missing });
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString();
    // The archive asked for a receipt (Kopf/Empfangsbestaetigung): the 0505 is written and kept with the process.
    const receipt = message.empfangsbestaetigung
      ? await recordBlobs(ctx).put(Buffer.from(writeXdomeaMessage(receiptFor(message, ctx.clock.now())), 'utf8'), 'application/xml', trx)
      : null;
    const first = await trx
      .updateTable('record_disposals')
      .set({ appraised_at: now, appraisal_receipt_sha256: receipt?.sha256 ?? null })
      .where('id', '=', disposal.id)
      .where('appraised_at', 'is', null)
      .executeTakeFirst();
    if (Number(first.numUpdatedRows) !== 1) throw refused('alreadyImported', { code: '0502' });
    for (const b of message.bewertungen) {
      const decision = b.aussonderungsart as 'A' | 'V';
      await trx.updateTable('record_disposal_items').set({ decision }).where('disposal_id', '=', disposal.id).where('file_id', '=', b.id).execute();
      await trx
        .updateTable('record_files')
        .set({ archive_decision: decision, disposition_state: 'appraised', updated_at: now })
        .where('tenant_id', '=', disposal.tenant_id)
        .where('id', '=', b.id)
        .execute();
    }
    await appendAudit(trx, ctx, {
      tenantId: disposal.tenant_id,
      actor: auditActor(actor),
      action: 'records.aussonderung.appraisal',
      objectType: 'record_disposal',
      objectId: disposal.id,
      details: { decisions: Object.fromEntries(message.bewertungen.map((b) => [b.id, b.aussonderungsart])), receipt0505: receipt?.sha256 ?? null },
    });
  });
}

async function importReceipt(ctx: AppContext, actor: Actor, disposal: RecordDisposalTable, code: '0504' | '0507'): Promise<void> {
  const receipts = JSON.parse(disposal.receipts) as Record<string, string>;
  if (receipts[code]) await refuse(ctx, actor, refused('alreadyImported', { code }), { prozessId: disposal.id, messageCode: code });
  await inTransaction(ctx.db, async (trx) => {
    const updated = await trx
      .updateTable('record_disposals')
      .set({ receipts: JSON.stringify({ ...receipts, [code]: ctx.clock.now().toISOString() }) })
      .where('id', '=', disposal.id)
      .where('receipts', '=', disposal.receipts)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError();
    await appendAudit(trx, ctx, {
      tenantId: disposal.tenant_id,
      actor: auditActor(actor),
      action: 'records.aussonderung.receipt',
      objectType: 'record_disposal',
      objectId: disposal.id,
      details: { messageCode: code },
    });
  });
}

export const deleteArchivedJobType = 'records.deleteArchivedFile';

/**
 * 0506: the archive confirms per object. Confirmed Akten are marked archived (with the archive's
 * id) and a deletion job is queued for each in one transaction; each Akte is then deleted in its
 * own transaction — here at once, and by the job if this process stops before.
 */
async function importConfirmation(ctx: AppContext, actor: Actor, disposal: RecordDisposalTable, message: MessageOf<'0506'>): Promise<number> {
  if (disposal.confirmed_at) await refuse(ctx, actor, refused('alreadyImported', { code: '0506' }), { prozessId: disposal.id, messageCode: '0506' });
  const items = await ctx.db
    .selectFrom('record_disposal_items as i')
    .innerJoin('record_files as f', 'f.id', 'i.file_id')
    .select(['i.file_id', 'f.disposition_state', 'f.hold_reason'])
    .where('i.disposal_id', '=', disposal.id)
    .where('i.decision', '=', 'A')
    .execute();
  const exported = new Set(items.filter((i) => i.disposition_state === 'exported').map((i) => i.file_id));
  await checkNamed(
    ctx,
    actor,
    disposal,
    message.ergebnisse.map((r) => r.id),
    exported,
    '0506',
  );
  const confirmed = message.ergebnisse.filter((r) => r.erfolgreich);
  const held = items.filter((i) => i.hold_reason !== null && confirmed.some((r) => r.id === i.file_id)).map((i) => i.file_id);
  if (held.length) await refuse(ctx, actor, refused('onHold', { ids: held.join(', ') }), { prozessId: disposal.id, messageCode: '0506', ids: held });
  const person = personOf(actor);
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString();
    const first = await trx.updateTable('record_disposals').set({ confirmed_at: now }).where('id', '=', disposal.id).where('confirmed_at', 'is', null).executeTakeFirst();
    if (Number(first.numUpdatedRows) !== 1) throw refused('alreadyImported', { code: '0506' });
    for (const r of confirmed) {
      await trx
        .updateTable('record_files')
        .set({ disposition_state: 'archived', archive_id: r.archivkennung ?? null, updated_at: now })
        .where('tenant_id', '=', disposal.tenant_id)
        .where('id', '=', r.id)
        .execute();
      await enqueueJob(trx, ctx, {
        type: deleteArchivedJobType,
        tenantId: disposal.tenant_id,
        payload: { tenantId: disposal.tenant_id, fileId: r.id, by: person, audit: auditActor(actor) },
        dedupeKey: `${deleteArchivedJobType}:${r.id}`,
      });
    }
    await appendAudit(trx, ctx, {
      tenantId: disposal.tenant_id,
      actor: auditActor(actor),
      action: 'records.aussonderung.confirmation',
      objectType: 'record_disposal',
      objectId: disposal.id,
      details: { results: message.ergebnisse.map((r) => ({ id: r.id, ok: r.erfolgreich, archiveId: r.archivkennung ?? null, errors: r.fehlermeldungen })) },
    });
  });
  for (const r of confirmed) await deleteArchived(ctx, { tenantId: disposal.tenant_id, fileId: r.id, by: person, audit: auditActor(actor) });
  return confirmed.length;
}

interface DeleteArchivedPayload {
  tenantId: string;
  fileId: string;
  by: Person;
  audit: ReturnType<typeof auditActor>;
}

/** Deletes one Akte the archive confirmed; does nothing when it is gone already (the job repeats it safely). */
async function deleteArchived(ctx: AppContext, payload: DeleteArchivedPayload): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const file = await trx
      .selectFrom('record_files')
      .selectAll()
      .where('tenant_id', '=', payload.tenantId)
      .where('id', '=', payload.fileId)
      .where('disposition_state', '=', 'archived')
      .where('hold_reason', 'is', null)
      .executeTakeFirst();
    if (!file) return;
    await deleteFile(trx, ctx, file, { reason: 'archived', archiveId: file.archive_id, deletedBy: { id: payload.by.id, name: payload.by.name, audit: payload.audit } });
  });
}

export const archivedDeletionJobs: Record<string, JobHandler> = { [deleteArchivedJobType]: (ctx, payload: DeleteArchivedPayload) => deleteArchived(ctx, payload) };

/**
 * The 0503 Aussonderung package with the A Akten and their primary files, streamed. The Akten are
 * marked exported first; they stay until the archive's 0506 confirms them.
 */
export async function exportPackage(ctx: AppContext, actor: Actor, disposalId: string): Promise<XdomeaPackage> {
  const disposal = await loadDisposal(ctx, actor, disposalId);
  if (!disposal.appraised_at) throw refused('notAppraised', undefined, '/');
  if (disposal.confirmed_at) throw refused('alreadyConfirmed', undefined, '/');
  const files = await ctx.db
    .selectFrom('record_files as f')
    .innerJoin('record_disposal_items as i', 'i.file_id', 'f.id')
    .selectAll('f')
    .where('i.disposal_id', '=', disposal.id)
    .where('i.decision', '=', 'A')
    .where('f.disposition_state', 'in', ['appraised', 'exported'])
    .where('f.hold_reason', 'is', null)
    .orderBy('f.aktenzeichen')
    .execute();
  if (!files.length) throw refused('nothingToExport', undefined, '/');
  const empfaenger = await archivePartyOf(ctx, disposal.tenant_id);
  if (!empfaenger) throw refused('noArchive', undefined, '/');
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('record_files')
      .set({ disposition_state: 'exported', updated_at: now.toISOString() })
      .where('tenant_id', '=', disposal.tenant_id)
      .where(
        'id',
        'in',
        files.map((f) => f.id),
      )
      .where('disposition_state', 'in', ['appraised', 'exported'])
      .execute();
    await trx.updateTable('record_disposals').set({ exported_at: now.toISOString() }).where('id', '=', disposal.id).execute();
    await appendAudit(trx, ctx, {
      tenantId: disposal.tenant_id,
      actor: auditActor(actor),
      action: 'records.aussonderung.export',
      objectType: 'record_disposal',
      objectId: disposal.id,
      details: { files: files.map((f) => f.aktenzeichen) },
    });
  });
  const header = { prozessId: disposal.id, erstellungszeitpunkt: now, absender: await authorityParty(ctx, disposal.tenant_id, disposal.authority_id), empfaenger };
  const blobs = recordBlobs(ctx);
  // One Akte at a time: the package reads the next only when the previous one is written.
  async function* objekte() {
    for (const file of files) yield await akteOf(ctx.db, file, blobs);
  }
  return writeXdomeaPackage({ code: '0503', header, objekte: objekte(), rueckmeldungArchivkennung: true, empfangsbestaetigung: true });
}

async function loadDestroyable(ctx: AppContext, actor: Actor, fileId: string): Promise<RecordFileTable> {
  const file = await loadManagedFile(ctx, actor, fileId);
  if (file.archive_decision !== 'V' || file.disposition_state !== 'appraised') throw refused('notForDestruction', { aktenzeichen: file.aktenzeichen }, '/');
  if (file.hold_reason !== null) throw refused('onHold', { ids: file.aktenzeichen }, '/');
  return file;
}

/** First pair of eyes: a records manager asks to destroy an Akte the archive declined (V). */
export async function requestDestruction(ctx: AppContext, actor: Actor, fileId: string): Promise<void> {
  const file = await loadDestroyable(ctx, actor, fileId);
  const person = personOf(actor);
  await inTransaction(ctx.db, async (trx) => {
    const updated = await trx
      .updateTable('record_disposal_items')
      .set({ destruction_requested_by: person.id, destruction_requested_by_name: person.name })
      .where('tenant_id', '=', file.tenant_id)
      .where('file_id', '=', file.id)
      .where('decision', '=', 'V')
      .where('destruction_requested_by', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw refused('alreadyRequested', undefined, '/');
    await appendAudit(trx, ctx, {
      tenantId: file.tenant_id,
      actor: auditActor(actor),
      action: 'records.aussonderung.destructionRequest',
      objectType: 'record_file',
      objectId: file.id,
      details: { aktenzeichen: file.aktenzeichen },
    });
  });
}

/** Second pair of eyes: another records manager approves, and the Akte is deleted in the same transaction. */
export async function approveDestruction(ctx: AppContext, actor: Actor, fileId: string): Promise<void> {
  const file = await loadDestroyable(ctx, actor, fileId);
  const person = personOf(actor);
  await inTransaction(ctx.db, async (trx) => {
    const item = await trx
      .selectFrom('record_disposal_items')
      .select(['destruction_requested_by', 'destruction_requested_by_name'])
      .where('tenant_id', '=', file.tenant_id)
      .where('file_id', '=', file.id)
      .where('decision', '=', 'V')
      .executeTakeFirst();
    if (!item?.destruction_requested_by) throw refused('notRequested', undefined, '/');
    if (item.destruction_requested_by === person.id) throw refused('ownApproval', undefined, '/');
    const current = await trx
      .selectFrom('record_files')
      .selectAll()
      .where('id', '=', file.id)
      .where('disposition_state', '=', 'appraised')
      .where('hold_reason', 'is', null)
      .executeTakeFirst();
    if (!current) throw new ConflictError();
    await deleteFile(trx, ctx, current, {
      reason: 'destroyed',
      archiveId: null,
      deletedBy: { id: item.destruction_requested_by, name: item.destruction_requested_by_name!, audit: auditActor(actor) },
      approvedBy: person,
    });
  });
}

/** The Löschprotokoll of the actor's authority, newest first. */
export async function deletionLog(ctx: AppContext, actor: Actor): Promise<RecordDeletionTable[]> {
  const authorities = managedAuthorities(actor);
  let query = ctx.db.selectFrom('record_deletions').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('deleted_at', 'desc').orderBy('aktenzeichen');
  if (authorities !== 'all') query = query.where('authority_id', 'in', authorities);
  return query.execute();
}
