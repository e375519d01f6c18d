import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/core/db/index.js';
import { enqueueJob, enqueueJobs } from '../../src/core/jobs/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

describe('transactions', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ seed: false });
  });
  after(() => runtime.dispose());

  const payloadsOf = async (type: string) =>
    (await runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', type).execute()).map((r) => Number(r.payload)).sort((a, b) => a - b);

  it('keeps concurrent writes apart: a failing one is rolled back alone, with its buffered rows, and the others commit', async () => {
    const writes = Array.from({ length: 12 }, (_, index) =>
      inTransaction(runtime.ctx.db, async (trx) => {
        await enqueueJob(trx, runtime.ctx, { type: 'concurrent', payload: index });
        await enqueueJobs(trx, runtime.ctx, [{ type: 'concurrent-buffered', payload: index }]);
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
    assert.deepEqual(await payloadsOf('concurrent'), committed);
    assert.deepEqual(await payloadsOf('concurrent-buffered'), committed);
  });
  it('takes the SQLite write lock when a transaction begins, so another process waits instead of failing on the upgrade', {
    skip: process.env.TEST_DATABASE_URL ? 'SQLite only' : false,
  }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-immediate-'));
    const onFile = await createTestRuntime({ seed: false, env: { DATABASE_URL: `sqlite:${path.join(dir, 'a.sqlite')}` } });
    const other = new Database(path.join(dir, 'a.sqlite'), { timeout: 0 }); // like another process, not waiting
    try {
      const lockedForOthers = await inTransaction(onFile.ctx.db, async (trx) => {
        await trx.selectFrom('outbox_jobs').select('id').execute(); // only read so far
        try {
          other.exec('begin immediate');
          other.exec('rollback');
          return false;
        } catch (error) {
          return (error as { code?: string }).code === 'SQLITE_BUSY';
        }
      });
      assert.equal(lockedForOthers, true);
    } finally {
      other.close();
      await onFile.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
