import crypto from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import type { Clock } from '../clock.js';
import type { Db, DialectName, Trx } from '../db/index.js';
import { newId } from '../ids.js';
import type { AuditLogTable } from './table.js';

export { createAuditTables } from './table.js';

export type ActorType = 'account' | 'api-client' | 'system' | 'anonymous';

export interface AuditActor {
  type: ActorType;
  id: string | null;
}

export interface AuditEntry {
  tenantId: string | null;
  actor: AuditActor;
  /** Dotted verb, e.g. `account.login`, `case.assign`, `application.read`. */
  action: string;
  objectType: string;
  objectId: string | null;
  details?: Record<string, unknown>;
}

/** The chain's first entry links to this instead of a previous hash. */
const genesis = '0'.repeat(64);

function chainOf(tenantId: string | null): string {
  return tenantId ? `tenant:${tenantId}` : 'platform';
}

type HashedFields = Omit<AuditLogTable, 'hash'>;

/** The hash covers every field of the entry and the previous entry's hash. */
function hashEntry(fields: HashedFields): string {
  return crypto.createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

export interface AuditWriter {
  dialect: DialectName;
  clock: Clock;
}

/**
 * Appends an entry inside the caller's transaction, so the audit record commits together with the
 * change it describes. The chain head row is locked (FOR UPDATE on PostgreSQL; SQLite serialises
 * writers anyway), so concurrent writers cannot fork the chain.
 */
export async function appendAudit(trx: Trx, writer: AuditWriter, entry: AuditEntry): Promise<void> {
  const chain = chainOf(entry.tenantId);
  await trx.insertInto('audit_chain_heads').values({ chain, position: 0, hash: genesis }).onConflict((oc) => oc.column('chain').doNothing()).execute();
  let headQuery = trx.selectFrom('audit_chain_heads').select(['position', 'hash']).where('chain', '=', chain);
  if (writer.dialect === 'postgresql') headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirstOrThrow();
  const fields: HashedFields = {
    id: newId(),
    chain,
    position: Number(head.position) + 1,
    tenant_id: entry.tenantId,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    details: canonicalJson(entry.details ?? {}),
    created_at: writer.clock.now().toISOString(),
    prev_hash: head.hash,
  };
  const hash = hashEntry(fields);
  await trx.insertInto('audit_log').values({ ...fields, hash }).execute();
  await trx.updateTable('audit_chain_heads').set({ position: fields.position, hash }).where('chain', '=', chain).execute();
}

export interface AuditBreak {
  chain: string;
  position: number;
  entryId: string | null;
  problem: 'edited' | 'missing' | 'truncated';
}

export interface AuditVerification {
  entries: number;
  chains: number;
  breaks: AuditBreak[];
}

const batchSize = 2000;

/**
 * Walks every chain and recomputes each hash. An edited entry no longer matches its hash; a
 * deleted entry leaves a gap in the positions and a broken link; a deleted tail no longer reaches
 * the chain head. Reports the first break of each chain.
 */
export async function verifyAudit(db: Db): Promise<AuditVerification> {
  const heads = await db.selectFrom('audit_chain_heads').selectAll().orderBy('chain').execute();
  const result: AuditVerification = { entries: 0, chains: heads.length, breaks: [] };
  for (const head of heads) {
    let expectedPosition = 1;
    let previousHash = genesis;
    let broken: AuditBreak | undefined;
    for (let after = 0; !broken; ) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('chain', '=', head.chain)
        .where('position', '>', after)
        .orderBy('position')
        .limit(batchSize)
        .execute();
      for (const row of rows) {
        result.entries++;
        const position = Number(row.position);
        const { hash, ...fields } = row;
        if (position !== expectedPosition || row.prev_hash !== previousHash) {
          broken = { chain: head.chain, position: expectedPosition, entryId: null, problem: 'missing' };
        } else if (hashEntry({ ...fields, position }) !== hash) {
          broken = { chain: head.chain, position, entryId: row.id, problem: 'edited' };
        }
        if (broken) break;
        previousHash = hash;
        expectedPosition++;
      }
      if (rows.length < batchSize) break;
      after = Number(rows[rows.length - 1]!.position);
    }
    if (!broken && (expectedPosition - 1 !== Number(head.position) || previousHash !== head.hash)) {
      broken = { chain: head.chain, position: expectedPosition, entryId: null, problem: 'truncated' };
    }
    if (broken) result.breaks.push(broken);
  }
  return result;
}
