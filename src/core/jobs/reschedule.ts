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
  if (pending.length === 0) return;
  // One statement for all of them: a duty keeps a handful of reminders, each with its own time.
  const runAtById = sql.join(
    pending.map((job) => sql`when ${job.id} then ${runAtOf(job.dedupe_key!).toISOString()}`),
    sql` `,
  );
  await trx
    .updateTable('outbox_jobs')
    .set({ run_at: sql<string>`case id ${runAtById} end` })
    .where(
      'id',
      'in',
      pending.map((job) => job.id),
    )
    .execute();
}
