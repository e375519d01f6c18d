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

/**
 * Runs one unit of work in a transaction. Every write goes through here so that the state change,
 * its audit entry and its outbox jobs commit together or not at all.
 */
export function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const buffers = new Map<CommitBuffer<never>, unknown[]>();
    openBuffers.set(trx, buffers);
    const result = await work(trx);
    openBuffers.delete(trx); // what the writes below add is written at once
    for (const [buffer, items] of [...buffers].sort(([a], [b]) => a.order - b.order)) await buffer.write(trx, items as never[]);
    return result;
  });
}
