import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedTenants, shippedTenants, TenantDirectory } from '../../src/core/tenancy.js';
import { runAmtsweg } from '../helpers/cli.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

describe('amtsweg tenant', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime();
  });
  after(() => runtime.dispose());

  const run = (args: string[]) => runAmtsweg(runtime, args);

  it('seeds the tenants of data/tenants.json and lists them with their hosts', async () => {
    assert.deepEqual(
      shippedTenants().map((tenant) => tenant.slug),
      ['sn', 'bw'],
    );
    const listed = await run(['tenant', 'list']);
    assert.equal(listed.code, 0);
    assert.match(listed.out, /^sn\tAmt24 Sachsen\tlocalhost,127\.0\.0\.1$/m);
    assert.match(listed.out, /^bw\tservice-bw Baden-Württemberg\tbw\.localhost$/m);
  });

  it('adds a tenant that a reloaded directory finds by its host, and writes an audit entry', async () => {
    const added = await run(['tenant', 'add', 'by', '--name', 'BayernPortal', '--host', 'by.localhost, Bayern.Localhost']);
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /tenant by added \(by\.localhost, bayern\.localhost\); running servers pick this up when they restart/);
    const directory = new TenantDirectory();
    await directory.reload(runtime.ctx.db);
    assert.equal(directory.forHost('bayern.localhost:8080')?.slug, 'by');
    const audit = await runtime.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'tenant.add').execute();
    assert.equal(audit.length, 3, 'sn and bw from the seed, by from the command');
  });

  it('refuses a host another tenant has, a taken slug and a malformed host with one line and exit code 1', async () => {
    const refusals: [string[], string][] = [
      [['tenant', 'add', 'he', '--name', 'Hessen', '--host', 'he.localhost,bw.localhost'], 'amtsweg tenant: host bw.localhost already belongs to tenant bw\n'],
      [['tenant', 'add', 'bw', '--name', 'Noch einmal', '--host', 'bw2.localhost'], 'amtsweg tenant: tenant bw exists already\n'],
      [
        ['tenant', 'add', 'he', '--name', 'Hessen', '--host', 'https://he.localhost'],
        'amtsweg tenant: "https://he.localhost" is not a host name (lower-case, without port or scheme)\n',
      ],
      [['tenant', 'hosts', 'sn', 'localhost', 'by.localhost'], 'amtsweg tenant: host by.localhost already belongs to tenant by\n'],
      [['tenant', 'hosts', 'nirgendwo', 'x.localhost'], 'amtsweg tenant: no tenant nirgendwo\n'],
    ];
    for (const [args, line] of refusals) {
      const result = await run(args);
      assert.equal(result.code, 1, args.join(' '));
      assert.equal(result.err, line);
      assert.equal(result.out, '');
    }
    const he = await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'he').executeTakeFirst();
    assert.equal(he, undefined, 'a refused tenant is not stored');
  });

  it('replaces the hosts of a tenant, so the old host selects no tenant after a reload', async () => {
    const result = await run(['tenant', 'hosts', 'by', 'bayern.example', 'www.bayern.example']);
    assert.equal(result.code, 0, result.err);
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

  it('takes a host list as words and refuses an unknown option with exit code 2', async () => {
    const missing = await run(['tenant', 'hosts', 'sn']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /missing required argument 'host'/);
    const unknown = await run(['tenant', 'add', 'xy', '--name', 'X', '--host', 'x.localhost', '--land', 'X']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown option '--land'/);
  });
});
