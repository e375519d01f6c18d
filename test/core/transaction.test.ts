import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { inTransaction, type Trx } from '../../src/core/db/index.js';
import { enqueueJob, enqueueJobs } from '../../src/core/jobs/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

describe('transactions', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ seed: false });
  });
  after(() => runtime.dispose());

  const payloadsOf = async (type: string) => (await runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', type).execute()).map((r) => Number(r.payload)).sort((a, b) => a - b);

  // On SQLite these writes commit in groups, each in a savepoint; on PostgreSQL each is a transaction of its own. Either way each write stands alone.
  it('keeps concurrent writes apart: a failing one is rolled back alone, with its buffered rows, and the others commit', async () => {
    const writes = Array.from({ length: 12 }, (_, index) =>
      inTransaction(runtime.ctx.db, async (trx) => {
        await enqueueJob(trx, runtime.ctx, { type: 'grouped', payload: index });
        await enqueueJobs(trx, runtime.ctx, [{ type: 'grouped-buffered', payload: index }]);
        if (index % 4 === 3) throw new Error(`write ${index} failed`);
        return index * 10;
      }),
    );
    const results = await Promise.allSettled(writes);
    results.forEach((result, index) => {
      if (index % 4 === 3) assert.deepEqual(result, { status: 'rejected', reason: new Error(`write ${index} failed`) });
      else assert.deepEqual(result, { status: 'fulfilled', value: index * 10 });
    });
    const committed = [0, 1, 2, 4, 5, 6, 8, 9, 10];
    assert.deepEqual(await payloadsOf('grouped'), committed);
    assert.deepEqual(await payloadsOf('grouped-buffered'), committed);
  });

  it('writes nothing of a write whose commit fails; on SQLite nothing of its group either, and every write of the group hears of it', async () => {
    const sqlite = runtime.ctx.dialect === 'sqlite';
    const orphanRegion = (trx: Trx) => trx.insertInto('regions').values({ ags: '99', ars: '990000000000', name: 'Nirgendwo', level: 'land', designation: 'Land', parent_ags: 'missing' }).execute();
    const writes = Array.from({ length: 4 }, (_, index) =>
      inTransaction(runtime.ctx.db, async (trx) => {
        await enqueueJob(trx, runtime.ctx, { type: 'doomed', payload: index });
        if (index === 2) {
          // SQLite checks a deferred foreign key at the commit; PostgreSQL's (not deferrable) at once.
          if (sqlite) await sql`pragma defer_foreign_keys = on`.execute(trx);
          await orphanRegion(trx);
        }
      }),
    );
    const results = await Promise.allSettled(writes);
    const failed = results.map((result) => result.status === 'rejected' && /foreign key/i.test(String(result.reason)));
    assert.deepEqual(failed, sqlite ? [true, true, true, true] : [false, false, true, false]);
    assert.deepEqual(await payloadsOf('doomed'), sqlite ? [] : [0, 1, 3]);
    assert.equal((await runtime.ctx.db.selectFrom('regions').select('ags').where('ags', '=', '99').execute()).length, 0);
  });
});
