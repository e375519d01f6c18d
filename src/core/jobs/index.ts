import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { commitBuffer, type CommitBuffer, type Trx } from '../db/index.js';
import { newId } from '../ids.js';
import type { OutboxJobTable } from './table.js';

export { createJobsTable } from './table.js';

export interface NewJob {
  type: string;
  payload: unknown;
  tenantId?: string | null;
  /** Not before this time (default: now). */
  runAt?: Date;
  maxAttempts?: number;
  dedupeKey?: string;
}

export interface JobInfo {
  id: string;
  type: string;
  tenantId: string | null;
  attempts: number;
}

/** Does the work of one job. Must be safe to run again: a crash after the work and before the commit repeats it. */
export type JobHandler = (ctx: AppContext, payload: any, job: JobInfo) => Promise<void>;

function jobRow(ctx: Pick<AppContext, 'clock'>, job: NewJob): OutboxJobTable {
  const now = ctx.clock.now();
  return {
    id: newId(),
    tenant_id: job.tenantId ?? null,
    type: job.type,
    payload: JSON.stringify(job.payload ?? null),
    status: 'pending',
    attempts: 0,
    max_attempts: job.maxAttempts ?? 8,
    run_at: (job.runAt ?? now).toISOString(),
    locked_until: null,
    last_error: null,
    dedupe_key: job.dedupeKey ?? null,
    created_at: now.toISOString(),
    finished_at: null,
  };
}

/**
 * Records a job in the caller's transaction (the transactional outbox): it exists if and only if the
 * change that caused it committed. Returns the job id, or null when the dedupe key was already used.
 */
export async function enqueueJob(trx: Trx, ctx: Pick<AppContext, 'clock'>, job: NewJob): Promise<string | null> {
  const inserted = await trx.insertInto('outbox_jobs').values(jobRow(ctx, job)).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
  return inserted?.id ?? null;
}

/** Rows per INSERT: far below SQLite's and PostgreSQL's limits on bound parameters. */
const rowsPerInsert = 500;

async function insertJobs(trx: Trx, rows: OutboxJobTable[]): Promise<void> {
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    await trx
      .insertInto('outbox_jobs')
      .values(rows.slice(start, start + rowsPerInsert))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }
}

/** The jobs of all steps of a transaction, inserted together before its commit. */
const outbox: CommitBuffer<OutboxJobTable> = { order: 0, write: insertJobs };

/**
 * Records jobs in the caller's transaction like `enqueueJob`, without their ids: inside
 * `inTransaction` together with the transaction's other jobs in one INSERT before the commit (so a
 * read in the same transaction does not see them yet). A used dedupe key skips its job.
 */
export async function enqueueJobs(trx: Trx, ctx: Pick<AppContext, 'clock'>, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((job) => jobRow(ctx, job));
  const pending = commitBuffer(trx, outbox);
  if (pending) pending.push(...rows);
  else await insertJobs(trx, rows);
}

/** Exponential backoff with jitter: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffMilliseconds(attempt: number, random = Math.random): number {
  const base = Math.min(10_000 * 2 ** (attempt - 1), 3_600_000);
  return Math.round(base * (0.75 + random() * 0.5));
}

export interface WorkerOptions {
  /** How long a claimed job is ours before another worker may assume we crashed. */
  leaseMilliseconds?: number;
  pollMilliseconds?: number;
  batchSize?: number;
}

/**
 * Runs due outbox jobs. Several workers (processes or instances) may run at once: a job is claimed by
 * an atomic UPDATE (on PostgreSQL over rows locked with FOR UPDATE SKIP LOCKED), so no job runs twice
 * at the same time; a claim that outlives its lease (crashed worker) becomes claimable again.
 */
export class JobWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;
  private readonly lease: number;
  private readonly poll: number;
  private readonly batchSize: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    options: WorkerOptions = {},
  ) {
    this.lease = options.leaseMilliseconds ?? 5 * 60_000;
    this.poll = options.pollMilliseconds ?? 1000;
    this.batchSize = options.batchSize ?? 10;
  }

  private async claim(): Promise<OutboxJobTable[]> {
    const { db, dialect, clock } = this.ctx;
    const now = clock.now().toISOString();
    const lockedUntil = new Date(clock.now().getTime() + this.lease).toISOString();
    let due = db
      .selectFrom('outbox_jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(this.batchSize);
    if (dialect === 'postgresql') due = due.forUpdate().skipLocked();
    return db
      .updateTable('outbox_jobs')
      .set({ status: 'running', locked_until: lockedUntil, attempts: sql`attempts + 1` })
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }

  private async finish(job: OutboxJobTable, error: unknown): Promise<void> {
    const now = this.ctx.clock.now();
    if (error === undefined) {
      await this.ctx.db
        .updateTable('outbox_jobs')
        .set({ status: 'done', locked_until: null, finished_at: now.toISOString(), last_error: null })
        .where('id', '=', job.id)
        .execute();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const exhausted = job.attempts >= job.max_attempts;
    this.ctx.log.warn({ jobId: job.id, type: job.type, attempt: job.attempts, exhausted }, 'job failed');
    await this.ctx.db
      .updateTable('outbox_jobs')
      .set({
        status: exhausted ? 'failed' : 'pending',
        locked_until: null,
        last_error: message.slice(0, 2000),
        run_at: new Date(now.getTime() + backoffMilliseconds(job.attempts)).toISOString(),
        finished_at: exhausted ? now.toISOString() : null,
      })
      .where('id', '=', job.id)
      .execute();
  }

  private async execute(job: OutboxJobTable): Promise<void> {
    const handler = this.handlers[job.type];
    let failure: unknown;
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler(this.ctx, JSON.parse(job.payload), { id: job.id, type: job.type, tenantId: job.tenant_id, attempts: job.attempts });
    } catch (error) {
      failure = error ?? new Error('job failed');
    }
    await this.finish(job, failure);
  }

  /** Claims and runs what is due now, once; returns how many jobs ran. Tests and the loop use it. */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await this.claim();
      for (const job of jobs) await this.execute(job);
      total += jobs.length;
      if (jobs.length < this.batchSize) return total;
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      this.running = this.runDue()
        .catch((error: unknown) => this.ctx.log.error({ err: error }, 'job worker tick failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.poll);
        });
    };
    tick();
  }

  /** Stops polling and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
