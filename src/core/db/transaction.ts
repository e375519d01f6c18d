import { sql } from 'kysely';
import type { Db, Trx } from './schema.js';

/**
 * Rows that several steps of one write add to the same table — audit entries, outbox jobs — are
 * collected and written once at the end of the transaction, right before its commit: a submission
 * opening three cases inserts its jobs and audit entries in one statement each, not one per step.
 * Buffered rows are not visible to reads inside the same transaction.
 */
export interface CommitBuffer<Item> {
  /** Buffers are written in ascending order (the audit chain last: PostgreSQL then locks its head only until the commit). */
  order: number;
  write(trx: Trx, items: Item[]): Promise<void>;
}

const openBuffers = new WeakMap<Trx, Map<CommitBuffer<never>, unknown[]>>();

/**
 * The transaction's pending items of `buffer`, to push to; undefined when `trx` is not a
 * transaction of `inTransaction` (or it is already being committed): the caller then writes at once.
 */
export function commitBuffer<Item>(trx: Trx, buffer: CommitBuffer<Item>): Item[] | undefined {
  const buffers = openBuffers.get(trx);
  if (!buffers) return undefined;
  let items = buffers.get(buffer);
  if (!items) buffers.set(buffer, (items = []));
  return items as Item[];
}

/** Runs the work with its commit buffers, then writes them. */
async function withCommitBuffers<T>(trx: Trx, work: (trx: Trx) => Promise<T>): Promise<T> {
  const buffers = new Map<CommitBuffer<never>, unknown[]>();
  openBuffers.set(trx, buffers);
  try {
    const result = await work(trx);
    openBuffers.delete(trx); // what the writes below add is written at once
    for (const [buffer, items] of [...buffers].sort(([a], [b]) => a.order - b.order)) await buffer.write(trx, items as never[]);
    return result;
  } finally {
    openBuffers.delete(trx);
  }
}

interface QueuedWork {
  work: (trx: Trx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { queued: QueuedWork; ok: true; value: unknown } | { queued: QueuedWork; ok: false; error: unknown };

/**
 * Group commit for SQLite. SQLite has one writer and we have one connection: a write that
 * arrives while another runs waits for it anyway. The waiting writes run one after another in one
 * database transaction, each in a savepoint of its own (a failing one is rolled back alone and
 * gets its error), and commit together; each caller hears of its write only after that commit.
 * One commit instead of many matters because a commit writes every page its transaction
 * changed to the WAL: a submission changes about 90 pages (tables and their indexes), and
 * consecutive writes change mostly the same ones (the newest keys, the same authorities' inbox
 * entries), so a group writes a fraction of the pages its writes would one by one.
 */
class GroupCommitter {
  private readonly queue: QueuedWork[] = [];
  private draining = false;

  constructor(
    private readonly db: Db,
    /** Bounds how long the first write of a group and readers waiting for the connection wait. */
    private readonly maxGroupSize: number,
  ) {}

  run<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      const outcomes: Outcome[] = [];
      let running: QueuedWork | undefined;
      try {
        await this.db.transaction().execute(async (trx) => {
          // Writes queued while earlier ones of the group ran join it, up to the bound.
          while (this.queue.length > 0 && outcomes.length < this.maxGroupSize) {
            running = this.queue.shift()!;
            outcomes.push(await runInSavepoint(trx, running));
            running = undefined;
          }
        });
      } catch (error) {
        // The commit or a savepoint statement failed (SQLite may have rolled back the whole
        // transaction, e.g. on a full disk): nothing of the group was written.
        for (const outcome of outcomes) outcome.queued.reject(outcome.ok ? error : outcome.error);
        running?.reject(error);
        continue;
      }
      for (const outcome of outcomes) {
        if (outcome.ok) outcome.queued.resolve(outcome.value);
        else outcome.queued.reject(outcome.error);
      }
    }
    this.draining = false;
  }
}

async function runInSavepoint(trx: Trx, queued: QueuedWork): Promise<Outcome> {
  await sql`savepoint grouped_write`.execute(trx);
  try {
    const value = await withCommitBuffers(trx, queued.work);
    await sql`release savepoint grouped_write`.execute(trx);
    return { queued, ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint grouped_write`.execute(trx);
    await sql`release savepoint grouped_write`.execute(trx);
    return { queued, ok: false, error };
  }
}

const groupCommitters = new WeakMap<Db, GroupCommitter>();

/** Lets the writes of an SQLite database commit in groups (see GroupCommitter). */
export function commitInGroups(db: Db, maxGroupSize = 8): void {
  groupCommitters.set(db, new GroupCommitter(db, maxGroupSize));
}

/**
 * Runs one unit of work in a transaction. Every write goes through here so that the state change,
 * its audit entry and its outbox jobs commit together or not at all. The work must use `trx` for
 * every query until it returns (on SQLite a query through `db` would wait for this transaction).
 */
export function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  const group = groupCommitters.get(db);
  if (group) return group.run(work);
  return db.transaction().execute((trx) => withCommitBuffers(trx, work));
}
