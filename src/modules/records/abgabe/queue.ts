import type { AppContext } from '../../../core/context.js';
import type { Trx } from '../../../core/db/index.js';
import { ConflictError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { enqueueJob } from '../../../core/jobs/index.js';
import './tables.js';

/**
 * The Abgabe's hooks into the E-Akte's writes (kept apart from the service so that `files/write.ts`
 * can call them without importing the package and delivery code).
 */

export const deliverJobType = 'records.abgabe.deliver';

export interface DeliverPayload {
  tenantId: string;
  handoverId: string;
  round: number;
}

/** How often the outbox tries one round of delivery before the hand-over waits for a retry by hand. */
const deliveryAttempts = 6;

/** Queues the delivery of one round of a hand-over, in the caller's transaction. */
export async function enqueueDelivery(trx: Trx, ctx: Pick<AppContext, 'clock'>, payload: DeliverPayload): Promise<void> {
  await enqueueJob(trx, ctx, {
    type: deliverJobType,
    tenantId: payload.tenantId,
    payload,
    maxAttempts: deliveryAttempts,
    dedupeKey: `${deliverJobType}:${payload.handoverId}:${payload.round}`,
  });
}

/**
 * At zdA of a Vorgang, in the zdA transaction: when its authority keeps the E-Akte in an external
 * DMS (`record_settings.mode = xdomea-abgabe`), the hand-over process is recorded with its
 * ProzessID and the delivery job is queued. A Vorgang is handed over once (unique per Vorgang).
 */
export async function queueHandover(trx: Trx, ctx: AppContext, process: { tenantId: string; authorityId: string; id: string; fileId: string }): Promise<void> {
  const settings = await trx
    .selectFrom('record_settings')
    .select('mode')
    .where('tenant_id', '=', process.tenantId)
    .where('authority_id', '=', process.authorityId)
    .executeTakeFirst();
  if (settings?.mode !== 'xdomea-abgabe') return;
  const now = ctx.clock.now().toISOString();
  const id = newId();
  const inserted = await trx
    .insertInto('record_handovers')
    .values({
      id,
      tenant_id: process.tenantId,
      authority_id: process.authorityId,
      process_id: process.id,
      file_id: process.fileId,
      state: 'pending',
      round: 1,
      attempts: 0,
      last_error: null,
      target: null,
      package_name: null,
      package_sha256: null,
      created_at: now,
      sent_at: null,
      confirmed_at: null,
      received_at: null,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'process_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) await enqueueDelivery(trx, ctx, { tenantId: process.tenantId, handoverId: id, round: 1 });
}

/** A Vorgang that went (or is going) to the external DMS is kept there: it is not re-opened here. */
export async function refuseIfHandedOver(trx: Trx, tenantId: string, processId: string): Promise<void> {
  const handover = await trx.selectFrom('record_handovers').select('id').where('tenant_id', '=', tenantId).where('process_id', '=', processId).executeTakeFirst();
  if (handover) throw new ConflictError('records.abgabe.error.handedOver');
}
