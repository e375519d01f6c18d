import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generate } from 'otplib';
import QRCode from 'qrcode';
import type { HttpApp } from '../../src/core/module.js';
import { listAuthoritiesByKind } from '../../src/modules/catalog/index.js';
import { runStaffCommand } from '../../src/modules/identity/commands.js';
import { demoPassword } from '../../src/modules/identity/seed.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Agent } from './helpers.js';

async function totp(runtime: TestRuntime, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(runtime.clock.now().getTime() / 1000) });
}

/** The page's QR code holds the set-up address it shows as text: the same dark modules, none lost. */
function assertQrOf(html: string): void {
  const uri = /<code>(otpauth:\/\/totp\/[^<]+)<\/code>/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(uri, 'the set-up address is shown as text');
  const path = /<svg[^>]*role="img"[^>]*aria-label="QR-Code[^"]*"[^>]*>.*?<path d="([^"]+)"/s.exec(html)?.[1];
  assert.ok(path, 'a labelled QR code is shown');
  const { modules } = QRCode.create(uri, { errorCorrectionLevel: 'M' });
  let dark = 0;
  for (let i = 0; i < modules.size * modules.size; i++) dark += modules.data[i] ? 1 : 0;
  assert.equal(path.match(/h1v1h-1z/g)?.length, dark);
  assert.ok(dark > 100, 'a real code, not an empty drawing');
}

const secretOn = (html: string) => /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(html)?.[1];

/** Signs a staff member in, enrolling TOTP on the first login; returns the agent, secret and recovery codes. */
async function staffLogin(app: HttpApp, runtime: TestRuntime, email: string, password = demoPassword) {
  const agent = new Agent(app);
  const login = await agent.post('/anmelden', { email, password });
  assert.equal(login.statusCode, 303);
  assert.match(String(login.headers.location), /^\/anmelden\/zweiter-faktor\/einrichten/);
  const enrolUrl = String(login.headers.location);
  const page = await agent.get(enrolUrl);
  const secret = secretOn(page.body);
  assert.ok(secret, 'the enrolment page shows the secret as text');
  assert.match(page.body, /otpauth:\/\/totp\//);
  assertQrOf(page.body);
  // Until the second factor is done, the account pages are closed.
  assert.equal((await agent.get('/konto')).statusCode, 303);
  const wrong = await agent.post(enrolUrl, { code: '000000' }, enrolUrl);
  assert.equal(wrong.statusCode, 422);
  const done = await agent.post(enrolUrl, { code: await totp(runtime, secret) }, enrolUrl);
  assert.equal(done.statusCode, 200);
  const codes = [...done.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
  assert.equal(codes.length, 10);
  return { agent, secret, codes };
}

describe('staff: TOTP, administration, command', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened));

  it('enrols TOTP at the first login, then asks for a code every time (no replay, recovery codes once)', async () => {
    const { agent, secret, codes } = await staffLogin(app, runtime, 'sachbearbeitung.lfulg@example.org');
    assert.equal((await agent.get('/konto')).statusCode, 200);

    runtime.clock.advance(60_000);
    const second = new Agent(app);
    const login = await second.post('/anmelden', { email: 'sachbearbeitung.lfulg@example.org', password: demoPassword });
    assert.match(String(login.headers.location), /^\/anmelden\/zweiter-faktor\?/);
    const code = await totp(runtime, secret);
    const ok = await second.post('/anmelden/zweiter-faktor', { code }, '/anmelden/zweiter-faktor');
    assert.equal(ok.statusCode, 303);
    assert.equal((await second.get('/konto')).statusCode, 200);

    // The same code cannot be used again within its window.
    const third = new Agent(app);
    await third.post('/anmelden', { email: 'sachbearbeitung.lfulg@example.org', password: demoPassword });
    const replay = await third.post('/anmelden/zweiter-faktor', { code }, '/anmelden/zweiter-faktor');
    assert.equal(replay.statusCode, 422);
    assert.match(replay.body, /nicht richtig oder abgelaufen/);
    const recovery = await third.post('/anmelden/zweiter-faktor', { code: codes[0]!.toUpperCase() }, '/anmelden/zweiter-faktor');
    assert.equal(recovery.statusCode, 303);

    const fourth = new Agent(app);
    await fourth.post('/anmelden', { email: 'sachbearbeitung.lfulg@example.org', password: demoPassword });
    assert.equal((await fourth.post('/anmelden/zweiter-faktor', { code: codes[0]! }, '/anmelden/zweiter-faktor')).statusCode, 422);
  });

  it('accepts one code for one sign-in only, also when several sign-ins send it at the same moment', async () => {
    const email = 'teamleitung.uwb-mittelsachsen@example.org';
    const { secret } = await staffLogin(app, runtime, email);
    runtime.clock.advance(120_000);
    const agents = Array.from({ length: 6 }, () => new Agent(app, {}, '192.0.2.44'));
    for (const agent of agents) {
      const login = await agent.post('/anmelden', { email, password: demoPassword });
      assert.match(String(login.headers.location), /^\/anmelden\/zweiter-faktor\?/);
      await agent.get('/anmelden/zweiter-faktor');
    }
    const code = await totp(runtime, secret);
    const answers = await Promise.all(agents.map((agent) => agent.postRaw('/anmelden/zweiter-faktor', { _csrf: agent.csrfToken(), code })));
    assert.deepEqual(
      answers.map((answer) => answer.statusCode).filter((status) => status === 303),
      [303],
      `exactly one sign-in succeeds: ${answers.map((a) => a.statusCode).join(' ')}`,
    );
  });

  it('seeds demo staff for the teacher procedure: the LaSuB Standort Leipzig and the Zwickau staff council and disability representative', async () => {
    const rows = await runtime.ctx.db
      .selectFrom('memberships')
      .innerJoin('accounts', 'accounts.id', 'memberships.account_id')
      .innerJoin('authorities', 'authorities.id', 'memberships.authority_id')
      .select(['accounts.email', 'memberships.role', 'authorities.key', 'authorities.kind'])
      .where('accounts.email', 'like', '%lasub%')
      .orderBy('accounts.email')
      .execute();
    assert.deepEqual(
      rows.map((r) => `${r.email} ${r.role} ${r.kind} ${r.key}`),
      [
        'personalrat.lasub-zwickau@example.org caseWorker staffCouncil personalrat-lasub-zwickau',
        'sachbearbeitung.lasub-leipzig@example.org caseWorker school lasub-leipzig',
        'sbv.lasub-zwickau@example.org caseWorker disabilityRepresentative sbv-lasub-zwickau',
        'teamleitung.lasub-leipzig@example.org teamLead school lasub-leipzig',
      ],
    );
  });

  it('lets a tenant admin add staff, change roles and deactivate; others are refused', async () => {
    const { agent: admin } = await staffLogin(app, runtime, 'admin@example.org');
    const list = await admin.get('/verwaltung/personal');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Sabine Geologin/);

    const tenantId = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
    const oba = (await listAuthoritiesByKind(runtime.ctx, tenantId, 'mining')).find((a) => a.key === 'oba')!;
    const bad = await admin.post('/verwaltung/personal/neu', { name: 'Neu', email: 'neu@example.org', role: 'caseWorker', authorityId: 'nonexistent' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Behörde aus der Liste/);
    const created = await admin.post('/verwaltung/personal/neu', { name: 'Nora Neu', email: 'nora@example.org', role: 'caseWorker', authorityId: oba.id });
    assert.equal(created.statusCode, 201);
    const password = /<code id="initial-password">([^<]+)<\/code>/.exec(created.body)?.[1];
    assert.ok(password);

    const nora = await runtime.ctx.db.selectFrom('accounts').select('id').where('email', '=', 'nora@example.org').executeTakeFirstOrThrow();
    const added = await admin.post(`/verwaltung/personal/${nora.id}/rollen`, { role: 'teamLead', authorityId: oba.id }, `/verwaltung/personal/${nora.id}`);
    assert.equal(added.statusCode, 303);
    const memberships = await runtime.ctx.db.selectFrom('memberships').select(['role', 'id']).where('account_id', '=', nora.id).execute();
    assert.deepEqual(memberships.map((m) => m.role).sort(), ['caseWorker', 'teamLead']);
    const roleButtons = [...(await admin.get(`/verwaltung/personal/${nora.id}`)).body.matchAll(/Rolle entfernen<span class="kern-sr-only">: ([^<]+)<\/span>/g)].map(
      (match) => match[1],
    );
    assert.equal(roleButtons.length, 2, "each role's button names its role for screen readers");
    assert.notEqual(roleButtons[0], roleButtons[1]);
    const removed = await admin.post(
      `/verwaltung/personal/${nora.id}/rollen/${memberships.find((m) => m.role === 'teamLead')!.id}/entfernen`,
      {},
      `/verwaltung/personal/${nora.id}`,
    );
    assert.equal(removed.statusCode, 303);

    // Nora can sign in (first step) with the one-time password; a case worker cannot administer staff.
    const { agent: noraAgent } = await staffLogin(app, runtime, 'nora@example.org', password);
    assert.equal((await noraAgent.get('/verwaltung/personal')).statusCode, 403);

    const deactivated = await admin.post(`/verwaltung/personal/${nora.id}/deaktivieren`, {}, `/verwaltung/personal/${nora.id}`);
    assert.equal(deactivated.statusCode, 303);
    assert.equal((await noraAgent.get('/konto')).statusCode, 303, 'her sessions ended');
    assert.equal((await new Agent(app).post('/anmelden', { email: 'nora@example.org', password })).statusCode, 401);

    const audit = await runtime.ctx.db.selectFrom('audit_log').select('action').where('object_id', '=', nora.id).execute();
    for (const action of ['staff.add', 'staff.role.add', 'staff.role.remove', 'staff.deactivate'])
      assert.ok(
        audit.some((a) => a.action === action),
        action,
      );
  });

  it('creates staff from the command line, with an authority or tenant-wide', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const output = { out: (text: string) => void out.push(text), err: (text: string) => void err.push(text) };
    assert.equal(await runStaffCommand(runtime.ctx, { email: 'chefin@example.org', name: 'Chefin', role: 'tenantAdmin' }, output), 2, 'two tenants: which one?');
    assert.match(err.join(''), /^name the tenant with --tenant \(one of: (sn, bw|bw, sn)\)\n$/);
    err.length = 0;
    const code = await runStaffCommand(runtime.ctx, { email: 'chefin@example.org', name: 'Chefin', role: 'tenantAdmin', tenant: 'sn' }, output);
    assert.equal(code, 0);
    assert.match(out.join(''), /one-time password \(shown only now\): \S{20}/);
    assert.equal(await runStaffCommand(runtime.ctx, { email: 'x@example.org', name: 'X', role: 'caseWorker', tenant: 'sn' }, output), 1, 'a case worker needs an authority');
    assert.equal(
      await runStaffCommand(runtime.ctx, { email: 'redaktion@example.org', name: 'Redaktion', role: 'procedureAdmin', tenant: 'sn' }, output),
      0,
      'a procedure admin may hold the role tenant-wide',
    );
    assert.equal(await runStaffCommand(runtime.ctx, { email: 'y@example.org', name: 'Y', role: 'king', tenant: 'sn' }, output), 1);
    assert.match(err.join(''), /authorityId: identity.staff.authorityRequired/);
  });
});
