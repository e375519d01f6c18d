import type { Executor } from '../../../core/db/index.js';
import { indexDocument, indexSubject } from './terms.js';

const batch = 500;

/** Calls `work` for every row `load` gives, walking by id in batches (constant memory). */
async function walk<Row extends { id: string }>(load: (after: string) => Promise<Row[]>, work: (row: Row) => Promise<void>): Promise<void> {
  for (let after = ''; ; ) {
    const rows = await load(after);
    for (const row of rows) await work(row);
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * Indexes every Akte, Vorgang and Dokument: for the migration that brings the search to records
 * filed before it (and to rebuild `record_search_terms` should it ever be lost).
 */
export async function reindexAll(db: Executor): Promise<void> {
  for (const table of ['record_files', 'record_processes'] as const) {
    await walk(
      (after) => db.selectFrom(table).select(['id', 'tenant_id', 'subject']).where('id', '>', after).orderBy('id').limit(batch).execute(),
      (row) => indexSubject(db, row.tenant_id, row.id, row.subject),
    );
  }
  await walk(
    (after) => db.selectFrom('record_documents').select('id').where('id', '>', after).orderBy('id').limit(batch).execute(),
    (row) => indexDocument(db, row.id),
  );
}
