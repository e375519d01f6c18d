import type { Kysely } from 'kysely';

export interface AuditLogTable {
  id: string;
  /** One hash chain per tenant (`tenant:<id>`), plus `platform` for actions outside any tenant. */
  chain: string;
  position: number;
  tenant_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  /** Canonical JSON. */
  details: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

/** The newest entry of each chain; locking this row serialises appends to one chain. */
export interface AuditChainHeadTable {
  chain: string;
  position: number;
  hash: string;
}

declare module '../db/schema.js' {
  interface Tables {
    audit_log: AuditLogTable;
    audit_chain_heads: AuditChainHeadTable;
  }
}

export async function createAuditTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_log_chain_position', ['chain', 'position'])
    .execute();
  await db.schema.createIndex('audit_log_object').on('audit_log').columns(['object_type', 'object_id']).execute();
  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('chain', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}
