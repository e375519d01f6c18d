import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/core/db/index.js';
import { JobWorker, backoffMilliseconds, enqueueJob, enqueueJobs, type JobHandler } from '../../src/core/jobs/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

describe('outbox jobs', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ seed: false });
  });
  after(() => runtime.dispose());

  const jobRow = (id: string) => runtime.ctx.db.selectFrom('outbox_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('exists only if the transaction that enqueued it committed', async () => {
    await assert.rejects(
      inTransaction(runtime.ctx.db, async (trx) => {
        await enqueueJob(trx, runtime.ctx, { type: 'ghost', payload: {} });
        throw new Error('rolled back');
      }),
    );
    const ghosts = await runtime.ctx.db.selectFrom('outbox_jobs').select('id').where('type', '=', 'ghost').execute();
    assert.equal(ghosts.length, 0);
  });

  it('runs a due job once with its payload and marks it done', async () => {
    const seen: unknown[] = [];
    const id = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'greet', payload: { name: 'Jörg' } }));
    const worker = new JobWorker(runtime.ctx, { greet: async (_ctx, payload) => void seen.push(payload) });
    assert.equal(await worker.runDue(), 1);
    assert.equal(await worker.runDue(), 0);
    assert.deepEqual(seen, [{ name: 'Jörg' }]);
    assert.equal((await jobRow(id!)).status, 'done');
  });

  it('waits for run_at', async () => {
    const later = new Date(runtime.clock.now().getTime() + 60_000);
    const id = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'later', payload: 1, runAt: later }));
    let runs = 0;
    const worker = new JobWorker(runtime.ctx, { later: async () => void runs++ });
    await worker.runDue();
    assert.equal(runs, 0);
    runtime.clock.advance(61_000);
    await worker.runDue();
    assert.equal(runs, 1);
    assert.equal((await jobRow(id!)).status, 'done');
  });

  it('retries with growing backoff, records the error, and gives up after max attempts', async () => {
    const id = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'flaky', payload: null, maxAttempts: 3 }));
    let calls = 0;
    const worker = new JobWorker(runtime.ctx, {
      flaky: async () => {
        calls++;
        throw new Error(`SMTP down (${calls})`);
      },
    });
    await worker.runDue();
    let row = await jobRow(id!);
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'SMTP down (1)');
    const firstDelay = new Date(row.run_at).getTime() - runtime.clock.now().getTime();
    assert.ok(firstDelay >= 7_500 && firstDelay <= 12_500, `first delay ${firstDelay}`);
    await worker.runDue();
    assert.equal(calls, 1, 'not retried before its backoff ends');
    runtime.clock.advance(firstDelay);
    await worker.runDue();
    row = await jobRow(id!);
    const secondDelay = new Date(row.run_at).getTime() - runtime.clock.now().getTime();
    assert.ok(secondDelay > firstDelay, 'backoff grows');
    runtime.clock.advance(secondDelay);
    await worker.runDue();
    row = await jobRow(id!);
    assert.equal(calls, 3);
    assert.equal(row.status, 'failed');
    assert.equal(row.last_error, 'SMTP down (3)');
  });

  it('ignores a second job with the same dedupe key', async () => {
    const first = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'remind', payload: 1, dedupeKey: 'deadline-42' }));
    const second = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'remind', payload: 2, dedupeKey: 'deadline-42' }));
    assert.ok(first);
    assert.equal(second, null);
  });

  it('enqueues several jobs in one insert, skipping those whose dedupe key was used', async () => {
    await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'batch', payload: 0, dedupeKey: 'batch-used' }));
    await inTransaction(runtime.ctx.db, (trx) =>
      enqueueJobs(trx, runtime.ctx, [
        { type: 'batch', payload: 1 },
        { type: 'batch', payload: 2, dedupeKey: 'batch-used' },
        { type: 'batch', payload: 3, dedupeKey: 'batch-new', tenantId: null, runAt: new Date('2030-01-01T00:00:00Z') },
      ]),
    );
    const rows = await runtime.ctx.db.selectFrom('outbox_jobs').select(['payload', 'run_at', 'status']).where('type', '=', 'batch').orderBy('payload').execute();
    assert.deepEqual(rows.map((r) => [r.payload, r.status]), [['0', 'pending'], ['1', 'pending'], ['3', 'pending']]);
    assert.equal(rows[2]!.run_at, '2030-01-01T00:00:00.000Z');
  });

  it('writes the jobs of all steps of a transaction together at its end, once per dedupe key, and none when it rolls back', async () => {
    const seenInside = await inTransaction(runtime.ctx.db, async (trx) => {
      await enqueueJobs(trx, runtime.ctx, [{ type: 'steps', payload: 1, dedupeKey: 'steps-a' }]);
      await enqueueJobs(trx, runtime.ctx, [{ type: 'steps', payload: 2 }, { type: 'steps', payload: 3, dedupeKey: 'steps-a' }]);
      return trx.selectFrom('outbox_jobs').select('id').where('type', '=', 'steps').execute();
    });
    assert.equal(seenInside.length, 0, 'buffered until the end of the transaction');
    const rows = await runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', 'steps').orderBy('payload').execute();
    assert.deepEqual(rows.map((r) => r.payload), ['1', '2']);
    await assert.rejects(
      inTransaction(runtime.ctx.db, async (trx) => {
        await enqueueJobs(trx, runtime.ctx, [{ type: 'steps', payload: 4 }]);
        throw new Error('rolled back');
      }),
    );
    assert.equal((await runtime.ctx.db.selectFrom('outbox_jobs').select('id').where('type', '=', 'steps').execute()).length, 2);
  });

  it('never runs one job twice at once with several workers', async () => {
    const ids = await inTransaction(runtime.ctx.db, async (trx) => {
      const created: string[] = [];
      for (let i = 0; i < 30; i++) created.push((await enqueueJob(trx, runtime.ctx, { type: 'count', payload: i }))!);
      return created;
    });
    const runs = new Map<number, number>();
    const handler: JobHandler = async (_ctx, payload: number) => {
      runs.set(payload, (runs.get(payload) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 2));
    };
    const workers = [1, 2, 3].map(() => new JobWorker(runtime.ctx, { count: handler, remind: async () => {} }, { batchSize: 4 }));
    await Promise.all(workers.map((w) => w.runDue()));
    assert.equal(runs.size, 30);
    assert.ok([...runs.values()].every((n) => n === 1), 'each job ran exactly once');
    const statuses = await runtime.ctx.db.selectFrom('outbox_jobs').select('status').where('id', 'in', ids).execute();
    assert.ok(statuses.every((s) => s.status === 'done'));
  });

  it('takes over a job whose worker crashed after its lease ran out', async () => {
    const id = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'orphan', payload: null }));
    await runtime.ctx.db.updateTable('outbox_jobs').set({ status: 'running', locked_until: new Date(runtime.clock.now().getTime() + 1000).toISOString(), attempts: 1 }).where('id', '=', id!).execute();
    let runs = 0;
    const worker = new JobWorker(runtime.ctx, { orphan: async () => void runs++ });
    await worker.runDue();
    assert.equal(runs, 0, 'still leased');
    runtime.clock.advance(2000);
    await worker.runDue();
    assert.equal(runs, 1);
    assert.equal((await jobRow(id!)).status, 'done');
  });

  it('computes backoff within its jitter band', () => {
    assert.equal(backoffMilliseconds(1, () => 0.5), 10_000);
    assert.equal(backoffMilliseconds(3, () => 0.5), 40_000);
    assert.equal(backoffMilliseconds(20, () => 0.5), 3_600_000);
  });
});
