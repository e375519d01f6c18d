import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addTenant, listTenants, seedTenants, setTenantHosts, shippedTenants, TenantDirectory, TenantError } from '../../src/core/tenancy.js';
import { settingsProblem } from '../../src/core/tenant-settings.js';
import { runAmtsweg } from '../helpers/cli.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

describe('tenants as data and amtsweg tenant', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime();
  });
  after(() => runtime.dispose());

  const run = (args: string[]) => runAmtsweg(runtime, args);
  const hostsOf = async (slug: string) => (await listTenants(runtime.ctx.db)).find((tenant) => tenant.slug === slug)?.hosts;

  it('seeds the tenants of data/tenants.json, and seeding again changes nothing', async () => {
    assert.deepEqual(
      shippedTenants().map((tenant) => tenant.slug),
      ['sn', 'bw'],
    );
    assert.deepEqual(await hostsOf('sn'), ['localhost', '127.0.0.1']);
    assert.deepEqual(await hostsOf('bw'), ['bw.localhost']);
    await seedTenants(runtime.ctx);
    assert.equal((await listTenants(runtime.ctx.db)).length, 2);
  });

  it("gives a tenant seeded without a mail sender the file's on the next seed, and never replaces one it has", async () => {
    const sn = (await listTenants(runtime.ctx.db)).find((tenant) => tenant.slug === 'sn')!;
    assert.equal(sn.mailFrom, shippedTenants()[0]!.mailFrom, 'the shipped sender of Sachsen');
    await runtime.ctx.db.updateTable('tenants').set({ mail_from: null }).where('id', '=', sn.id).execute(); // as before migration 0898
    await seedTenants(runtime.ctx);
    const mailFromOf = async (slug: string) => (await listTenants(runtime.ctx.db)).find((tenant) => tenant.slug === slug)?.mailFrom;
    assert.equal(await mailFromOf('sn'), 'Amt24 Sachsen <noreply@amt24.sachsen.example>');
    await runtime.ctx.db.updateTable('tenants').set({ mail_from: 'Sachsen <post@sachsen.example>' }).where('id', '=', sn.id).execute();
    await seedTenants(runtime.ctx);
    assert.equal(await mailFromOf('sn'), 'Sachsen <post@sachsen.example>', 'a sender set by the operator stays');
  });

  it('adds a tenant that a reloaded directory finds by its host, audited in the platform chain', async () => {
    assert.equal((await run(['tenant', 'add', 'by', '--name', 'BayernPortal', '--host', 'by.localhost, Bayern.Localhost'])).code, 0);
    assert.deepEqual(await hostsOf('by'), ['by.localhost', 'bayern.localhost']);
    const directory = new TenantDirectory();
    await directory.reload(runtime.ctx.db);
    assert.equal(directory.forHost('bayern.localhost:8080')?.slug, 'by');
    const audit = await runtime.ctx.db.selectFrom('audit_log').select(['action', 'tenant_id']).where('action', '=', 'tenant.add').execute();
    assert.equal(audit.length, 3, 'sn and bw from the seed, by from the command');
    assert.ok(audit.every((entry) => entry.tenant_id === null));
  });

  it('refuses a host another tenant has, a taken slug, a malformed host and an unknown tenant with one line and exit code 1', async () => {
    const refusals: [string[], () => Promise<unknown>, string][] = [
      [
        ['tenant', 'add', 'he', '--name', 'Hessen', '--host', 'he.localhost,bw.localhost'],
        () => addTenant(runtime.ctx, { slug: 'he', name: 'Hessen', hosts: ['he.localhost', 'bw.localhost'] }),
        'host bw.localhost already belongs to tenant bw',
      ],
      [
        ['tenant', 'add', 'bw', '--name', 'Noch einmal', '--host', 'bw2.localhost'],
        () => addTenant(runtime.ctx, { slug: 'bw', name: 'Noch einmal', hosts: ['bw2.localhost'] }),
        'tenant bw exists already',
      ],
      [
        ['tenant', 'add', 'he', '--name', 'Hessen', '--host', 'https://he.localhost'],
        () => addTenant(runtime.ctx, { slug: 'he', name: 'Hessen', hosts: ['https://he.localhost'] }),
        '"https://he.localhost" is not a host name (lower-case, without port or scheme)',
      ],
      [
        ['tenant', 'hosts', 'sn', 'localhost', 'by.localhost'],
        () => setTenantHosts(runtime.ctx, 'sn', ['localhost', 'by.localhost']),
        'host by.localhost already belongs to tenant by',
      ],
      [['tenant', 'hosts', 'nirgendwo', 'x.localhost'], () => setTenantHosts(runtime.ctx, 'nirgendwo', ['x.localhost']), 'no tenant nirgendwo'],
    ];
    for (const [args, call, message] of refusals) {
      assert.equal((await run(args)).code, 1, args.join(' '));
      await assert.rejects(call(), (error: unknown) => error instanceof TenantError && error.name === 'TenantError' && error.message === message);
    }
    assert.equal(await hostsOf('he'), undefined, 'a refused tenant is not stored');
    assert.deepEqual(await hostsOf('sn'), ['localhost', '127.0.0.1'], 'refused hosts are not stored');
  });

  it('replaces the hosts of a tenant, so the old host selects no tenant after a reload', async () => {
    assert.equal((await run(['tenant', 'hosts', 'by', 'bayern.example', 'www.bayern.example'])).code, 0);
    const directory = new TenantDirectory();
    await directory.reload(runtime.ctx.db);
    assert.equal(directory.forHost('www.bayern.example')?.slug, 'by');
    assert.equal(directory.forHost('by.localhost'), undefined);
  });

  it('refuses a seed file whose tenant names a host another tenant has, with one line naming the file', async () => {
    await assert.rejects(seedTenants(runtime.ctx, [{ slug: 'th', name: 'Thüringen', hosts: ['th.localhost', 'localhost'] }]), {
      message: 'data/tenants.json: host localhost already belongs to tenant sn',
    });
  });

  it('sets a tenant’s settings from a file, which the seed then leaves alone; refuses a pale colour, a file that is not JSON and one without legal data with exit code 1', async () => {
    const file = path.join(runtime.dataDir, 'bw-settings.json');
    const bw = shippedTenants()[1]!;
    const findBw = async () => (await listTenants(runtime.ctx.db)).find((tenant) => tenant.slug === 'bw')!;
    fs.writeFileSync(file, JSON.stringify({ ...bw.settings, primaryColor: '#ffd700' }));
    assert.equal((await run(['tenant', 'settings', 'bw', file])).code, 1);
    assert.equal((await findBw()).settingsEditedAt, null, 'a refused file changes nothing');
    fs.writeFileSync(file, '{ "logo": ');
    assert.equal((await run(['tenant', 'settings', 'bw', file])).code, 1, 'a file that is not JSON is a refusal, not a crash');
    const { legal, ...withoutLegal } = bw.settings!;
    assert.ok(legal);
    fs.writeFileSync(file, JSON.stringify(withoutLegal));
    assert.equal((await run(['tenant', 'settings', 'bw', file])).code, 1, 'settings without their legal data are a refusal, not a crash');
    assert.match(settingsProblem('bw', withoutLegal as never)!.message, /^tenant bw: settings .*legal/);
    assert.equal((await findBw()).settingsEditedAt, null);
    fs.writeFileSync(file, JSON.stringify({ ...bw.settings, primaryColor: '#004c3f' }));
    assert.equal((await run(['tenant', 'settings', 'bw', file])).code, 0);
    await seedTenants(runtime.ctx);
    const after = await findBw();
    assert.equal(after.settings?.primaryColor, '#004c3f', 'the seed leaves the operator’s settings');
    assert.ok(after.settingsEditedAt);
  });

  it('takes a host list as words and refuses a missing host or an unknown option with exit code 2', async () => {
    const missing = await run(['tenant', 'hosts', 'sn']);
    assert.equal(missing.code, 2);
    assert.match(missing.usage, /missing required argument 'host'/);
    const unknown = await run(['tenant', 'add', 'xy', '--name', 'X', '--host', 'x.localhost', '--land', 'X']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.usage, /unknown option '--land'/);
  });
});

describe('amtsweg tenant in a child process, as an operator runs it', () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-tenant-cli-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  function amtsweg(args: string[]) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('prints what it did, and refuses a taken host with exactly one line on stderr and exit code 1', () => {
    const added = amtsweg(['tenant', 'add', 'nw', '--name', 'Nordrhein-Westfalen', '--host', 'nw.localhost']);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout, 'tenant nw added (nw.localhost); running servers pick this up when they restart\n');
    const taken = amtsweg(['tenant', 'add', 'nrw', '--name', 'NRW', '--host', 'nw.localhost']);
    assert.equal(taken.code, 1);
    assert.equal(taken.stderr, 'amtsweg tenant: host nw.localhost already belongs to tenant nw\n');
    assert.equal(amtsweg(['tenant', 'list']).stdout, 'nw\tNordrhein-Westfalen\tnw.localhost\n');
  });
});
