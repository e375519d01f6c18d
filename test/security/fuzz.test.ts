import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/runtime.js';
import { seedSecurityFixture } from './fixture.js';
import { fuzz, fuzzTargets, type FuzzReport } from './fuzz.js';

/**
 * The CI-sized HTTP fuzz run: a few hundred generated bad requests against a real socket, seeded
 * so that a failure can be replayed (FUZZ_SEED). The big run is `npm run test:fuzz` (docs/security.md).
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_261_206);
const count = Number(process.env.FUZZ_REQUESTS ?? 400);

describe('HTTP fuzzing (CI size)', () => {
  let report: FuzzReport;
  useTestApp(async ({ app, runtime }) => {
    const fixture = await seedSecurityFixture(app, runtime);
    const targets = await fuzzTargets(app, fixture);
    await app.listen({ port: 0, host: '127.0.0.1' });
    report = await fuzz({ port: (app.server.address() as AddressInfo).port, fixture, targets, seed, count });
  });

  it(`answers ${count} generated bad requests (seed ${seed}) without a single 5xx or a request left unanswered`, () => {
    assert.equal(report.requests, count);
    assert.deepEqual(report.failures.slice(0, 20), [], `${report.failures.length} failures; statuses ${JSON.stringify(report.byStatus)}`);
  });

  it('reaches the app’s handlers, not only its refusals: some requests succeed, some are refused as invalid', () => {
    const ok = Object.entries(report.byStatus)
      .filter(([status]) => Number(status) < 400)
      .reduce((sum, [, n]) => sum + n, 0);
    assert.ok(ok > count / 20, `only ${ok} answers below 400: ${JSON.stringify(report.byStatus)}`);
    assert.ok((report.byStatus[400] ?? 0) + (report.byStatus[422] ?? 0) > count / 20, JSON.stringify(report.byStatus));
  });
});
