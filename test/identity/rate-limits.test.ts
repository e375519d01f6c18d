import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { TooManyRequestsError } from '../../src/core/errors.js';
import { takeRateLimits } from '../../src/modules/identity/rate-limits.js';
import { clientAddress, recordFailure, accountLimits } from '../../src/modules/identity/throttle.js';
import { createHttpApp, openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { Agent } from './helpers.js';

/**
 * Two app instances on one database (a SQLite file, or the test's PostgreSQL database), as behind
 * a load balancer: the limits must count requests to both together.
 */
describe('rate limits in the database, shared by app instances', () => {
  let runtime: TestRuntime;
  let second: Runtime;
  let appA: HttpApp;
  let appB: HttpApp;
  const sqliteFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-limits-')), 'shared.sqlite');
  before(async () => {
    runtime = await createTestRuntime(process.env.TEST_DATABASE_URL ? {} : { env: { DATABASE_URL: `sqlite:${sqliteFile}` } });
    second = await openRuntime(runtime.config, { clock: runtime.clock });
    appA = await createHttpApp(runtime);
    appB = await createHttpApp(second);
    await Promise.all([appA.ready(), appB.ready()]);
  });
  after(async () => {
    await appA?.close();
    await appB?.close();
    await second?.close();
    await runtime?.dispose();
    fs.rmSync(path.dirname(sqliteFile), { recursive: true, force: true });
  });

  const count = async (key: string) => Number((await runtime.ctx.db.selectFrom('rate_limits').select('count').where('key', '=', key).executeTakeFirst())?.count ?? 0);

  it('two instances share the per-address limit of password reset requests', async () => {
    const agents = [new Agent(appA), new Agent(appB)];
    for (let i = 0; i < 5; i++) {
      const response = await agents[i % 2]!.post('/passwort-vergessen', { email: 'Geteilt@example.org' }, '/passwort-vergessen');
      assert.equal(response.statusCode, 200, `request ${i + 1}`);
    }
    const refused = await agents[1]!.post('/passwort-vergessen', { email: 'geteilt@example.org' }, '/passwort-vergessen');
    assert.equal(refused.statusCode, 429, 'the sixth in the hour, on either instance');
    const seconds = Number(refused.headers['retry-after']);
    assert.ok(seconds > 0);
    assert.ok(refused.body.includes(seconds === 1 ? 'Bitte warten Sie 1 Sekunde.' : `Bitte warten Sie ${seconds} Sekunden.`));
    // Another address is not affected; a new window starts over.
    assert.equal((await agents[0]!.post('/passwort-vergessen', { email: 'anders@example.org' }, '/passwort-vergessen')).statusCode, 200);
    runtime.clock.advance(60 * 60_000);
    assert.equal((await agents[0]!.post('/passwort-vergessen', { email: 'geteilt@example.org' }, '/passwort-vergessen')).statusCode, 200);
  });

  it('two instances share the per-IP limit of registrations (20 in 10 minutes)', async () => {
    runtime.clock.advance(10 * 60_000);
    const agents = [new Agent(appA), new Agent(appB)];
    for (let i = 0; i < 20; i++) {
      // Invalid input is refused quickly but counts all the same.
      const response = await agents[i % 2]!.post('/registrieren', { kind: 'person', email: `n${i}@example.org` }, '/registrieren');
      assert.equal(response.statusCode, 422, `request ${i + 1}`);
    }
    assert.equal((await agents[0]!.post('/registrieren', { kind: 'person', email: 'n20@example.org' }, '/registrieren')).statusCode, 429);
    assert.equal(await count('register:ip:127.0.0.1'), 21);
  });

  it('counts concurrent attempts on both instances without losing one (one upsert per attempt)', async () => {
    const now = runtime.clock.now();
    const limit = { key: 'test:concurrent', max: 1000, windowMilliseconds: 60_000 };
    await Promise.all(Array.from({ length: 40 }, (_, i) => takeRateLimits((i % 2 ? second : runtime).ctx.db, [limit], now)));
    assert.equal(await count('test:concurrent'), 40);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => recordFailure((i % 2 ? second : runtime).ctx.db, { key: 'account:test:x', limits: { ...accountLimits, lockAfter: 1000 } }, now)),
    );
    const row = await runtime.ctx.db.selectFrom('login_throttle').select('failures').where('key', '=', 'account:test:x').executeTakeFirstOrThrow();
    assert.equal(Number(row.failures), 20);
  });

  it('refuses with the seconds until the window ends, and forgets ended windows', async () => {
    const start = new Date(Math.ceil(runtime.clock.now().getTime() / 60_000) * 60_000);
    runtime.clock.set(start);
    const limit = { key: 'test:window', max: 2, windowMilliseconds: 60_000 };
    await takeRateLimits(runtime.ctx.db, [limit], runtime.clock.now());
    await takeRateLimits(runtime.ctx.db, [limit], runtime.clock.now());
    runtime.clock.advance(15_000);
    await assert.rejects(takeRateLimits(runtime.ctx.db, [limit], runtime.clock.now()), (error) => error instanceof TooManyRequestsError && error.retryAfterSeconds === 45);
    runtime.clock.advance(2 * 60 * 60_000);
    await takeRateLimits(runtime.ctx.db, [{ ...limit, key: 'test:other' }], runtime.clock.now());
    assert.equal(await count('test:window'), 0, 'the ended window was deleted when a new one began');
    assert.equal(await count('test:other'), 1);
  });

  it('counts IPv6 clients by their /64 network and IPv4-mapped addresses as IPv4', () => {
    assert.equal(clientAddress('2001:db8:0:1:aaaa::1'), '2001:db8:0:1::/64');
    assert.equal(clientAddress('2001:DB8:0:1:bbbb:cccc:dddd:eeee'), '2001:db8:0:1::/64');
    assert.equal(clientAddress('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(clientAddress('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(clientAddress('192.0.2.7'), '192.0.2.7');
  });
});
