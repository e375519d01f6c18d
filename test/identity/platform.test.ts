import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { findTenantBySlug, listTenants, seedTenants, shippedTenants } from '../../src/core/tenancy.js';
import type { Actor } from '../../src/modules/access/index.js';
import { runStaffCommand } from '../../src/modules/identity/commands.js';
import { settingsFields } from '../../src/modules/identity/platform.js';
import { addRole, addStaff } from '../../src/modules/identity/staff.js';
import { createHttpApp } from '../../src/runtime.js';
import { Browser, staffSession } from '../catalog/staff.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';

/** The platform operator's tenant pages (/betrieb/mandanten): the operator's account lives in one tenant and manages all. */
describe('identity: the platform operator’s tenant pages', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let sn: string;
  let operator: Browser;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    sn = (await findTenantBySlug(runtime.ctx.db, 'sn'))!.id;
    operator = new Browser(app, (await staffSession(runtime, sn, 'platformOperator', 'Olga Operator')).token);
  });

  const tenantCount = async () => (await listTenants(runtime.ctx.db)).length;
  /** The settings form's fields as the page fills them (inputs and the address's text area). */
  const settingsForm = (html: string): Record<string, string> => {
    const ids = new Set<string>(['name', ...settingsFields.map((field) => field.id)]);
    const fields = [...html.matchAll(/<(?:input|textarea)[^>]*?id="([^"]+)"[^>]*?(?:value="([^"]*)"[^>]*>|>([^<]*)<\/textarea>)/g)];
    return Object.fromEntries(fields.filter(([, id]) => ids.has(id!)).map(([, id, value, text]) => [id!, value ?? text ?? '']));
  };
  const fieldError = (html: string, field: string) => new RegExp(`id="${field}-error"[^>]*>.*?</span>([^<]*)`, 's').exec(html)?.[1];

  it('lists every tenant with its host names and the state of its settings, and says when servers see a change', async () => {
    const page = await operator.get('/betrieb/mandanten');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/betrieb\/mandanten"[^>]*>\s*Mandanten/, 'in the operator’s navigation');
    assert.match(page.body, /localhost, 127\.0\.0\.1/);
    assert.match(page.body, /bw\.localhost/);
    assert.match(page.body, /nach ihrem Neustart/);
    const bw = await operator.get('/betrieb/mandanten/bw');
    assert.equal(bw.statusCode, 200);
    assert.match(bw.body, /Kontrast \d+,\d+:1/, 'the colour with its contrast, German decimals');
    assert.equal((await operator.get('/betrieb/mandanten/nirgends')).statusCode, 404);
  });

  it('adds a tenant through the form, audited as the operator in the platform chain', async () => {
    const added = await operator.post('/betrieb/mandanten/neu', { slug: 'by', name: 'BayernPortal', hosts: 'Portal.Bayern.example, by.localhost' });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, '/betrieb/mandanten/by');
    assert.deepEqual((await findTenantBySlug(runtime.ctx.db, 'by'))?.hosts, ['portal.bayern.example', 'by.localhost']);
    const page = await operator.get('/betrieb/mandanten/by');
    assert.match(page.body, /fehlt \(neutrales Amtsweg-Aussehen\)/, 'a new tenant has no look yet');
    const audit = await runtime.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'tenant.add')
      .where('object_id', '=', (await findTenantBySlug(runtime.ctx.db, 'by'))!.id)
      .executeTakeFirstOrThrow();
    assert.equal(audit.tenant_id, null);
    assert.equal(audit.actor_type, 'account');
  });

  it('refuses a malformed or taken slug or host next to the field and in the summary, adding nothing', async () => {
    const before = await tenantCount();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ slug: 'Bayern!', name: 'X', hosts: 'x.example' }, 'slug', /Kleinbuchstaben/],
      [{ slug: 'sn', name: 'X', hosts: 'x.example' }, 'slug', /„sn“ hat schon/],
      [{ slug: 'he', name: '', hosts: 'he.example' }, 'name', /Namen ein/],
      [{ slug: 'he', name: 'Hessen', hosts: 'https://he.example:8080' }, 'hosts', /kein Hostname/],
      [{ slug: 'he', name: 'Hessen', hosts: 'he.example, bw.localhost' }, 'hosts', /„bw\.localhost“ hat schon der Mandant service-bw/],
    ];
    for (const [fields, field, message] of cases) {
      const refused = await operator.post('/betrieb/mandanten/neu', fields);
      assert.equal(refused.statusCode, 422, JSON.stringify(fields));
      assert.match(fieldError(refused.body, field) ?? '', message, JSON.stringify(fields));
      assert.match(refused.body, new RegExp(`aw-error-summary[\\s\\S]*href="#${field}"`), 'the summary links to the field');
      assert.ok(refused.body.includes(`value="${fields.hosts}"`), 'what was typed stays');
    }
    assert.equal(await tenantCount(), before, 'nothing added');
  });

  it('changes host names; a host another tenant has is refused and the old ones stay', async () => {
    const refused = await operator.post('/betrieb/mandanten/bw/hostnamen', { hosts: 'bw.localhost, localhost' }, '/betrieb/mandanten/bw');
    assert.equal(refused.statusCode, 422);
    assert.match(fieldError(refused.body, 'hosts') ?? '', /„localhost“ hat schon der Mandant/);
    assert.deepEqual((await findTenantBySlug(runtime.ctx.db, 'bw'))?.hosts, ['bw.localhost']);
    const changed = await operator.post('/betrieb/mandanten/bw/hostnamen', { hosts: 'bw.localhost\nservice-bw.example' }, '/betrieb/mandanten/bw');
    assert.equal(changed.statusCode, 303);
    assert.deepEqual((await findTenantBySlug(runtime.ctx.db, 'bw'))?.hosts, ['bw.localhost', 'service-bw.example']);
    assert.equal((await operator.post('/betrieb/mandanten/bw/hostnamen', { hosts: 'x.example' }, '/betrieb/mandanten/bw', { withCsrf: false })).statusCode, 403, 'CSRF');
  });

  it('edits a tenant’s name, look and contact: its pages show them after a restart, and the seed no longer undoes them', async () => {
    const page = await operator.get('/betrieb/mandanten/bw');
    assert.match(page.body, /data\/tenants\.json \(bei jedem Start übernommen\)/, 'the file owns the settings so far');
    const shown = settingsForm(page.body);
    assert.equal(shown.providerEmail, 'service-bw@im.bwl.example', 'the form shows the stored settings');
    assert.equal(shown.providerAddress, shippedTenants()[1]!.settings!.legal.provider.address.join('\n'));
    const edited = { ...shown, name: 'Service-BW', primaryColor: '#7a1f5c', providerEmail: 'portal@bw.example', providerPhone: '' };
    const saved = await operator.post('/betrieb/mandanten/bw/einstellungen', edited, '/betrieb/mandanten/bw');
    assert.equal(saved.statusCode, 303);
    const bw = (await findTenantBySlug(runtime.ctx.db, 'bw'))!;
    assert.equal(bw.name, 'Service-BW');
    assert.equal(bw.settings?.legal.provider.email, 'portal@bw.example');
    assert.equal(bw.settings?.legal.provider.phone, undefined, 'an optional field left empty is removed');
    assert.deepEqual(bw.settings?.legal.provider.address, shippedTenants()[1]!.settings!.legal.provider.address, 'address lines kept line by line');
    assert.match((await operator.get('/betrieb/mandanten/bw')).body, /Plattformbetrieb, zuletzt am \d\d\.\d\d\.\d{4}/);
    const audit = await runtime.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'tenant.settings').where('object_id', '=', bw.id).executeTakeFirstOrThrow();
    assert.equal(audit.tenant_id, null);
    assert.equal(audit.actor_type, 'account');

    // A later start: the file, changed for both tenants, applies only to the tenant nobody edited.
    const file = shippedTenants().map((tenant) => ({ ...tenant, settings: { ...tenant.settings!, primaryColor: '#0b5fa5' } }));
    await seedTenants(runtime.ctx, file);
    assert.equal((await findTenantBySlug(runtime.ctx.db, 'bw'))?.settings?.primaryColor, '#7a1f5c', 'the operator’s colour stays');
    assert.equal((await findTenantBySlug(runtime.ctx.db, 'sn'))?.settings?.primaryColor, '#0b5fa5', 'the file still owns Sachsen’s');
    const restarted = await createHttpApp(runtime);
    try {
      const bwPage = (url: string) => restarted.inject({ url, headers: { host: 'bw.localhost' } });
      assert.match((await bwPage('/impressum')).body, /mailto:portal@bw\.example/);
      assert.match((await bwPage('/tenant/theme.css')).body, /#7a1f5c/);
    } finally {
      await restarted.close();
      await seedTenants(runtime.ctx);
    }
  });

  it('refuses a pale colour, a missing logo, a malformed email or an empty name next to the field, storing nothing', async () => {
    const before = await findTenantBySlug(runtime.ctx.db, 'sn');
    const page = await operator.get('/betrieb/mandanten/sn');
    const valid = settingsForm(page.body);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ primaryColor: '#ffd700' }, 'primaryColor', /zu wenig Kontrast/],
      [{ primaryColor: 'grün' }, 'primaryColor', /#rrggbb/],
      [{ logo: 'tenants/sn/fehlt.svg' }, 'logo', /data\/tenants\/sn\/fehlt\.svg gibt es nicht/],
      [{ favicon: '../../etc/passwd.svg' }, 'favicon', /im Ordner data\//],
      [{ providerEmail: 'kein-at' }, 'providerEmail', /E-Mail-Adresse ein/],
      [{ providerAddress: '' }, 'providerAddress', /Machen Sie hier eine Angabe/],
      [{ name: ' ' }, 'name', /Namen ein/],
    ];
    for (const [change, field, message] of cases) {
      const refused = await operator.post('/betrieb/mandanten/sn/einstellungen', { ...valid, ...change }, '/betrieb/mandanten/sn');
      assert.equal(refused.statusCode, 422, JSON.stringify(change));
      assert.match(fieldError(refused.body, field) ?? '', message, JSON.stringify(change));
      assert.match(refused.body, new RegExp(`aw-error-summary[\\s\\S]*href="#${field}"`), 'the summary links to the field');
    }
    assert.deepEqual(await findTenantBySlug(runtime.ctx.db, 'sn'), before, 'nothing stored');
    assert.equal((await operator.post('/betrieb/mandanten/sn/einstellungen', valid, '/betrieb/mandanten/sn', { withCsrf: false })).statusCode, 403, 'CSRF');
  });

  it('a tenant administrator reaches none of it and cannot make anyone platform operator; the command line can', async () => {
    const admin = new Browser(app, (await staffSession(runtime, sn, 'tenantAdmin', 'Tina Admin')).token);
    const addForm = (await admin.get('/verwaltung/personal/neu')).body;
    assert.doesNotMatch(addForm, /href="\/betrieb\/mandanten"/, 'not in the navigation');
    assert.doesNotMatch(addForm, /value="platformOperator"/, 'not among the roles offered');
    assert.match(addForm, /value="tenantAdmin"/);
    for (const url of ['/betrieb/mandanten', '/betrieb/mandanten/neu', '/betrieb/mandanten/sn']) assert.equal((await admin.get(url)).statusCode, 403, url);
    const before = await tenantCount();
    assert.equal((await admin.post('/betrieb/mandanten/neu', { slug: 'nw', name: 'NRW', hosts: 'nw.example' }, '/verwaltung/personal')).statusCode, 403);
    assert.equal((await admin.post('/betrieb/mandanten/sn/hostnamen', { hosts: 'evil.example' }, '/verwaltung/personal')).statusCode, 403);
    assert.equal((await admin.post('/betrieb/mandanten/sn/einstellungen', { name: 'Evil', primaryColor: '#000000' }, '/verwaltung/personal')).statusCode, 403);
    assert.equal(await tenantCount(), before);
    assert.deepEqual((await findTenantBySlug(runtime.ctx.db, 'sn'))?.hosts, ['localhost', '127.0.0.1']);
    assert.equal((await findTenantBySlug(runtime.ctx.db, 'sn'))?.name, 'Amt24 Sachsen');

    const adminActor: Actor = { kind: 'staff', tenantId: sn, accountId: 'a', name: 'A', trustLevel: 'substanziell', memberships: [{ authorityId: null, role: 'tenantAdmin' }] };
    const refusedRole = (e: unknown) => e instanceof ValidationError && e.fields[0]?.pointer === '/role';
    await assert.rejects(addStaff(runtime.ctx, adminActor, sn, { email: 'op@example.org', name: 'Op', role: 'platformOperator' }), refusedRole);
    const { accountId } = await addStaff(runtime.ctx, adminActor, sn, { email: 'tina2@example.org', name: 'Tina 2', role: 'tenantAdmin' });
    await assert.rejects(addRole(runtime.ctx, adminActor, sn, accountId, { role: 'platformOperator' }), refusedRole);

    const silent = { out: () => {}, err: () => {} };
    assert.equal(await runStaffCommand(runtime.ctx, { email: 'betrieb@example.org', name: 'Betrieb', role: 'platformOperator', tenant: 'sn' }, silent), 0);
    const made = await runtime.ctx.db
      .selectFrom('memberships')
      .innerJoin('accounts', 'accounts.id', 'memberships.account_id')
      .select(['role', 'authority_id'])
      .where('accounts.email', '=', 'betrieb@example.org')
      .execute();
    assert.deepEqual(made, [{ role: 'platformOperator', authority_id: null }]);
  });
});
