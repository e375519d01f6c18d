import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { addTenant } from '../../src/core/tenancy.js';
import { CatalogSeedError, exportXzufi, importXzufi, listAuthorityKinds, seedCatalog, XzufiError } from '../../src/modules/catalog/index.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { tenantId } from '../applications/helpers.js';

/** Authority kinds are catalogue data (data/catalog/authority-kinds.json), not a list in the code. */
describe('authority kinds', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened));

  it('are seeded for every tenant with a catalogue, with labels in both languages and the staff flag', async () => {
    const kinds = await listAuthorityKinds(runtime.ctx, await tenantId(runtime, 'bw'));
    assert.deepEqual(
      kinds.map((kind) => kind.key),
      ['state', 'geology', 'mining', 'water', 'school', 'district', 'municipality', 'staffCouncil', 'disabilityRepresentative'],
    );
    const water = kinds.find((kind) => kind.key === 'water')!;
    assert.deepEqual(water.label, { de: 'Untere Wasserbehörde', en: 'Lower water authority' });
    assert.deepEqual(
      kinds.filter((kind) => !kind.staffAccounts).map((kind) => kind.key),
      ['municipality'],
      'the ~400 Gemeindeverwaltungen stay out of the staff form',
    );
  });

  it('are listed by the API, filter the authorities, and an unknown one is a problem at /kind', async () => {
    const listed = await app.inject('/api/v1/authority-kinds');
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.json().items[3], { key: 'water', label: { de: 'Untere Wasserbehörde', en: 'Lower water authority' } });
    const mining = await app.inject('/api/v1/authorities?kind=mining');
    assert.deepEqual(
      mining.json().items.map((a: { kind: string }) => a.kind),
      ['mining'],
    );
    const unknown = await app.inject('/api/v1/authorities?kind=roadAuthority');
    assert.equal(unknown.statusCode, 422);
    assert.match(String(unknown.headers['content-type']), /application\/problem\+json/);
    assert.equal(unknown.json().errors[0].pointer, '/kind');
  });

  it("label the authorities page in the reader's language, from the data", async () => {
    const german = await app.inject('/behoerden?art=water');
    assert.match(german.body, /<option value="water" selected>Untere Wasserbehörde<\/option>/);
    const english = await app.inject({ url: '/behoerden?art=mining', headers: { 'accept-language': 'en' } });
    assert.match(english.body, /– Mining authority<\/span>/);
  });

  it('refuse an XZuFi import whose authority is of a kind the tenant does not define, naming line and element', async () => {
    const exported = await exportXzufi(runtime.ctx, await tenantId(runtime, 'bw'));
    const changed = exported.replace(/(<(?:xzufi:)?kategorie>)municipality</, '$1roadAuthority<');
    assert.notEqual(changed, exported, 'the export names the kind');
    await assert.rejects(
      importXzufi(runtime.ctx, await tenantId(runtime, 'bw'), changed),
      (error: unknown) => error instanceof XzufiError && /<kategorie>: unknown kind "roadAuthority"$/.test(error.message),
    );
  });

  it('stop a catalogue seed whose authority is of a kind no file defines, with one line naming folder, authority and kind', async () => {
    await addTenant(runtime.ctx, { slug: 'we', name: 'Stadt Weimar', hosts: ['weimar.localhost'] });
    await assert.rejects(seedCatalog(runtime.ctx, 'test/fixtures/catalog-without-kinds'), (error: unknown) => {
      assert.ok(error instanceof CatalogSeedError);
      assert.equal(error.message, 'test/fixtures/catalog-without-kinds/we: authority weimar-strassen is of kind "roadAuthority", which authority-kinds.json does not define');
      return true;
    });
    assert.deepEqual(await listAuthorityKinds(runtime.ctx, await tenantId(runtime, 'we')).catch(() => 'no catalogue'), 'no catalogue', 'nothing of the seed is kept');
  });
});
