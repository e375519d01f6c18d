import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import crypto from 'node:crypto';
import { commitBuffer, type CommitBuffer, type Executor, type Trx } from '../db/index.js';
import { newId } from '../ids.js';
import type { OutboxJobTable } from './table.js';

export { addJobLeaseToken, createJobsTable } from './table.js';
export { reschedulePendingJobs } from './reschedule.js';

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
  /** When the job was enqueued: the same on every attempt. */
  createdAt: string;
  /**
   * Renews this job's lease, in `executor` (the transaction that records the job's result) if
   * given, and throws `LeaseLostError` when the lease ran out and another worker took the job over
   * meanwhile: that transaction then rolls back, so a worker that lost its lease commits nothing.
   * Call it also right before an effect outside the database, such as sending a mail.
   */
  fence(executor?: Executor): Promise<void>;
}

/** The job's lease ran out and another worker took it over: this worker must not record anything. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(jobId: string) {
    super(`the lease of job ${jobId} was lost to another worker`);
  }
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
    lease_token: null,
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
  const inserted = await trx
    .insertInto('outbox_jobs')
    .values(jobRow(ctx, job))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
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
  /**
   * How long a claim lasts unless renewed: the worker renews it every third of this while it holds
   * jobs, so after a crash its jobs are due again this long after its last renewal.
   */
  leaseMilliseconds?: number;
  pollMilliseconds?: number;
  /** Jobs per claim. */
  batchSize?: number;
  /**
   * How many jobs run at once (default 1). Each of these lanes claims and runs its own batches, as
   * separate workers would, so the claims stay atomic and fenced exactly as between processes.
   * More than one pays where jobs wait (the disk's fsync, the database, an SMTP server); a job
   * that computes (a PDF) still holds the one event loop.
   */
  concurrency?: number;
}

/** What one claim took: the jobs and the token that proves they are still ours. */
interface Claim {
  token: string;
  jobs: OutboxJobTable[];
}

/**
 * Runs due outbox jobs. Several workers (processes or instances) may run at once: a job is claimed by
 * an atomic UPDATE (on PostgreSQL over rows locked with FOR UPDATE SKIP LOCKED), so no job runs twice
 * at the same time; a claim that outlives its lease (crashed worker) becomes claimable again, and
 * the claim's token fences the old worker out of recording anything for it.
 *
 * With the default concurrency of 1, jobs run one at a time, with a turn of the event loop between
 * them, so a worker inside the web process never holds back the requests for longer than one job
 * takes. `amtsweg worker` runs several at once (WORKER_CONCURRENCY).
 */
export class JobWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private polling = false;
  private stopping = false;
  private readonly lease: number;
  private readonly poll: number;
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    options: WorkerOptions = {},
  ) {
    this.lease = options.leaseMilliseconds ?? 30_000;
    this.poll = options.pollMilliseconds ?? 1000;
    this.batchSize = options.batchSize ?? 10;
    this.concurrency = options.concurrency ?? 1;
  }

  private leaseEnd(): string {
    return new Date(this.ctx.clock.now().getTime() + this.lease).toISOString();
  }

  private async claim(): Promise<Claim> {
    const { db, dialect, clock } = this.ctx;
    const now = clock.now().toISOString();
    const token = crypto.randomUUID();
    let due = db
      .selectFrom('outbox_jobs')
      .select('id')
      .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)])]))
      .orderBy('run_at')
      .orderBy('id') // ids grow with time: first in, first out among jobs due at the same moment
      .limit(this.batchSize);
    if (dialect === 'postgresql') due = due.forUpdate().skipLocked();
    const jobs = await db
      .updateTable('outbox_jobs')
      .set({ status: 'running', locked_until: this.leaseEnd(), lease_token: token, attempts: sql`attempts + 1` })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    // The UPDATE returns rows in no particular order; run them in the order they fell due.
    return { token, jobs: jobs.sort((a, b) => a.run_at.localeCompare(b.run_at) || a.id.localeCompare(b.id)) };
  }

  /** Extends the lease of every job of the claim that is still running under its token. */
  private async renew(token: string): Promise<void> {
    await this.ctx.db.updateTable('outbox_jobs').set({ locked_until: this.leaseEnd() }).where('lease_token', '=', token).where('status', '=', 'running').execute();
  }

  /** Extends one job's lease; false when another worker holds it now. */
  private async holds(job: OutboxJobTable, executor: Executor = this.ctx.db): Promise<boolean> {
    const renewed = await executor
      .updateTable('outbox_jobs')
      .set({ locked_until: this.leaseEnd() })
      .where('id', '=', job.id)
      .where('lease_token', '=', job.lease_token)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(renewed.numUpdatedRows) === 1;
  }

  private async finish(job: OutboxJobTable, error: unknown): Promise<void> {
    const now = this.ctx.clock.now();
    const message = error instanceof Error ? error.message : String(error);
    const exhausted = job.attempts >= job.max_attempts;
    const outcome =
      error === undefined
        ? { status: 'done' as const, finished_at: now.toISOString(), last_error: null }
        : {
            status: exhausted ? ('failed' as const) : ('pending' as const),
            last_error: message.slice(0, 2000),
            run_at: new Date(now.getTime() + backoffMilliseconds(job.attempts)).toISOString(),
            finished_at: exhausted ? now.toISOString() : null,
          };
    const recorded = await this.ctx.db
      .updateTable('outbox_jobs')
      .set({ ...outcome, locked_until: null, lease_token: null })
      .where('id', '=', job.id)
      .where('lease_token', '=', job.lease_token)
      .executeTakeFirst();
    if (Number(recorded.numUpdatedRows) !== 1) this.ctx.log.warn({ jobId: job.id, type: job.type }, 'job lease lost to another worker; its outcome is not recorded');
    else if (error !== undefined) this.ctx.log.warn({ jobId: job.id, type: job.type, attempt: job.attempts, exhausted }, 'job failed');
  }

  private async execute(job: OutboxJobTable): Promise<void> {
    const handler = this.handlers[job.type];
    const fence = async (executor?: Executor) => {
      if (!(await this.holds(job, executor))) throw new LeaseLostError(job.id);
    };
    let failure: unknown;
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler(this.ctx, JSON.parse(job.payload), { id: job.id, type: job.type, tenantId: job.tenant_id, attempts: job.attempts, createdAt: job.created_at, fence });
    } catch (error) {
      failure = error ?? new Error('job failed');
    }
    await this.finish(job, failure);
  }

  /** Hands claimed jobs that did not start back: due as they were, the claim not counted as an attempt. */
  private async giveBack(token: string, jobs: readonly OutboxJobTable[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.ctx.db
      .updateTable('outbox_jobs')
      .set({ status: 'pending', locked_until: null, lease_token: null, attempts: sql`attempts - 1` })
      .where('lease_token', '=', token)
      .where('status', '=', 'running')
      .where(
        'id',
        'in',
        jobs.map((job) => job.id),
      )
      .execute();
  }

  /** Runs one claim's jobs in order, keeping their lease; after `stop()` the unstarted ones go back. */
  private async runClaim({ token, jobs }: Claim): Promise<number> {
    const renewal = setInterval(() => {
      this.renew(token).catch((error: unknown) => this.ctx.log.error({ err: error }, 'renewing the job lease failed'));
    }, this.lease / 3).unref();
    try {
      for (const [index, job] of jobs.entries()) {
        if (this.stopping) {
          await this.giveBack(token, jobs.slice(index));
          return index;
        }
        await this.execute(job);
        // One job per turn of the event loop: requests waiting for I/O are served between jobs
        // (on SQLite a whole batch would otherwise run in one turn, its queries being synchronous).
        await new Promise((resolve) => setImmediate(resolve));
      }
      return jobs.length;
    } finally {
      clearInterval(renewal);
    }
  }

  /** One lane: claims and runs batches until one comes back short (nothing more is due) or the worker stops. */
  private async runLane(): Promise<number> {
    let total = 0;
    while (!this.stopping) {
      const claim = await this.claim();
      total += await this.runClaim(claim);
      if (claim.jobs.length < this.batchSize) break;
    }
    return total;
  }

  /** Claims and runs what is due now, once, in `concurrency` lanes; returns how many jobs ran. Tests and the loop use it. */
  async runDue(): Promise<number> {
    const lanes = await Promise.all(Array.from({ length: this.concurrency }, () => this.runLane()));
    return lanes.reduce((sum, ran) => sum + ran, 0);
  }

  start(): void {
    if (this.polling) return;
    this.polling = true;
    this.stopping = false;
    const tick = () => {
      this.running = this.runDue()
        .catch((error: unknown) => this.ctx.log.error({ err: error }, 'job worker tick failed'))
        .finally(() => {
          if (!this.stopping) this.timer = setTimeout(tick, this.poll);
        });
    };
    tick();
  }

  /**
   * Stops polling, lets the jobs in hand (one per lane) finish and gives the claimed jobs that have not started
   * back (they stay due for the next worker), so shutting down never waits for a backlog.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
