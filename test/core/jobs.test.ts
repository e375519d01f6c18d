import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/core/db/index.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { JobWorker, LeaseLostError, backoffMilliseconds, enqueueJob, enqueueJobs, type JobHandler } from '../../src/core/jobs/index.js';
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
    assert.deepEqual(
      rows.map((r) => [r.payload, r.status]),
      [
        ['0', 'pending'],
        ['1', 'pending'],
        ['3', 'pending'],
      ],
    );
    assert.equal(rows[2]!.run_at, '2030-01-01T00:00:00.000Z');
  });

  it('writes the jobs of all steps of a transaction together at its end, once per dedupe key, and none when it rolls back', async () => {
    const seenInside = await inTransaction(runtime.ctx.db, async (trx) => {
      await enqueueJobs(trx, runtime.ctx, [{ type: 'steps', payload: 1, dedupeKey: 'steps-a' }]);
      await enqueueJobs(trx, runtime.ctx, [
        { type: 'steps', payload: 2 },
        { type: 'steps', payload: 3, dedupeKey: 'steps-a' },
      ]);
      return trx.selectFrom('outbox_jobs').select('id').where('type', '=', 'steps').execute();
    });
    assert.equal(seenInside.length, 0, 'buffered until the end of the transaction');
    const rows = await runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', 'steps').orderBy('payload').execute();
    assert.deepEqual(
      rows.map((r) => r.payload),
      ['1', '2'],
    );
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
    assert.ok(
      [...runs.values()].every((n) => n === 1),
      'each job ran exactly once',
    );
    const statuses = await runtime.ctx.db.selectFrom('outbox_jobs').select('status').where('id', 'in', ids).execute();
    assert.ok(statuses.every((s) => s.status === 'done'));
  });

  it('runs up to `concurrency` jobs at once, never one job twice, with two such workers claiming side by side', async () => {
    const ids = await inTransaction(runtime.ctx.db, async (trx) => {
      const created: string[] = [];
      for (let i = 0; i < 40; i++) created.push((await enqueueJob(trx, runtime.ctx, { type: 'lane', payload: i }))!);
      return created;
    });
    const runs = new Map<number, number>();
    let inFlight = 0;
    let mostInFlight = 0;
    const handler: JobHandler = async (_ctx, payload: number) => {
      runs.set(payload, (runs.get(payload) ?? 0) + 1);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5)); // waits like a mail job on its fsync
      inFlight--;
    };
    const workers = [1, 2].map(() => new JobWorker(runtime.ctx, { lane: handler }, { batchSize: 3, concurrency: 4 }));
    const ran = await Promise.all(workers.map((w) => w.runDue()));
    assert.equal(ran[0]! + ran[1]!, 40, 'every job ran, counted once');
    assert.equal(runs.size, 40);
    assert.ok(
      [...runs.values()].every((n) => n === 1),
      'each job ran exactly once',
    );
    assert.ok(mostInFlight > 4 && mostInFlight <= 8, `${mostInFlight} jobs ran at once (two workers of four lanes)`);
    const rows = await runtime.ctx.db.selectFrom('outbox_jobs').select(['status', 'attempts', 'lease_token']).where('id', 'in', ids).execute();
    assert.ok(rows.every((row) => row.status === 'done' && row.attempts === 1 && row.lease_token === null));
  });

  it('stops every lane after its job in hand and gives the rest of their claims back', async () => {
    const ids = await inTransaction(runtime.ctx.db, async (trx) => {
      const created: string[] = [];
      for (let i = 0; i < 12; i++) created.push((await enqueueJob(trx, runtime.ctx, { type: 'held', payload: i }))!);
      return created;
    });
    const release = gate();
    const started: number[] = [];
    const allStarted = gate();
    const worker = new JobWorker(
      runtime.ctx,
      {
        held: async (_ctx, payload: number) => {
          started.push(payload);
          if (started.length === 3) allStarted.open();
          await release.opened;
        },
      },
      { batchSize: 4, concurrency: 3 },
    );
    worker.start();
    await allStarted.opened;
    const stopped = worker.stop();
    release.open();
    await stopped;
    assert.equal(started.length, 3, 'one job in hand per lane, no new one after stop');
    const rows = await runtime.ctx.db.selectFrom('outbox_jobs').select(['status', 'attempts', 'lease_token']).where('id', 'in', ids).execute();
    assert.equal(rows.filter((row) => row.status === 'done').length, 3);
    assert.ok(
      rows.filter((row) => row.status !== 'done').every((row) => row.status === 'pending' && row.attempts === 0 && row.lease_token === null),
      'the unstarted jobs are due again, their claim not counted',
    );
  });

  it('takes over a job whose worker crashed after its lease ran out', async () => {
    const id = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'orphan', payload: null }));
    await runtime.ctx.db
      .updateTable('outbox_jobs')
      .set({ status: 'running', locked_until: new Date(runtime.clock.now().getTime() + 1000).toISOString(), attempts: 1 })
      .where('id', '=', id!)
      .execute();
    let runs = 0;
    const worker = new JobWorker(runtime.ctx, { orphan: async () => void runs++ });
    await worker.runDue();
    assert.equal(runs, 0, 'still leased');
    runtime.clock.advance(2000);
    await worker.runDue();
    assert.equal(runs, 1);
    assert.equal((await jobRow(id!)).status, 'done');
  });

  /** A promise with its resolver, to hold a handler at a point of the test's choosing. */
  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  }

  const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('renews the lease while a job runs, so a live worker keeps its job', async () => {
    const id = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'long', payload: null }));
    const started = gate();
    const release = gate();
    let runs = 0;
    const handlers = {
      long: async () => {
        runs++;
        started.open();
        await release.opened;
      },
    };
    const first = new JobWorker(runtime.ctx, handlers, { leaseMilliseconds: 300 });
    const running = first.runDue();
    await started.opened;
    for (let step = 0; step < 4; step++) {
      runtime.clock.advance(200);
      await realPause(150); // the renewal runs every 100 ms of real time
    }
    // 800 ms after the claim, far past its first lease of 300 ms: still renewed, so not taken over.
    await new JobWorker(runtime.ctx, handlers, { leaseMilliseconds: 300 }).runDue();
    assert.equal(runs, 1, 'not taken over');
    release.open();
    await running;
    assert.equal(runs, 1);
    assert.equal((await jobRow(id!)).status, 'done');
  });

  it('fences a worker whose lease ran out: the job is taken over and the old worker records nothing', async () => {
    const id = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'fenced', payload: null }));
    const started = gate();
    const release = gate();
    const committed: string[] = [];
    const slow = new JobWorker(
      runtime.ctx,
      {
        fenced: async (_ctx, _payload, job) => {
          started.open();
          await release.opened;
          await inTransaction(runtime.ctx.db, async (trx) => {
            await job.fence(trx);
            committed.push('slow');
          });
        },
      },
      { leaseMilliseconds: 60_000 },
    );
    const running = slow.runDue();
    await started.opened;
    // The slow worker stalls (a long GC pause, a frozen VM) past its lease without renewing.
    runtime.clock.advance(61_000);
    const successor = new JobWorker(runtime.ctx, {
      fenced: async (_ctx, _payload, job) => {
        await inTransaction(runtime.ctx.db, async (trx) => {
          await job.fence(trx);
          committed.push('successor');
        });
      },
    });
    await successor.runDue();
    release.open();
    await running;
    assert.deepEqual(committed, ['successor'], 'the stalled worker could not commit');
    const row = await jobRow(id!);
    assert.equal(row.status, 'done', 'the stalled worker did not overwrite the outcome (it failed with LeaseLostError)');
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, null);
    assert.equal(row.lease_token, null);
  });

  it('throws LeaseLostError from fence once another worker holds the job', async () => {
    const id = await inTransaction(runtime.ctx.db, (trx) => enqueueJob(trx, runtime.ctx, { type: 'lost', payload: null }));
    let thrown: unknown;
    const worker = new JobWorker(runtime.ctx, {
      lost: async (_ctx, _payload, job) => {
        await runtime.ctx.db.updateTable('outbox_jobs').set({ lease_token: 'someone-else' }).where('id', '=', job.id).execute();
        await job.fence().catch((error: unknown) => (thrown = error));
      },
    });
    await worker.runDue();
    assert.ok(thrown instanceof LeaseLostError);
    assert.equal((await jobRow(id!)).lease_token, 'someone-else', 'the outcome was not recorded over the other claim');
  });

  it('stops after the job in hand and gives the claimed jobs that did not start back, due as before', async () => {
    const ids = await inTransaction(runtime.ctx.db, async (trx) => [
      (await enqueueJob(trx, runtime.ctx, { type: 'backlog', payload: 1 }))!,
      (await enqueueJob(trx, runtime.ctx, { type: 'backlog', payload: 2 }))!,
      (await enqueueJob(trx, runtime.ctx, { type: 'backlog', payload: 3 }))!,
    ]);
    const runAts = await Promise.all(ids.map(async (id) => (await jobRow(id)).run_at));
    const started = gate();
    const release = gate();
    const ran: number[] = [];
    const worker = new JobWorker(runtime.ctx, {
      backlog: async (_ctx, payload: number) => {
        ran.push(payload);
        started.open();
        await release.opened;
      },
    });
    worker.start();
    await started.opened;
    const stopped = worker.stop();
    release.open();
    await stopped;
    assert.deepEqual(ran, [1]);
    const rows = await Promise.all(ids.map(jobRow));
    assert.deepEqual(
      rows.map((r) => r.status),
      ['done', 'pending', 'pending'],
    );
    assert.deepEqual(
      rows.slice(1).map((r) => [r.attempts, r.locked_until, r.lease_token]),
      [
        [0, null, null],
        [0, null, null],
      ],
      'the claim is not counted as an attempt',
    );
    assert.deepEqual(
      rows.slice(1).map((r) => r.run_at),
      runAts.slice(1),
      'still due at once',
    );
    assert.equal(await new JobWorker(runtime.ctx, { backlog: async (_ctx, payload: number) => void ran.push(payload) }).runDue(), 2, 'the next worker runs them');
    assert.deepEqual(ran, [1, 2, 3]);
  });

  it('serves a request between two jobs instead of after the whole backlog', async () => {
    const jobMs = 40;
    await inTransaction(runtime.ctx.db, (trx) =>
      enqueueJobs(
        trx,
        runtime.ctx,
        Array.from({ length: 20 }, (_, i) => ({ type: 'busy', payload: i })),
      ),
    );
    let done = 0;
    const worker = new JobWorker(runtime.ctx, {
      // Synchronous work like rendering a PDF: nothing in it lets the event loop turn.
      busy: async () => {
        const until = performance.now() + jobMs;
        while (performance.now() < until);
        done++;
      },
    });
    const server = http.createServer((_request, response) => response.end(String(done)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await fetch(url); // the connection's setup is not what is measured
      const working = worker.runDue();
      await realPause(1);
      const sent = performance.now();
      const doneWhenAnswered = Number(await (await fetch(url)).text());
      const waited = performance.now() - sent;
      await working;
      assert.ok(doneWhenAnswered < 10, `answered while ${20 - doneWhenAnswered} of 20 jobs were still waiting`);
      assert.ok(waited < 6 * jobMs, `the request waited ${waited.toFixed(0)} ms (one job takes ${jobMs} ms)`);
    } finally {
      server.close();
    }
  });

  it('computes backoff within its jitter band', () => {
    assert.equal(
      backoffMilliseconds(1, () => 0.5),
      10_000,
    );
    assert.equal(
      backoffMilliseconds(3, () => 0.5),
      40_000,
    );
    assert.equal(
      backoffMilliseconds(20, () => 0.5),
      3_600_000,
    );
  });
});
