import assert from 'node:assert/strict';
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

  const payloadsOf = async (type: string) => (await runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', type).execute()).map((r) => Number(r.payload)).sort((a, b) => a - b);

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
});
