import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appendAudit, appendAudits, verifyAudit, type AuditEntry } from '../../src/core/audit/index.js';
import { inTransaction } from '../../src/core/db/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

function entry(index: number, tenantId: string | null = 'tenant-a'): AuditEntry {
  return {
    tenantId,
    actor: { type: 'account', id: `user-${index % 3}` },
    action: 'case.assign',
    objectType: 'case',
    objectId: `case-${index}`,
    details: { index, note: 'Straße' },
  };
}

describe('audit log', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ seed: false });
  });
  after(() => runtime.dispose());

  const append = (e: AuditEntry) => inTransaction(runtime.ctx.db, (trx) => appendAudit(trx, runtime.ctx, e));

  it('chains entries per tenant and verifies an untouched log', async () => {
    for (let i = 1; i <= 5; i++) await append(entry(i));
    await append(entry(6, null));
    const report = await verifyAudit(runtime.ctx.db);
    assert.equal(report.entries, 6);
    assert.equal(report.chains, 2);
    assert.deepEqual(report.breaks, []);
    const rows = await runtime.ctx.db.selectFrom('audit_log').select(['position', 'prev_hash', 'hash']).where('chain', '=', 'tenant:tenant-a').orderBy('position').execute();
    assert.deepEqual(
      rows.map((r) => Number(r.position)),
      [1, 2, 3, 4, 5],
    );
    assert.equal(rows[1]!.prev_hash, rows[0]!.hash);
  });

  it('keeps a consistent chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(entry(100 + i, 'tenant-b'))));
    const report = await verifyAudit(runtime.ctx.db);
    assert.deepEqual(report.breaks, []);
    const count = await runtime.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chain', '=', 'tenant:tenant-b')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 20);
  });

  it('loses the entry when the surrounding transaction rolls back', async () => {
    const before = await verifyAudit(runtime.ctx.db);
    await assert.rejects(
      inTransaction(runtime.ctx.db, async (trx) => {
        await appendAudit(trx, runtime.ctx, entry(999));
        throw new Error('business write failed');
      }),
    );
    const afterwards = await verifyAudit(runtime.ctx.db);
    assert.equal(afterwards.entries, before.entries);
    assert.deepEqual(afterwards.breaks, []);
  });

  it('stays one chain when another process appended meanwhile or an append rolled back (the head a writer knows is only a guess)', async () => {
    const otherProcess = { ...runtime.ctx }; // another writer: its own knowledge of the head
    const appendAs = (writer: typeof runtime.ctx, e: AuditEntry) => inTransaction(runtime.ctx.db, (trx) => appendAudit(trx, writer, e));
    await appendAs(runtime.ctx, entry(1, 'tenant-c'));
    await appendAs(otherProcess, entry(2, 'tenant-c'));
    await appendAs(runtime.ctx, entry(3, 'tenant-c'));
    await assert.rejects(
      inTransaction(runtime.ctx.db, async (trx) => {
        await appendAudit(trx, runtime.ctx, entry(4, 'tenant-c'));
        throw new Error('business write failed');
      }),
    );
    await appendAs(runtime.ctx, entry(5, 'tenant-c'));
    await appendAs(otherProcess, entry(6, 'tenant-c'));
    assert.deepEqual((await verifyAudit(runtime.ctx.db)).breaks, []);
    const rows = await runtime.ctx.db.selectFrom('audit_log').select(['position', 'object_id']).where('chain', '=', 'tenant:tenant-c').orderBy('position').execute();
    assert.deepEqual(
      rows.map((r) => [Number(r.position), r.object_id]),
      [
        [1, 'case-1'],
        [2, 'case-2'],
        [3, 'case-3'],
        [4, 'case-5'],
        [5, 'case-6'],
      ],
    );
  });

  it('appends the entries of one write in order, per chain, also after another writer moved the head', async () => {
    const otherProcess = { ...runtime.ctx };
    const appendAllAs = (writer: typeof runtime.ctx, entries: AuditEntry[]) => inTransaction(runtime.ctx.db, (trx) => appendAudits(trx, writer, entries));
    await appendAllAs(runtime.ctx, [entry(1, 'tenant-d'), entry(2, 'tenant-d'), entry(3, 'tenant-e')]);
    await appendAllAs(otherProcess, [entry(4, 'tenant-d')]);
    await appendAllAs(runtime.ctx, [entry(5, 'tenant-d'), entry(6, 'tenant-d'), entry(7, 'tenant-e')]);
    assert.deepEqual((await verifyAudit(runtime.ctx.db)).breaks, []);
    const positions = async (chain: string) =>
      (await runtime.ctx.db.selectFrom('audit_log').select(['position', 'object_id']).where('chain', '=', chain).orderBy('position').execute()).map((r) => [
        Number(r.position),
        r.object_id,
      ]);
    assert.deepEqual(await positions('tenant:tenant-d'), [
      [1, 'case-1'],
      [2, 'case-2'],
      [3, 'case-4'],
      [4, 'case-5'],
      [5, 'case-6'],
    ]);
    assert.deepEqual(await positions('tenant:tenant-e'), [
      [1, 'case-3'],
      [2, 'case-7'],
    ]);
  });

  it('writes the entries of all steps of a transaction at its end, in the order appended, moving the head once', async () => {
    const seenInside: number[] = [];
    await inTransaction(runtime.ctx.db, async (trx) => {
      await appendAudit(trx, runtime.ctx, entry(1, 'tenant-f'));
      await appendAudits(trx, runtime.ctx, [entry(2, 'tenant-f'), entry(3, 'tenant-g')]);
      const inside = await trx.selectFrom('audit_log').select('id').where('chain', 'in', ['tenant:tenant-f', 'tenant:tenant-g']).execute();
      seenInside.push(inside.length);
      await appendAudit(trx, runtime.ctx, entry(4, 'tenant-f'));
    });
    assert.deepEqual(seenInside, [0], 'nothing written before the end of the transaction');
    const positions = async (chain: string) =>
      (await runtime.ctx.db.selectFrom('audit_log').select(['position', 'object_id']).where('chain', '=', chain).orderBy('position').execute()).map((r) => [
        Number(r.position),
        r.object_id,
      ]);
    assert.deepEqual(await positions('tenant:tenant-f'), [
      [1, 'case-1'],
      [2, 'case-2'],
      [3, 'case-4'],
    ]);
    assert.deepEqual(await positions('tenant:tenant-g'), [[1, 'case-3']]);
    assert.deepEqual((await verifyAudit(runtime.ctx.db)).breaks, []);
  });

  it('detects an edited entry and names it', async () => {
    const victim = await runtime.ctx.db
      .selectFrom('audit_log')
      .select(['id', 'position'])
      .where('chain', '=', 'tenant:tenant-a')
      .where('position', '=', 3)
      .executeTakeFirstOrThrow();
    await runtime.ctx.db.updateTable('audit_log').set({ actor_id: 'someone-else' }).where('id', '=', victim.id).execute();
    const report = await verifyAudit(runtime.ctx.db);
    assert.deepEqual(report.breaks, [{ chain: 'tenant:tenant-a', position: 3, entryId: victim.id, problem: 'edited' }]);
  });

  it('detects a deleted entry in the middle and a deleted tail', async () => {
    const fresh = await createTestRuntime({ seed: false });
    try {
      for (let i = 1; i <= 4; i++) await inTransaction(fresh.ctx.db, (trx) => appendAudit(trx, fresh.ctx, entry(i, 'x')));
      await inTransaction(fresh.ctx.db, (trx) => appendAudit(trx, fresh.ctx, entry(5, 'y')));
      await fresh.ctx.db.deleteFrom('audit_log').where('chain', '=', 'tenant:x').where('position', '=', 2).execute();
      await fresh.ctx.db.deleteFrom('audit_log').where('chain', '=', 'tenant:y').execute();
      const report = await verifyAudit(fresh.ctx.db);
      assert.deepEqual(
        report.breaks.map((b) => [b.chain, b.position, b.problem]),
        [
          ['tenant:x', 2, 'missing'],
          ['tenant:y', 1, 'truncated'],
        ],
      );
    } finally {
      await fresh.dispose();
    }
  });
});
