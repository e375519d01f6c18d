import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../../../core/context.js';
import { inTransaction, type Trx } from '../../../core/db/index.js';
import { ValidationError } from '../../../core/errors.js';
import { enqueueJob, type JobHandler, type JobInfo } from '../../../core/jobs/index.js';
import { importReply } from './confirm.js';
import type { RecordHandoverTable } from './tables.js';

/**
 * For folder targets, the DMS may answer in the same way: its 0402 as
 * `<ProzessID>_Abgabe.ImportBestaetigen.0402.xml` (or `.zip`) in the subfolder `antworten/` of the
 * delivery folder. After a delivery a job looks for the answer of that hand-over every
 * `scanIntervalMinutes` until the hand-over is no longer waiting, imports it as the records manager's
 * upload would (same checks, audited as the system) and renames the file to `….eingelesen`, or to
 * `….abgelehnt` when it is refused (the refusal is in the audit chain; the scan goes on).
 */

export const scanReplyJobType = 'records.abgabe.scanReply';
export const replyFolderName = 'antworten';
export const scanIntervalMinutes = 15;

interface ScanPayload {
  tenantId: string;
  handoverId: string;
  round: number;
  /** Counts the looks, so that every re-scheduled job has its own dedupe key. */
  look: number;
}

/** Queues the next look for the answer, in the caller's transaction. */
export async function enqueueReplyScan(trx: Trx, ctx: Pick<AppContext, 'clock'>, handover: Pick<RecordHandoverTable, 'tenant_id' | 'id' | 'round'>, look = 1): Promise<void> {
  const payload: ScanPayload = { tenantId: handover.tenant_id, handoverId: handover.id, round: handover.round, look };
  await enqueueJob(trx, ctx, {
    type: scanReplyJobType,
    tenantId: handover.tenant_id,
    payload,
    runAt: new Date(ctx.clock.now().getTime() + scanIntervalMinutes * 60_000),
    dedupeKey: `${scanReplyJobType}:${handover.id}:${handover.round}:${look}`,
  });
}

async function findReply(folder: string, prozessId: string): Promise<{ path: string; bytes: Buffer } | undefined> {
  for (const extension of ['xml', 'zip']) {
    const path = join(folder, replyFolderName, `${prozessId}_Abgabe.ImportBestaetigen.0402.${extension}`);
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (bytes) return { path, bytes };
  }
  return undefined;
}

async function scanReply(ctx: AppContext, payload: ScanPayload, job: JobInfo): Promise<void> {
  const handover = await ctx.db.selectFrom('record_handovers').selectAll().where('tenant_id', '=', payload.tenantId).where('id', '=', payload.handoverId).executeTakeFirst();
  if (handover?.state !== 'sent' || handover.round !== payload.round || !handover.target?.startsWith('/')) return;
  const reply = await findReply(handover.target, handover.id);
  if (reply) {
    try {
      await importReply(ctx, { tenantId: handover.tenant_id, audit: { type: 'system', id: null }, mayImport: (h) => h.id === handover.id }, reply.bytes);
      await rename(reply.path, `${reply.path}.eingelesen`);
      return;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await rename(reply.path, `${reply.path}.abgelehnt`);
    }
  }
  await inTransaction(ctx.db, async (trx) => {
    await job.fence(trx);
    await enqueueReplyScan(trx, ctx, handover, payload.look + 1);
  });
}

export const replyScanJobs: Record<string, JobHandler> = { [scanReplyJobType]: (ctx, payload: ScanPayload, job) => scanReply(ctx, payload, job) };
