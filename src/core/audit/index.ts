import crypto from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import type { Clock } from '../clock.js';
import { commitBuffer, type CommitBuffer, type Db, type DialectName, type Trx } from '../db/index.js';
import { newId } from '../ids.js';
import type { AuditLogTable } from './table.js';

export { createAuditTables } from './table.js';
export { auditEntriesAbout, type AuditQuery, type AuditRecord } from './read.js';

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

type ChainHead = { position: number; hash: string };

/**
 * The last chain head each writer (an app context) appended or read, per chain: a guess, never
 * trusted. Appending with it is one UPDATE of the head row that moves it only if it
 * still is the head we know, plus the INSERT. Another process, a rolled back transaction or a
 * concurrent writer makes the guess stale; the UPDATE then changes nothing but returns the head it
 * found and locked, and the entries follow that one. So the chain stays correct across processes.
 */
const knownHeads = new WeakMap<AuditWriter, Map<string, ChainHead>>();

/** The entry following `head`, with its hash. */
function nextEntry(writer: AuditWriter, entry: AuditEntry, chain: string, head: ChainHead): AuditLogTable {
  const fields: HashedFields = {
    id: newId(),
    chain,
    position: head.position + 1,
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
  return { ...fields, hash: hashEntry(fields) };
}

/** The entries following `head` in order, each linked to the one before. */
function entriesAfter(writer: AuditWriter, entries: readonly AuditEntry[], chain: string, head: ChainHead): AuditLogTable[] {
  const rows: AuditLogTable[] = [];
  for (const entry of entries) rows.push(nextEntry(writer, entry, chain, rows.length ? rows[rows.length - 1]! : head));
  return rows;
}

/**
 * Moves the head from `from` to `to` if it still is `from`. Either way the statement locks the
 * head row (a WHERE on the old values would skip a row that a concurrent, not yet committed write
 * is moving: this one waits for it) and returns the head as it now is; undefined for a new chain.
 */
async function moveHeadIfAt(trx: Trx, chain: string, from: ChainHead, to: ChainHead): Promise<ChainHead | undefined> {
  const row = await trx
    .updateTable('audit_chain_heads')
    .set((eb) => {
      const stillFrom = eb.and([eb('position', '=', from.position), eb('hash', '=', from.hash)]);
      return {
        position: eb.case().when(stillFrom).then(eb.val(to.position)).else(eb.ref('position')).end(),
        hash: eb.case().when(stillFrom).then(eb.val(to.hash)).else(eb.ref('hash')).end(),
      };
    })
    .where('chain', '=', chain)
    .returning(['position', 'hash'])
    .executeTakeFirst();
  return row && { position: Number(row.position), hash: row.hash };
}

function setHead(trx: Trx, chain: string, head: ChainHead) {
  return trx.updateTable('audit_chain_heads').set({ position: head.position, hash: head.hash }).where('chain', '=', chain).execute();
}

/** The entries after the head this writer knows, or — when that guess is stale — after the head its UPDATE found (and locked). */
async function appendAfterKnownHead(trx: Trx, writer: AuditWriter, entries: readonly AuditEntry[], chain: string, known: ChainHead): Promise<AuditLogTable[] | undefined> {
  const guessed = entriesAfter(writer, entries, chain, known);
  const last = guessed[guessed.length - 1]!;
  const current = await moveHeadIfAt(trx, chain, known, last);
  if (!current) return undefined;
  if (current.position === last.position && current.hash === last.hash) return guessed;
  const rows = entriesAfter(writer, entries, chain, current);
  await setHead(trx, chain, rows[rows.length - 1]!);
  return rows;
}

/** Reads (and on PostgreSQL locks) the chain head, creating it for a new chain, and moves it past the entries. */
async function appendAfterReadingHead(trx: Trx, writer: AuditWriter, entries: readonly AuditEntry[], chain: string): Promise<AuditLogTable[]> {
  await trx
    .insertInto('audit_chain_heads')
    .values({ chain, position: 0, hash: genesis })
    .onConflict((oc) => oc.column('chain').doNothing())
    .execute();
  let headQuery = trx.selectFrom('audit_chain_heads').select(['position', 'hash']).where('chain', '=', chain);
  if (writer.dialect === 'postgresql') headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirstOrThrow();
  const rows = entriesAfter(writer, entries, chain, { position: Number(head.position), hash: head.hash });
  const last = rows[rows.length - 1]!;
  await setHead(trx, chain, last);
  return rows;
}

/**
 * Writes entries after their chains' heads. The chain head row is locked (by the UPDATE that moves
 * it, and FOR UPDATE when it is read on PostgreSQL; SQLite serialises writers anyway), so
 * concurrent writers cannot fork the chain. The entries of one chain move its head once and are
 * inserted in one statement.
 */
async function writeAudits(trx: Trx, writer: AuditWriter, entries: readonly AuditEntry[]): Promise<void> {
  let heads = knownHeads.get(writer);
  if (!heads) knownHeads.set(writer, (heads = new Map()));
  const byChain = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const chain = chainOf(entry.tenantId);
    byChain.set(chain, [...(byChain.get(chain) ?? []), entry]);
  }
  for (const [chain, group] of byChain) {
    const known = heads.get(chain);
    const rows = (known && (await appendAfterKnownHead(trx, writer, group, chain, known))) || (await appendAfterReadingHead(trx, writer, group, chain));
    await trx.insertInto('audit_log').values(rows).execute();
    const last = rows[rows.length - 1]!;
    heads.set(chain, { position: last.position, hash: last.hash });
  }
}

/** The entries of all steps of a transaction, written last before its commit. */
const auditTrail: CommitBuffer<{ writer: AuditWriter; entry: AuditEntry }> = {
  order: 1,
  async write(trx, items) {
    for (const writer of new Set(items.map((item) => item.writer))) {
      await writeAudits(
        trx,
        writer,
        items.filter((item) => item.writer === writer).map((item) => item.entry),
      );
    }
  },
};

/**
 * Appends entries inside the caller's transaction, so the audit record commits together with the
 * change it describes. Inside `inTransaction` every entry of the transaction is written at its end,
 * in the order appended: the chain head moves once, and on PostgreSQL stays locked only from there
 * to the commit.
 */
export async function appendAudits(trx: Trx, writer: AuditWriter, entries: readonly AuditEntry[]): Promise<void> {
  const pending = commitBuffer(trx, auditTrail);
  if (pending) pending.push(...entries.map((entry) => ({ writer, entry })));
  else await writeAudits(trx, writer, entries);
}

export function appendAudit(trx: Trx, writer: AuditWriter, entry: AuditEntry): Promise<void> {
  return appendAudits(trx, writer, [entry]);
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
      const rows = await db.selectFrom('audit_log').selectAll().where('chain', '=', head.chain).where('position', '>', after).orderBy('position').limit(batchSize).execute();
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
