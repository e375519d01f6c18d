import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { demoPassword } from '../../src/modules/identity/seed.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Agent } from './helpers.js';

const person = 'erika.mustermann@example.org';

describe('sessions, throttling and API clients', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened), { env: { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '12' } });

  const signIn = async (agent = new Agent(app)) => {
    const response = await agent.post('/anmelden', { email: person, password: demoPassword });
    assert.equal(response.statusCode, 303);
    return agent;
  };

  it('stores only a hash of the token and issues a new one at every login', async () => {
    const agent = await signIn();
    const first = agent.cookie('aw_session')!;
    assert.ok(first);
    const stored = await runtime.ctx.db.selectFrom('sessions').select('token_hash').execute();
    assert.ok(stored.every((row) => row.token_hash !== first && /^[0-9a-f]{64}$/.test(row.token_hash)));
    await signIn(agent);
    assert.notEqual(agent.cookie('aw_session'), first);
    // The replaced session is gone: the old token no longer signs anyone in.
    const old = await app.inject({ url: '/konto', headers: { cookie: `aw_session=${first}` } });
    assert.equal(old.statusCode, 303);
  });

  it('ends a session after 30 idle minutes and after 12 hours at the latest', async () => {
    const agent = await signIn();
    runtime.clock.advance(29 * 60_000);
    assert.equal((await agent.get('/konto')).statusCode, 200);
    runtime.clock.advance(29 * 60_000);
    assert.equal((await agent.get('/konto')).statusCode, 200, 'activity keeps it alive');
    runtime.clock.advance(31 * 60_000);
    assert.equal((await agent.get('/konto')).statusCode, 303, 'idle too long');

    const busy = await signIn();
    for (let hour = 0; hour < 12; hour++) {
      runtime.clock.advance(25 * 60_000);
      await busy.get('/konto');
      runtime.clock.advance(25 * 60_000);
      await busy.get('/konto');
      runtime.clock.advance(10 * 60_000);
    }
    assert.equal((await busy.get('/konto')).statusCode, 303, 'past the absolute end');
  });

  it('lists own sessions, ends one, and logs out everywhere', async () => {
    const laptop = await signIn(new Agent(app, { 'user-agent': 'Laptop' }));
    const phone = await signIn(
      new Agent(app, { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1' }),
    );
    const page = await laptop.get('/konto');
    assert.match(page.body, /Safari auf iOS \(/, 'browser and system, not the header');
    assert.doesNotMatch(page.body, /AppleWebKit/);
    const phoneSession = /action="\/konto\/sitzungen\/([0-9a-f-]+)\/beenden"/.exec(page.body)?.[1];
    assert.ok(phoneSession);
    assert.match(page.body, /Abmelden<span class="kern-sr-only">: Safari auf iOS, /, 'the button names the session for screen readers');
    assert.equal((await laptop.post(`/konto/sitzungen/${phoneSession}/beenden`, {}, '/konto')).statusCode, 303);
    assert.equal((await phone.get('/konto')).statusCode, 303);
    // Someone else's session id does nothing.
    assert.equal((await phone.post('/konto/sitzungen/00000000-0000-7000-8000-000000000000/beenden', {}, '/anmelden')).statusCode, 303);

    const other = await signIn();
    assert.equal((await laptop.post('/konto/sitzungen/alle-beenden', {}, '/konto')).statusCode, 303);
    assert.equal((await laptop.get('/konto')).statusCode, 303);
    assert.equal((await other.get('/konto')).statusCode, 303);
  });

  it('delays after a few failures and locks the address for 15 minutes after 10, for unknown addresses too', async () => {
    for (const email of [person, 'gibt-es-nicht@example.org']) {
      const agent = new Agent(app);
      let last: Awaited<ReturnType<typeof agent.post>> | undefined;
      for (let attempt = 1; attempt <= 10; attempt++) {
        // Waiting out the delay (at most a minute) before each try.
        runtime.clock.advance(61_000);
        last = await agent.post('/anmelden', { email, password: 'falsches Passwort 123' });
        assert.equal(last.statusCode, 401, `attempt ${attempt}`);
      }
      assert.equal(last!.statusCode, 401);
      const locked = await agent.post('/anmelden', { email, password: demoPassword });
      assert.equal(locked.statusCode, 429);
      assert.match(locked.body, /für 15 Minuten gesperrt/);
      runtime.clock.advance(15 * 60_000);
      if (email === person) assert.equal((await agent.post('/anmelden', { email, password: demoPassword })).statusCode, 303);
    }
    const lockouts = await runtime.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'login.lockout').execute();
    assert.equal(lockouts.length, 2);
  });

  it('refuses an attempt that comes too soon, without counting it', async () => {
    const agent = new Agent(app);
    const email = 'schnell@example.org';
    for (let i = 0; i < 3; i++) await agent.post('/anmelden', { email, password: 'x' });
    const early = await agent.post('/anmelden', { email, password: 'x' });
    assert.equal(early.statusCode, 429);
    const seconds = Number(early.headers['retry-after']);
    assert.ok(seconds >= 1);
    assert.ok(early.body.includes(seconds === 1 ? 'warten Sie 1 Sekunde ' : `warten Sie ${seconds} Sekunden`), 'the wait in words, singular for one second');
    const row = await runtime.ctx.db.selectFrom('login_throttle').selectAll().where('key', 'like', `%${email}`).executeTakeFirstOrThrow();
    assert.equal(row.failures, 3);
  });

  it('API clients: created by a tenant admin, token works with its scopes, revocable, audited', async () => {
    const { createApiClient, revokeApiClient } = await import('../../src/modules/identity/api-clients.js');
    const tenantId = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
    const authority = await runtime.ctx.db.selectFrom('authorities').select('id').where('tenant_id', '=', tenantId).where('key', '=', 'lfulg').executeTakeFirstOrThrow();
    const admin = {
      kind: 'staff' as const,
      tenantId,
      accountId: 'admin',
      name: 'A',
      trustLevel: 'basis' as const,
      memberships: [{ authorityId: null, role: 'tenantAdmin' as const }],
    };
    const caseWorker = { ...admin, memberships: [{ authorityId: authority.id, role: 'caseWorker' as const }] };
    await assert.rejects(createApiClient(runtime.ctx, caseWorker, tenantId, { name: 'x', authorityId: authority.id, scopes: ['case.read'] }), /error.forbidden/);
    await assert.rejects(createApiClient(runtime.ctx, admin, tenantId, { name: 'x', authorityId: authority.id, scopes: ['staff.manage'] }), /error.validation/);
    const { client, token } = await createApiClient(runtime.ctx, admin, tenantId, { name: 'Fachverfahren GeoDIN', authorityId: authority.id, scopes: ['case.read'] });

    const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), { kind: 'apiClient', clientId: client.id, authorityId: authority.id, scopes: ['case.read'] });
    assert.equal((await app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer aw_wrong' } })).statusCode, 401);
    assert.equal((await app.inject({ url: '/api/v1/me' })).statusCode, 401);

    await revokeApiClient(runtime.ctx, admin, tenantId, client.id);
    assert.equal((await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
    const audit = await runtime.ctx.db.selectFrom('audit_log').select('action').where('object_id', '=', client.id).execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['apiClient.create', 'apiClient.use', 'apiClient.revoke'],
    );
  });
});
