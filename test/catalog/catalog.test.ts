import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../../src/core/audit/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/core/errors.js';
import { seed } from '../../src/runtime.js';
import type { Actor, StaffRole } from '../../src/modules/access/index.js';
import { kreisForPoint, kreisOf, listAuthoritiesByKind, responsibleAuthorities, updateServiceText, serviceTextHistory } from '../../src/modules/catalog/index.js';
import { regionCheckOf } from '../../src/modules/forms/index.js';
import { findPlace, getAuthority, getServiceByKey, searchServices } from '../../src/modules/catalog/service.js';
import { upsertAuthorities } from '../../src/modules/catalog/store.js';
import { newId } from '../../src/core/ids.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

describe('catalog: reference data, search, jurisdiction, editing', () => {
  let runtime: TestRuntime;
  let sn: string;
  let bw: string;
  before(async () => {
    runtime = await createTestRuntime();
    const tenants = await runtime.ctx.db.selectFrom('tenants').select(['id', 'slug']).execute();
    sn = tenants.find((t) => t.slug === 'sn')!.id;
    bw = tenants.find((t) => t.slug === 'bw')!.id;
  });
  after(async () => {
    await runtime?.dispose();
  });

  const count = async (table: 'regions' | 'services' | 'authorities' | 'jurisdictions', where?: [string, string]) => {
    let query = runtime.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (where) query = query.where(where[0] as never, '=', where[1] as never);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  it('loads Saxony: the Land, 13 Kreise, 419 Gemeinden, and the authorities the procedures need', async () => {
    assert.equal((await count('regions', ['level', 'kreis'])) - 1, 13); // + Stuttgart of the bw demo
    const gemeinden = await runtime.ctx.db.selectFrom('regions').select('ags').where('level', '=', 'gemeinde').where('ags', 'like', '14%').execute();
    assert.equal(gemeinden.length, 419);
    assert.equal((await listAuthoritiesByKind(runtime.ctx, sn, 'water')).length, 13);
    assert.equal((await listAuthoritiesByKind(runtime.ctx, sn, 'school')).length, 5);
    assert.equal((await listAuthoritiesByKind(runtime.ctx, sn, 'district')).length, 13);
    assert.deepEqual(
      (await listAuthoritiesByKind(runtime.ctx, sn, 'mining')).map((a) => a.name),
      ['Sächsisches Oberbergamt'],
    );
    assert.ok((await count('services', ['tenant_id', sn])) >= 40);
  });

  it('seeds idempotently: a second run changes no row count', async () => {
    const before = [await count('regions'), await count('services'), await count('authorities'), await count('jurisdictions')];
    await runtime.ctx.db.updateTable('catalog_tenants').set({ seed_hash: null }).execute(); // force a full reload
    await seed(runtime);
    const after = [await count('regions'), await count('services'), await count('authorities'), await count('jurisdictions')];
    assert.deepEqual(after, before);
  });

  const expectedFirst: [string, string][] = [
    ['Erdwärme', 'bohranzeige'],
    ['Erdwaerme', 'bohranzeige'],
    ['Bohrung anzeigen', 'bohranzeige'],
    ['Lehrer bewerben', 'bewerbung-schuldienst'],
    ['ummelden', 'wohnsitz-anmelden'],
    ['Hundesteuer', 'hund-anmelden'],
    ['Personalausweis', 'personalausweis'],
    ['Persnalausweis', 'personalausweis'],
    ['Auto anmelden', 'kfz-zulassung'],
    ['Heirat', 'eheschliessung-anmelden'],
  ];
  for (const [query, key] of expectedFirst) {
    it(`finds "${key}" first for "${query}"`, async () => {
      const answer = await searchServices(runtime.ctx, sn, 'de', { q: query });
      assert.equal(answer.hits[0]?.service.key, key, `got ${answer.hits.slice(0, 3).map((h) => h.service.key)}`);
    });
  }

  it('ranks a name hit above a text-only hit and counts facets by Lebenslage', async () => {
    const answer = await searchServices(runtime.ctx, sn, 'de', { q: 'Bohrung' });
    assert.ok(answer.hits.length >= 3);
    assert.ok((answer.facets.get('erdwaerme-bohrungen') ?? 0) >= 3);
    const filtered = await searchServices(runtime.ctx, sn, 'de', { q: 'anmelden', lebenslage: 'tiere' });
    assert.deepEqual(
      filtered.hits.map((h) => h.service.key),
      ['hund-anmelden'],
    );
  });

  it('suggests a correction when nothing is found, and answers empty and over-long queries clearly', async () => {
    const misspelt = await searchServices(runtime.ctx, sn, 'de', { q: 'Persnalausweiss' });
    assert.equal(misspelt.hits.length, 0);
    assert.equal(misspelt.suggestion, 'personalausweis');
    const nothing = await searchServices(runtime.ctx, sn, 'de', { q: 'Xylophon' });
    assert.deepEqual([nothing.hits.length, nothing.suggestion], [0, null]);
    const empty = await searchServices(runtime.ctx, sn, 'de', { q: '   ' });
    assert.equal(empty.hits.length, await count('services', ['tenant_id', sn]));
    await assert.rejects(searchServices(runtime.ctx, sn, 'de', { q: 'x'.repeat(10_000) }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(
        error.fields.map((f) => [f.pointer, f.code]),
        [['/q', 'catalog.search.tooLong']],
      );
      return true;
    });
  });

  it('searches in English too, and keeps tenants apart', async () => {
    const english = await searchServices(runtime.ctx, sn, 'en', { q: 'identity card' });
    assert.equal(english.hits[0]?.service.key, 'personalausweis');
    const bwHits = await searchServices(runtime.ctx, bw, 'de', { q: 'Bohrung' });
    assert.equal(bwHits.hits.length, 0);
    assert.equal((await searchServices(runtime.ctx, bw, 'de', { q: '' })).hits.length, 2);
  });

  it('resolves places by PLZ, name, AGS and ARS, and asks when a PLZ is ambiguous', async () => {
    const dresden = await findPlace(runtime.ctx, sn, '01067');
    assert.equal(dresden.kind === 'found' && dresden.region.ags, '14612000');
    const byName = await findPlace(runtime.ctx, sn, 'freiberg');
    assert.equal(byName.kind === 'found' && byName.region.name, 'Freiberg');
    const byAgs = await findPlace(runtime.ctx, sn, '14521010');
    assert.equal(byAgs.kind === 'found' && byAgs.region.name, 'Amtsberg');
    const byArs = await findPlace(runtime.ctx, sn, '145210010010');
    assert.equal(byArs.kind === 'found' && byArs.region.ags, '14521010');
    const ambiguous = await findPlace(runtime.ctx, sn, '01454');
    assert.equal(ambiguous.kind, 'choose');
    assert.deepEqual(ambiguous.kind === 'choose' && ambiguous.options.map((r) => r.name).sort(), ['Radeberg', 'Wachau']);
    const byKreis = await findPlace(runtime.ctx, sn, '01774'); // Ortsteile only: ask within the Kreis
    assert.ok(byKreis.kind === 'choose' && byKreis.kreis?.ags === '14628' && byKreis.options.length === 36);
    assert.equal((await findPlace(runtime.ctx, sn, '99999')).kind, 'unknown');
    assert.equal((await findPlace(runtime.ctx, sn, '08111000')).kind, 'unknown'); // Stuttgart is not in Saxony
    assert.equal((await findPlace(runtime.ctx, sn, '')).kind, 'empty');
  });

  it('names every authority of the drilling notification for a place, each with its condition', async () => {
    const result = await responsibleAuthorities(runtime.ctx, sn, 'bohranzeige', '14612000');
    assert.deepEqual(
      result.map((r) => [r.authority.key, r.conditionKey]),
      [
        ['lfulg', null],
        ['oba', 'depth_over_100m'],
        ['uwb-14612', 'groundwater'],
      ],
    );
    assert.match(result[2]!.conditionTexts?.de ?? '', /Grundwasser/);
    // The service key finds the same as the procedure key.
    const byServiceKey = await responsibleAuthorities(runtime.ctx, sn, 'bohranzeige', '14522180');
    assert.equal(byServiceKey.find((r) => r.conditionKey === 'groundwater')?.authority.key, 'uwb-14522');
  });

  it('finds authorities in the catalogue snapshot, and one imported after the snapshot (another instance) by reading it', async () => {
    const lfulg = (await listAuthoritiesByKind(runtime.ctx, sn, 'geology'))[0]!;
    assert.equal((await getAuthority(runtime.ctx, sn, lfulg.id))?.key, lfulg.key);
    // Written as another instance's import would be, without this process seeing the revision move.
    const late = { ...lfulg, id: newId(), key: 'late-import', name: 'Nachträglich importiert' };
    await upsertAuthorities(runtime.ctx.db, [late], new Date().toISOString());
    assert.equal((await getAuthority(runtime.ctx, sn, late.id))?.name, 'Nachträglich importiert');
    assert.equal(await getAuthority(runtime.ctx, sn, newId()), undefined);
    assert.equal(await getAuthority(runtime.ctx, bw, lfulg.id), undefined, 'another tenant does not see it');
    await runtime.ctx.db.deleteFrom('authorities').where('id', '=', late.id).execute();
  });

  it('takes the most specific region: Gemeinde services need a Gemeinde, kreisfreie Städte serve themselves', async () => {
    const amtsberg = await responsibleAuthorities(runtime.ctx, sn, 'personalausweis', '14521010');
    assert.deepEqual(
      amtsberg.map((r) => r.authority.name),
      ['Gemeindeverwaltung Amtsberg'],
    );
    const leipzig = await responsibleAuthorities(runtime.ctx, sn, 'personalausweis', '14713000');
    assert.deepEqual(
      leipzig.map((r) => r.authority.name),
      ['Stadtverwaltung Leipzig'],
    );
    assert.deepEqual(await responsibleAuthorities(runtime.ctx, sn, 'personalausweis', '14521'), []);
    const teachers = await responsibleAuthorities(runtime.ctx, sn, 'lehrerbewerbung', '14523');
    assert.deepEqual(
      teachers.map((r) => r.authority.key),
      ['lasub-zwickau'],
    );
  });

  it("answers Kreis and Land questions for points and AGS from the tenant's base map", async () => {
    assert.equal(kreisOf('14612000'), '14612');
    assert.equal(kreisOf('14'), null);
    assert.equal(await kreisForPoint(runtime.ctx, sn, 13.7373, 51.0504), '14612'); // Dresden
    assert.equal(await kreisForPoint(runtime.ctx, sn, 12.3731, 51.3397), '14713'); // Leipzig
    assert.equal(await kreisForPoint(runtime.ctx, sn, Number.NaN, 51), null);
    assert.equal(await kreisForPoint(runtime.ctx, bw, 13.7373, 51.0504), null, 'the bw tenant ships no base map');
    const insideSn = regionCheckOf(runtime.ctx.extensions, 'sn');
    assert.equal(insideSn('saxony', 13.7373, 51.0504), true);
    assert.equal(insideSn('saxony', 9.1829, 48.7758), false); // Stuttgart
    assert.equal(insideSn('bavaria', 13.7373, 51.0504), false, 'a region no base map has');
    assert.equal(regionCheckOf(runtime.ctx.extensions, 'bw')('saxony', 13.7373, 51.0504), false, "another tenant does not see sn's base");
  });

  it('versions and audits a text edit, rebuilds the search index, and refuses strangers and stale edits', async () => {
    const editorOf = (tenantId: string, role: StaffRole): Actor => ({
      kind: 'staff',
      tenantId,
      accountId: 'editor-1',
      name: 'Redaktion',
      trustLevel: 'substanziell',
      memberships: [{ authorityId: null, role }],
    });
    const actor = editorOf(sn, 'procedureAdmin');
    const service = await getServiceByKey(runtime.ctx, sn, 'hund-anmelden');
    const synonyms = [...(service.texts.de?.synonyms ?? []), 'Vierbeiner']; // cspell:disable-line
    const { version } = await updateServiceText(runtime.ctx, actor, { tenantId: sn, serviceId: service.id, lang: 'de', text: { synonyms }, expectedVersion: 1 });
    assert.equal(version, 2);
    const found = await searchServices(runtime.ctx, sn, 'de', { q: 'Vierbeiner' });
    assert.equal(found.hits[0]?.service.key, 'hund-anmelden');
    const history = await serviceTextHistory(runtime.ctx, sn, service.id);
    assert.deepEqual(
      history.map((h) => [h.version, h.actorId, h.changedFields]),
      [[2, 'editor-1', ['synonyms']]],
    );
    const audit = await runtime.ctx.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'catalog.service_text.update').execute();
    assert.deepEqual(audit, [{ action: 'catalog.service_text.update', object_id: service.id }]);
    assert.equal((await verifyAudit(runtime.ctx.db)).breaks.length, 0);

    await assert.rejects(updateServiceText(runtime.ctx, actor, { tenantId: sn, serviceId: service.id, lang: 'de', text: { notes: 'x' }, expectedVersion: 1 }), ConflictError);
    await assert.rejects(updateServiceText(runtime.ctx, editorOf(bw, 'procedureAdmin'), { tenantId: sn, serviceId: service.id, lang: 'de', text: { notes: 'x' } }), ForbiddenError);
    await assert.rejects(updateServiceText(runtime.ctx, editorOf(sn, 'caseWorker'), { tenantId: sn, serviceId: service.id, lang: 'de', text: { notes: 'x' } }), ForbiddenError);
    await assert.rejects(updateServiceText(runtime.ctx, actor, { tenantId: sn, serviceId: service.id, lang: 'de', text: { name: ' ' } }), ValidationError);
    assert.equal((await serviceTextHistory(runtime.ctx, sn, service.id)).length, 1);
  });
});
