import type { Executor } from '../db/index.js';
import { startsWith } from '../db/like.js';

/** An audit entry as a module reads it back: the history it shows, or the proof that a change was recorded. */
export interface AuditRecord {
  chain: string;
  position: number;
  hash: string;
  action: string;
  objectType: string;
  objectId: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface AuditQuery {
  /** Required so that the index audit_log_object (object_type, object_id) finds the rows; without them the whole log is read. */
  objectTypes: readonly string[];
  objectIds: readonly string[];
  /** Only entries whose action starts with this, e.g. `records.`. */
  actionPrefix?: string;
}

/** The tenant's audit entries about these objects, in the order of its chain. */
export async function auditEntriesAbout(db: Executor, tenantId: string, query: AuditQuery): Promise<AuditRecord[]> {
  if (query.objectIds.length === 0 || query.objectTypes.length === 0) return [];
  let select = db
    .selectFrom('audit_log')
    .select(['chain', 'position', 'hash', 'action', 'object_type', 'object_id', 'details', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('object_type', 'in', query.objectTypes)
    .where('object_id', 'in', query.objectIds);
  if (query.actionPrefix) select = select.where((eb) => startsWith(eb.ref('action'), query.actionPrefix!));
  const rows = await select.orderBy('position').execute();
  return rows.map((row) => ({
    chain: row.chain,
    position: Number(row.position),
    hash: row.hash,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id!,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.created_at,
  }));
}
