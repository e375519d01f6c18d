import { appendAudit, type AuditActor } from '../../../core/audit/index.js';
import type { AppContext } from '../../../core/context.js';
import { inTransaction } from '../../../core/db/index.js';
import { ValidationError } from '../../../core/errors.js';
import { authorityParty } from '../aussonderung/objects.js';
import { readXdomeaMessage, XdomeaMessageError, type MessageOf } from '../xdomea/index.js';
import type { RecordHandoverTable } from './tables.js';

/**
 * The DMS's answers to a 0401, however they arrive (upload, API, reply folder): the 0402
 * ImportBestaetigen and the 0403 EmpfangBestaetigen (a plain receipt of the package).
 */

const refused = (code: string, params?: Record<string, string | number>) =>
  new ValidationError([{ pointer: '/file', code: `records.abgabe.error.${code}`, ...(params ? { params } : {}) }]);

/** Writes the refusal to the audit chain (in its own transaction: the import changed nothing) and throws it. */
async function refuse(ctx: AppContext, importer: Importer, error: ValidationError, details: Record<string, unknown>): Promise<never> {
  await inTransaction(ctx.db, (trx) =>
    appendAudit(trx, ctx, {
      tenantId: importer.tenantId,
      actor: importer.audit,
      action: 'records.abgabe.refused',
      objectType: 'record_handover',
      objectId: typeof details.prozessId === 'string' ? details.prozessId : null,
      details: { code: error.fields[0]!.code, ...details },
    }),
  );
  throw error;
}

export interface ImportOutcome {
  prozessId: string;
  processId: string;
  aktenzeichen: string;
  /**
   * `confirmed`: the Vorgang is abgegeben; `failed`: the DMS reported that its import failed;
   * `received`: a 0403 — the DMS has the package (the hand-over's state is unchanged).
   */
  state: 'confirmed' | 'failed' | 'received';
}

/** Who imports a 0402: a records manager, or the reply-folder scan for the one hand-over it looks for. */
export interface Importer {
  tenantId: string;
  audit: AuditActor;
  mayImport(handover: RecordHandoverTable): boolean;
}

/**
 * Imports the DMS's 0402 ImportBestaetigen or 0403 EmpfangBestaetigen. A 0402's success for the Vorgang (or its Akte) marks the
 * Vorgang abgegeben; a reported failure puts the hand-over back into the failed list with the
 * DMS's messages, for a retry. A 0403 records when the DMS received the package (`received_at`) and
 * changes nothing else; it is refused for a hand-over not delivered yet and the second time. Invalid XDOMEA, an unknown ProzessID, a message addressed to
 * another authority, objects we did not send, and a second import are refused (422 with the
 * pointer `/file`, audited); nothing of a refused message is taken over.
 */
export async function importReply(ctx: AppContext, importer: Importer, bytes: Uint8Array): Promise<ImportOutcome> {
  let message: MessageOf<'0402' | '0403'>;
  try {
    message = await readXdomeaMessage(bytes, { accept: ['0402', '0403'] });
  } catch (error) {
    if (!(error instanceof XdomeaMessageError)) throw error;
    return refuse(ctx, importer, refused('invalidMessage', { reason: error.de }), { reason: error.code });
  }
  const prozessId = message.header.prozessId;
  const found = await ctx.db.selectFrom('record_handovers').selectAll().where('tenant_id', '=', importer.tenantId).where('id', '=', prozessId).executeTakeFirst();
  const handover = found && importer.mayImport(found) ? found : undefined;
  if (!handover) return refuse(ctx, importer, refused('unknownProcess', { prozessId }), { prozessId });
  const us = await authorityParty(ctx, handover.tenant_id, handover.authority_id);
  if (message.header.empfaenger.behoerdenschluessel?.code !== us.behoerdenschluessel?.code)
    return refuse(ctx, importer, refused('foreignMessage', { prozessId }), { prozessId, recipient: message.header.empfaenger.behoerdenschluessel?.code ?? null });
  if (message.code !== '0402') return importReceipt(ctx, importer, handover);
  if (handover.state === 'confirmed') return refuse(ctx, importer, refused('alreadyImported', { prozessId }), { prozessId });
  if (handover.state !== 'sent') return refuse(ctx, importer, refused('notSent', { prozessId }), { prozessId, state: handover.state });
  const sentIds = new Set([handover.process_id, handover.file_id]);
  const { ergebnisse } = message;
  const unknown = ergebnisse.map((r) => r.id).filter((id) => !sentIds.has(id));
  if (unknown.length) return refuse(ctx, importer, refused('unknownObjects', { ids: unknown.join(', ') }), { prozessId, ids: unknown });
  const failures = ergebnisse.filter((r) => !r.erfolgreich);
  const state = failures.length ? 'failed' : 'confirmed';
  const dmsError = failures.flatMap((r) => r.fehlermeldungen).join(' · ') || 'import failed';
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString();
    const updated = await trx
      .updateTable('record_handovers')
      .set(
        state === 'confirmed' ? { state, confirmed_at: now, last_error: null, updated_at: now } : { state, last_error: `DMS (0402): ${dmsError}`.slice(0, 1000), updated_at: now },
      )
      .where('id', '=', handover.id)
      .where('state', '=', 'sent')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw refused('alreadyImported', { prozessId });
    if (state === 'confirmed')
      await trx
        .updateTable('record_processes')
        .set({ handover_confirmed_at: now, updated_at: now })
        .where('tenant_id', '=', handover.tenant_id)
        .where('id', '=', handover.process_id)
        .execute();
    await appendAudit(trx, ctx, {
      tenantId: handover.tenant_id,
      actor: importer.audit,
      action: state === 'confirmed' ? 'records.abgabe.confirmed' : 'records.abgabe.rejected',
      objectType: 'record_process',
      objectId: handover.process_id,
      details: { prozessId, results: ergebnisse.map((r) => ({ id: r.id, ok: r.erfolgreich, errors: r.fehlermeldungen })) },
    });
  });
  return outcome(ctx, handover, state);
}

async function outcome(ctx: AppContext, handover: RecordHandoverTable, state: ImportOutcome['state']): Promise<ImportOutcome> {
  const process = await ctx.db
    .selectFrom('record_processes')
    .select('aktenzeichen')
    .where('tenant_id', '=', handover.tenant_id)
    .where('id', '=', handover.process_id)
    .executeTakeFirstOrThrow();
  return { prozessId: handover.id, processId: handover.process_id, aktenzeichen: process.aktenzeichen, state };
}

/** The 0403 of a delivered hand-over (sent, or already confirmed by its 0402): noted once, audited. */
async function importReceipt(ctx: AppContext, importer: Importer, handover: RecordHandoverTable): Promise<ImportOutcome> {
  const prozessId = handover.id;
  if (handover.received_at) return refuse(ctx, importer, refused('alreadyImported', { prozessId }), { prozessId, messageCode: '0403' });
  if (handover.state !== 'sent' && handover.state !== 'confirmed')
    return refuse(ctx, importer, refused('notSent', { prozessId }), { prozessId, state: handover.state, messageCode: '0403' });
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString();
    const updated = await trx
      .updateTable('record_handovers')
      .set({ received_at: now, updated_at: now })
      .where('id', '=', handover.id)
      .where('received_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw refused('alreadyImported', { prozessId });
    await appendAudit(trx, ctx, {
      tenantId: handover.tenant_id,
      actor: importer.audit,
      action: 'records.abgabe.received',
      objectType: 'record_process',
      objectId: handover.process_id,
      details: { prozessId },
    });
  });
  return outcome(ctx, handover, 'received');
}
