import { auditActor, can, type Actor } from '../../access/index.js';
import { appendAudit } from '../../../core/audit/index.js';
import type { AppContext } from '../../../core/context.js';
import { inTransaction } from '../../../core/db/index.js';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import type { JobHandler, JobInfo } from '../../../core/jobs/index.js';
import { recordBlobs } from '../files/write.js';
import { managedAuthorities } from '../aussonderung/service.js';
import { akteOf, authorityParty } from '../aussonderung/objects.js';
import { writeXdomeaPackage, XdomeaMessageError, type Party } from '../xdomea/index.js';
import { importReply, type ImportOutcome } from './confirm.js';
import { deliverPackage } from './deliver.js';
import { enqueueReplyScan, replyScanJobs } from './replies.js';
import { deliverJobType, enqueueDelivery, type DeliverPayload } from './queue.js';
import type { HandoverState, RecordHandoverTable } from './tables.js';

/**
 * The Abgabe (issue #12 item 6): an authority that keeps its E-Akte in an external DMS
 * (`record_settings.mode = xdomea-abgabe`) gets every closed Vorgang as an XDOMEA 0401 package in
 * the folder or at the endpoint of `handover_target`; the DMS answers with a 0402
 * ImportBestaetigen, which marks the Vorgang abgegeben. The records manager (`records.manage`) of
 * the authority sees what waits and what failed, retries, and imports the 0402. Deny by default.
 */

/** The DMS the package goes to: the authority's own E-Akte system, so the authority's key names it. */
function dmsParty(authority: Party): Party {
  return { ...authority, organisationseinheit: 'E-Akte (DMS)' };
}

function errorText(error: unknown): string {
  if (error instanceof XdomeaMessageError) return error.en;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : '';
  return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}${cause}`.slice(0, 1000);
}

/** Records the outcome of one delivery attempt, fenced: a worker that lost the job records nothing. */
async function record(
  ctx: AppContext,
  job: JobInfo,
  handover: RecordHandoverTable,
  round: number,
  outcome: { state: 'sent' | 'failed'; target: string | null; error?: string; sha256?: string; bytes?: number; fileName?: string },
): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    await job.fence(trx);
    const now = ctx.clock.now().toISOString();
    const updated = await trx
      .updateTable('record_handovers')
      .set((eb) => ({
        state: outcome.state,
        attempts: eb('attempts', '+', 1),
        last_error: outcome.error ?? null,
        target: outcome.target,
        updated_at: now,
        ...(outcome.state === 'sent' ? { sent_at: now, package_name: outcome.fileName!, package_sha256: outcome.sha256! } : {}),
      }))
      .where('id', '=', handover.id)
      .where('round', '=', round)
      .where('state', 'in', ['pending', 'failed'])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    if (outcome.state === 'sent') {
      await trx
        .updateTable('record_processes')
        .set({ handover_sent_at: now, updated_at: now })
        .where('tenant_id', '=', handover.tenant_id)
        .where('id', '=', handover.process_id)
        .execute();
      if (outcome.target?.startsWith('/')) await enqueueReplyScan(trx, ctx, { ...handover, round });
    }
    await appendAudit(trx, ctx, {
      tenantId: handover.tenant_id,
      actor: { type: 'system', id: null },
      action: outcome.state === 'sent' ? 'records.abgabe.sent' : 'records.abgabe.failed',
      objectType: 'record_process',
      objectId: handover.process_id,
      details: {
        prozessId: handover.id,
        target: outcome.target,
        ...(outcome.state === 'sent' ? { package: outcome.fileName, sha256: outcome.sha256, bytes: outcome.bytes } : { error: outcome.error }),
      },
    });
  });
}

/**
 * The delivery job: builds the 0401 (the Vorgang in its Akte, with every version's file from the
 * blob store, streamed) and delivers it. The ProzessID and the Erstellungszeitpunkt come from the
 * hand-over row written at zdA, so a retry — after an error or a crash between delivery and
 * commit — sends the same process again, never a second one. An error is recorded with the
 * hand-over and thrown, so the outbox tries again with backoff.
 */
async function deliverHandover(ctx: AppContext, { tenantId, handoverId, round }: DeliverPayload, job: JobInfo): Promise<void> {
  const handover = await ctx.db.selectFrom('record_handovers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', handoverId).executeTakeFirst();
  if (!handover || handover.round !== round || (handover.state !== 'pending' && handover.state !== 'failed')) return;
  const settings = await ctx.db
    .selectFrom('record_settings')
    .select(['handover_target'])
    .where('tenant_id', '=', tenantId)
    .where('authority_id', '=', handover.authority_id)
    .executeTakeFirst();
  const target = settings?.handover_target ?? null;
  try {
    if (!target) throw new Error('no hand-over target is configured for the authority (record settings)');
    const file = await ctx.db.selectFrom('record_files').selectAll().where('tenant_id', '=', tenantId).where('id', '=', handover.file_id).executeTakeFirstOrThrow();
    const us = await authorityParty(ctx, tenantId, handover.authority_id);
    const blobs = recordBlobs(ctx);
    const pkg = writeXdomeaPackage({
      code: '0401',
      header: { prozessId: handover.id, erstellungszeitpunkt: new Date(handover.created_at), absender: us, empfaenger: dmsParty(us) },
      objekte: (async function* () {
        yield await akteOf(ctx.db, file, blobs, handover.process_id);
      })(),
      empfangsbestaetigung: false,
    });
    await job.fence(); // right before the effect outside the database
    const delivered = await deliverPackage(pkg, target, handover.id);
    await record(ctx, job, handover, round, { state: 'sent', target, fileName: pkg.fileName, ...delivered });
  } catch (error) {
    await record(ctx, job, handover, round, { state: 'failed', target, error: errorText(error) });
    throw error;
  }
}

export const abgabeJobs: Record<string, JobHandler> = { [deliverJobType]: (ctx, payload: DeliverPayload, job) => deliverHandover(ctx, payload, job), ...replyScanJobs };

export interface HandoverView {
  /** The ProzessID. */
  id: string;
  processId: string;
  fileId: string;
  aktenzeichen: string;
  subject: string;
  state: Exclude<HandoverState, 'confirmed'>;
  attempts: number;
  lastError: string | null;
  target: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** Hand-overs of the actor's authorities that are not confirmed yet: waiting for delivery or the 0402, or failed. */
export async function openHandovers(ctx: AppContext, actor: Actor): Promise<HandoverView[]> {
  const authorities = managedAuthorities(actor);
  let query = ctx.db
    .selectFrom('record_handovers as h')
    .innerJoin('record_processes as p', 'p.id', 'h.process_id')
    .select(['h.id', 'h.process_id', 'h.file_id', 'p.aktenzeichen', 'p.subject', 'h.state', 'h.attempts', 'h.last_error', 'h.target', 'h.created_at', 'h.sent_at'])
    .where('h.tenant_id', '=', actor.tenantId)
    .where('h.state', '!=', 'confirmed')
    .orderBy('h.created_at')
    .orderBy('h.id');
  if (authorities !== 'all') query = query.where('h.authority_id', 'in', authorities);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    processId: r.process_id,
    fileId: r.file_id,
    aktenzeichen: r.aktenzeichen,
    subject: r.subject,
    state: r.state as HandoverView['state'],
    attempts: Number(r.attempts),
    lastError: r.last_error,
    target: r.target,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

async function loadManaged(ctx: AppContext, actor: Actor, id: string): Promise<RecordHandoverTable | undefined> {
  const row = await ctx.db.selectFrom('record_handovers').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  return row && can(actor, 'records.manage', { tenantId: row.tenant_id, authorityId: row.authority_id }) ? row : undefined;
}

/** A failed hand-over is tried again now, as a new round with the same ProzessID (audited); it is `pending` until delivered. */
export async function retryHandover(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const handover = await loadManaged(ctx, actor, id);
  if (!handover) throw new NotFoundError();
  if (handover.state !== 'failed') throw new ValidationError([{ pointer: '/', code: 'records.abgabe.error.notFailed' }]);
  await inTransaction(ctx.db, async (trx) => {
    const updated = await trx
      .updateTable('record_handovers')
      .set((eb) => ({ state: 'pending', round: eb('round', '+', 1), updated_at: ctx.clock.now().toISOString() }))
      .where('id', '=', handover.id)
      .where('round', '=', handover.round)
      .where('state', '=', 'failed')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ValidationError([{ pointer: '/', code: 'records.abgabe.error.notFailed' }]);
    await enqueueDelivery(trx, ctx, { tenantId: handover.tenant_id, handoverId: handover.id, round: handover.round + 1 });
    await appendAudit(trx, ctx, {
      tenantId: handover.tenant_id,
      actor: auditActor(actor),
      action: 'records.abgabe.retry',
      objectType: 'record_process',
      objectId: handover.process_id,
      details: { prozessId: handover.id, round: handover.round + 1, lastError: handover.last_error },
    });
  });
}

/**
 * Imports the DMS's 0402 ImportBestaetigen uploaded by a records manager (page or API); see
 * `importReply` for what it does and refuses.
 */
export async function importConfirmation(ctx: AppContext, actor: Actor, bytes: Uint8Array): Promise<ImportOutcome> {
  managedAuthorities(actor);
  return importReply(
    ctx,
    { tenantId: actor.tenantId, audit: auditActor(actor), mayImport: (h) => can(actor, 'records.manage', { tenantId: h.tenant_id, authorityId: h.authority_id }) },
    bytes,
  );
}
