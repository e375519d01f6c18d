import { sql } from 'kysely';
import type { Trx } from '../db/index.js';

/**
 * Moves the pending jobs of one type whose dedupe key starts with `dedupePrefix` (e.g. the
 * reminders of one duty, keyed `<duty>:<offset>`) to the time `runAtOf` gives for each key. Jobs
 * already running or done are left alone.
 */
export async function reschedulePendingJobs(trx: Trx, filter: { tenantId: string; type: string; dedupePrefix: string }, runAtOf: (dedupeKey: string) => Date): Promise<void> {
  const pending = await trx
    .selectFrom('outbox_jobs')
    .select(['id', 'dedupe_key'])
    .where('tenant_id', '=', filter.tenantId)
    .where('type', '=', filter.type)
    .where('status', '=', 'pending')
    .where(sql<string>`substr(dedupe_key, 1, ${filter.dedupePrefix.length})`, '=', filter.dedupePrefix)
    .execute();
  for (const job of pending)
    await trx
      .updateTable('outbox_jobs')
      .set({ run_at: runAtOf(job.dedupe_key!).toISOString() })
      .where('id', '=', job.id)
      .execute();
}
