// `npm run test:fuzz`: the big HTTP fuzz run, FUZZ_REQUESTS (default 10,000) generated bad requests
// per engine: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set. FUZZ_SEED replays a run.
// Prints the answers by status and every 5xx (or unanswered request); exits 1 if there was any.
import type { AddressInfo } from 'node:net';
import { createTestApp } from '../helpers/runtime.js';
import { seedSecurityFixture } from './fixture.js';
import { fuzz, fuzzTargets, type FuzzReport } from './fuzz.js';

const count = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const postgres = process.env.TEST_DATABASE_URL;

async function runOn(engine: 'sqlite' | 'postgresql'): Promise<FuzzReport> {
  if (engine === 'sqlite') delete process.env.TEST_DATABASE_URL;
  else process.env.TEST_DATABASE_URL = postgres;
  const { app, runtime } = await createTestApp();
  try {
    const fixture = await seedSecurityFixture(app, runtime);
    const targets = await fuzzTargets(app, fixture);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return await fuzz({ port: (app.server.address() as AddressInfo).port, fixture, targets, seed, count });
  } finally {
    await app.close();
    await runtime.dispose();
  }
}

let failed = 0;
for (const engine of postgres ? (['sqlite', 'postgresql'] as const) : (['sqlite'] as const)) {
  const report = await runOn(engine);
  const statuses = Object.entries(report.byStatus)
    .map(([status, n]) => `${status === '0' ? 'none' : status}: ${n}`)
    .join(', ');
  process.stdout.write(`${engine}: ${report.requests} requests (seed ${seed}) in ${(report.milliseconds / 1000).toFixed(1)} s; ${statuses}; ${report.failures.length} failures\n`);
  for (const failure of report.failures.slice(0, 50)) process.stdout.write(`  ${failure.status || 'no answer'} ${failure.method} ${failure.target}  [${failure.label}]\n`);
  failed += report.failures.length;
}
process.exit(failed ? 1 : 0);
