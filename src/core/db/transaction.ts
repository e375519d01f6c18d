import type { Db, Trx } from './schema.js';

/**
 * Runs one unit of work in a transaction. Every write goes through here so that the state change,
 * its audit entry and its outbox jobs commit together or not at all.
 */
export function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
