import type { Executor } from '../../../core/db/index.js';
import type { RecordDocumentTable, RecordDocumentVersionTable, RecordProcessTable } from '../tables.js';

/** The rows of one Akte's tree: its plan unit, Vorgänge, Dokumente and every version, each in number order. */
export interface FileTreeRows {
  unit: { kennzeichen: string; title: string };
  processes: RecordProcessTable[];
  documents: RecordDocumentTable[];
  versions: RecordDocumentVersionTable[];
}

/**
 * Reads the tree of an Akte (the Akte page and the XDOMEA messages both build on it); scoped by
 * tenant. With `processId`, only that Vorgang's branch (the Abgabe of one closed Vorgang).
 */
export async function readFileTree(db: Executor, tenantId: string, file: { id: string; planUnitId: string }, processId?: string): Promise<FileTreeRows> {
  const [unit, processes, documents, versions] = await Promise.all([
    db.selectFrom('record_plan_units').select(['kennzeichen', 'title']).where('tenant_id', '=', tenantId).where('id', '=', file.planUnitId).executeTakeFirstOrThrow(),
    db
      .selectFrom('record_processes')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('file_id', '=', file.id)
      .$if(processId !== undefined, (q) => q.where('id', '=', processId!))
      .orderBy('number')
      .execute(),
    db
      .selectFrom('record_documents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('file_id', '=', file.id)
      .$if(processId !== undefined, (q) => q.where('process_id', '=', processId!))
      .orderBy('number')
      .execute(),
    db
      .selectFrom('record_document_versions as v')
      .innerJoin('record_documents as d', 'd.id', 'v.document_id')
      .selectAll('v')
      .where('d.tenant_id', '=', tenantId)
      .where('d.file_id', '=', file.id)
      .$if(processId !== undefined, (q) => q.where('d.process_id', '=', processId!))
      .orderBy('v.number')
      .execute(),
  ]);
  return { unit, processes, documents, versions };
}

/**
 * The rows by their parent's id, each list in the order read: building the tree by filtering all
 * Dokumente per Vorgang and all versions per Dokument costs n² for a large Akte.
 */
export function byParent<T>(rows: readonly T[], parentOf: (row: T) => string): (parentId: string) => T[] {
  const children = new Map<string, T[]>();
  for (const row of rows) {
    const list = children.get(parentOf(row));
    if (list) list.push(row);
    else children.set(parentOf(row), [row]);
  }
  return (parentId) => children.get(parentId) ?? [];
}
