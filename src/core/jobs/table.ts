import type { Kysely } from 'kysely';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface OutboxJobTable {
  id: string;
  tenant_id: string | null;
  type: string;
  /** JSON. */
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: string;
  /** While running: when the claim expires and another worker may take the job over. */
  locked_until: string | null;
  /**
   * While running: the claim's random token. Renewing the lease and recording the outcome require
   * it, so a worker whose lease ran out (and whose job another worker took over) changes nothing.
   */
  lease_token: string | null;
  last_error: string | null;
  /** Optional: a second enqueue with the same key is ignored (e.g. one reminder per deadline). */
  dedupe_key: string | null;
  created_at: string;
  finished_at: string | null;
}

declare module '../db/schema.js' {
  interface Tables {
    outbox_jobs: OutboxJobTable;
  }
}

export async function createJobsTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_jobs_due').on('outbox_jobs').columns(['status', 'run_at']).execute();
}

/** The fencing token of a claim (added after the table's first version). */
export async function addJobLeaseToken(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_jobs').addColumn('lease_token', 'text').execute();
}
