import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { addTenant } from '../../src/core/tenancy.js';
import { regionCheck, validateAnswers } from '../../src/modules/applications/service.js';
import { createCatalogModule, kreisForPoint, listAllAuthorities, responsibleAuthorities, seedCatalog } from '../../src/modules/catalog/index.js';
import { findPlace } from '../../src/modules/catalog/service.js';
import { formsModule, MapPreview, parseFormDefinition, regionCheckOf } from '../../src/modules/forms/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

const tenantIdOf = async (runtime: TestRuntime, slug: string) => (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

const countByKind = (authorities: readonly { kind: string }[]) => {
  const counts: Record<string, number> = {};
  for (const { kind } of authorities) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
};

describe("catalog: the shipped tenant sn's authorities come out of data/catalog/sn/regions.json as before", () => {
  let runtime: TestRuntime;
  let sn: string;
  before(async () => {
    runtime = await createTestRuntime();
    sn = await tenantIdOf(runtime, 'sn');
  });
  after(() => runtime.dispose());

  it('seeds the same authorities per kind, with the keys, names, addresses and descriptions staff, demo data and procedures use', async () => {
    const authorities = await listAllAuthorities(runtime.ctx, sn);
    assert.deepEqual(countByKind(authorities), {
      disabilityRepresentative: 5,
      district: 13,
      geology: 1,
      mining: 1,
      municipality: 416,
      school: 5,
      staffCouncil: 5,
      water: 13,
    });
    const byKey = new Map(authorities.map((a) => [a.key, a]));
    const pick = (key: string) => {
      const a = byKey.get(key);
      assert.ok(a, key);
      return { name: a.name, kind: a.kind, description: a.description, address: a.address, web: a.web, regionAgs: a.regionAgs };
    };
    assert.deepEqual(pick('uwb-14522'), {
      name: 'Landratsamt Mittelsachsen – Untere Wasserbehörde',
      kind: 'water',
      description: 'Untere Wasserbehörde: Anzeigen nach § 49 WHG / § 41 SächsWG und wasserrechtliche Erlaubnisse.',
      address: { city: 'Freiberg', description: 'Sitz des Landratsamts' },
      web: 'https://www.landkreis-mittelsachsen.de',
      regionAgs: '14522',
    });
    assert.deepEqual(pick('kreis-14612'), {
      name: 'Stadtverwaltung Dresden',
      kind: 'district',
      description: null,
      address: { city: 'Dresden', description: 'Rathaus' },
      web: 'https://www.dresden.de',
      regionAgs: '14612',
    });
    assert.equal(pick('uwb-14612').name, 'Stadtverwaltung Dresden – Untere Wasserbehörde');
    assert.equal(pick('kreis-14729').name, 'Landratsamt Landkreis Leipzig');
    assert.deepEqual(pick('lasub-zwickau'), {
      name: 'Landesamt für Schule und Bildung, Standort Zwickau',
      kind: 'school',
      description: 'Einstellung von Lehrkräften und Schulaufsicht für die Schulen der Region.',
      address: { city: 'Zwickau' },
      web: 'https://www.lasub.smk.sachsen.de',
      regionAgs: '14524',
    });
    assert.deepEqual(pick('gemeinde-14521010'), {
      name: 'Gemeindeverwaltung Amtsberg',
      kind: 'municipality',
      description: 'Verwaltung der Gemeinde Amtsberg, Landkreis Erzgebirgskreis.',
      address: { city: 'Amtsberg', description: 'Anschrift bei der Gemeinde erfragen' },
      web: null,
      regionAgs: '14521010',
    });
    const association = authorities.find((a) => a.kind === 'municipality' && a.description?.includes('gehört zu'));
    assert.match(association?.description ?? '', /^Verwaltung der (Stadt|Gemeinde) .+, Landkreis .+\. Die Gemeinde gehört zu: .+ \(Verwaltungs(verband|gemeinschaft)\)\.$/);
    assert.equal(byKey.has('gemeinde-14612000'), false, 'no Gemeindeverwaltung for a kreisfreie Stadt');
    assert.equal(pick('lfulg').kind, 'geology');
  });

  it('keeps the Zuständigkeiten of generated authorities: a LaSuB Standort for its Kreise, a kreisfreie Stadt for its Gemeinde', async () => {
    const keys = async (service: string, ags: string) => (await responsibleAuthorities(runtime.ctx, sn, service, ags)).map((r) => r.authority.key);
    assert.deepEqual(await keys('lehrerbewerbung', '14523'), ['lasub-zwickau']);
    assert.deepEqual(await keys('lehrerbewerbung', '14626'), ['lasub-bautzen']);
    assert.ok((await keys('bohranzeige', '14522')).includes('uwb-14522'));
    assert.deepEqual(await keys('wohnsitz-anmelden', '14612000'), ['kreis-14612']);
    assert.deepEqual(await keys('wohnsitz-anmelden', '14521010'), ['gemeinde-14521010']);
  });
});

describe('catalog: a synthetic tenant gets regions, generated authorities, a base map and a region check from data alone', () => {
  const root = 'test/fixtures/regions';
  let runtime: TestRuntime;
  let tl: string;
  before(async () => {
    runtime = await createTestRuntime({ modules: [formsModule, createCatalogModule(root)] });
    await addTenant(runtime.ctx, { slug: 'tl', name: 'Testland', hosts: ['tl.localhost'] });
    await seedCatalog(runtime.ctx, root);
    tl = await tenantIdOf(runtime, 'tl');
  });
  after(() => runtime.dispose());

  it('reads the Land, its Kreise and Gemeinden from the CSV columns regions.json names, and its postcodes', async () => {
    const regions = await runtime.ctx.db
      .selectFrom('regions')
      .select(['ags', 'ars', 'name', 'level', 'designation', 'parent_ags'])
      .where('ags', 'like', '99%')
      .orderBy('ags')
      .execute();
    assert.deepEqual(regions, [
      { ags: '99', ars: '99', name: 'Testland', level: 'land', designation: 'Land', parent_ags: null },
      { ags: '99001', ars: '99001', name: 'Nordkreis', level: 'kreis', designation: 'Landkreis', parent_ags: '99' },
      { ags: '99001001', ars: '990010001001', name: 'Nordheim', level: 'gemeinde', designation: 'Stadt', parent_ags: '99001' },
      { ags: '99001002', ars: '990010002002', name: 'Waldhausen', level: 'gemeinde', designation: 'Gemeinde', parent_ags: '99001' },
      { ags: '99002', ars: '99002', name: 'Südstadt', level: 'kreis', designation: 'Kreisfreie Stadt', parent_ags: '99' },
      { ags: '99002000', ars: '990020000000', name: 'Südstadt', level: 'gemeinde', designation: 'Stadt', parent_ags: '99002' },
    ]);
    const place = await findPlace(runtime.ctx, tl, '99101');
    assert.equal(place.kind, 'found');
    assert.equal(place.kind === 'found' && place.region.name, 'Waldhausen');
  });

  it('generates the authorities of the templates, with joined columns, attributes and chosen words', async () => {
    const authorities = await listAllAuthorities(runtime.ctx, tl);
    const summary = authorities
      .map((a) => ({ key: a.key, name: a.name, kind: a.kind, description: a.description, address: a.address, phone: a.phone, web: a.web, regionAgs: a.regionAgs }))
      .sort((a, b) => a.key.localeCompare(b.key));
    assert.deepEqual(summary, [
      {
        key: 'bau-99001',
        name: 'Bauaufsicht Nordkreis',
        kind: 'building',
        description: 'Untere Bauaufsichtsbehörde für Landkreis Nordkreis.',
        address: { city: 'Nordheim', description: 'im Haus der Kreisverwaltung' },
        phone: null,
        web: null,
        regionAgs: '99001',
      },
      {
        key: 'bau-99002',
        name: 'Bauaufsicht Südstadt',
        kind: 'building',
        description: 'Untere Bauaufsichtsbehörde für Kreisfreie Stadt Südstadt.',
        address: { city: 'Südstadt', description: 'im Haus der Kreisverwaltung' },
        phone: null,
        web: null,
        regionAgs: '99002',
      },
      {
        key: 'gemeinde-99001002',
        name: 'Gemeindeverwaltung Waldhausen',
        kind: 'municipality',
        description: null,
        address: { city: 'Waldhausen' },
        phone: null,
        web: null,
        regionAgs: '99001002',
      },
      {
        key: 'kreis-99001',
        name: 'Kreisverwaltung Nordkreis',
        kind: 'district',
        description: null,
        address: { city: 'Nordheim' },
        phone: '+49 9999 100-0',
        web: 'https://nordkreis.example',
        regionAgs: '99001',
      },
      {
        key: 'kreis-99002',
        name: 'Stadtverwaltung Südstadt',
        kind: 'district',
        description: null,
        address: { city: 'Südstadt' },
        phone: '+49 9999 200-0',
        web: null,
        regionAgs: '99002',
      },
      {
        key: 'umweltamt',
        name: 'Landesumweltamt Testland',
        kind: 'environment',
        description: 'Synthetische Testbehörde für das ganze Land.',
        address: { street: 'Am Markt 1', postcode: '99100', city: 'Nordheim' },
        phone: null,
        web: null,
        regionAgs: '99',
      },
    ]);
  });

  it('routes services to the generated authorities: per Kreis, per Gemeinde, and to the Kreis where a Gemeinde has none', async () => {
    const keys = async (service: string, ags: string) => (await responsibleAuthorities(runtime.ctx, tl, service, ags)).map((r) => r.authority.key);
    assert.deepEqual(await keys('baugenehmigung', '99001002'), ['bau-99001']);
    assert.deepEqual(await keys('baugenehmigung', '99002'), ['bau-99002']);
    assert.deepEqual(await keys('gewerbeanmeldung', '99001002'), ['gemeinde-99001002']);
    assert.deepEqual(await keys('gewerbeanmeldung', '99001001'), ['kreis-99001'], 'a Stadt without its own template: the Kreis');
    assert.deepEqual(await keys('gewerbeanmeldung', '99002000'), ['kreis-99002'], 'the kreisfreie Stadt serves its Gemeinde');
  });

  it("contributes the tenant's base map: the region check, the Kreis of a point and the map preview, for this tenant only", async () => {
    const inside = await regionCheck(runtime.ctx, tl);
    assert.equal(inside('testland', 10.5, 50.75), true);
    assert.equal(inside('testland', 10.5, 50.25), true);
    assert.equal(inside('testland', 12, 50.75), false, 'east of the Land');
    assert.equal(inside('saxony', 13.7373, 51.0504), false, "this runtime's data ship no base map saxony");
    assert.equal(regionCheckOf(runtime.ctx.extensions, 'sn')('testland', 10.5, 50.75), false, "another tenant does not see tl's base map");
    assert.equal(await kreisForPoint(runtime.ctx, tl, 10.5, 50.75), '99001');
    assert.equal(await kreisForPoint(runtime.ctx, tl, 10.5, 50.25), '99002');
    assert.equal(await kreisForPoint(runtime.ctx, tl, 12, 50.75), null);

    const form = parseFormDefinition({
      key: 'ort',
      version: '1',
      title: { de: 'Ort', en: 'Place' },
      pages: [
        {
          id: 'ort',
          title: { de: 'Ort', en: 'Place' },
          fields: [
            {
              key: 'site',
              type: 'coordinate',
              crs: ['EPSG:4326'],
              region: { name: 'testland', label: { de: 'Testland', en: 'Testland' } },
              label: { de: 'Lage', en: 'Location' },
            },
          ],
        },
      ],
      map: { title: { de: 'Lage', en: 'Location' }, base: 'testland', features: ['/site'] },
    });
    const site = (lon: number, lat: number) => ({ site: { crs: 'EPSG:4326', lon, lat } });
    const outside = validateAnswers(runtime.ctx, inside, form, site(12, 50.75));
    assert.deepEqual(
      outside.errors.map((e) => e.code),
      ['forms.coordinate.outsideRegion'],
    );
    const valid = validateAnswers(runtime.ctx, inside, form, site(10.5, 50.25));
    assert.deepEqual(valid.errors, []);

    const view = {
      lang: 'de',
      tenant: { slug: 'tl' },
      t: (key: string, params: Record<string, unknown> = {}) => `${key} ${JSON.stringify(params)}`,
      extensions: runtime.ctx.extensions,
    };
    const svg = render(h(MapPreview, { view: view as never, form, value: valid.value }));
    assert.equal((svg.match(/<path /g) ?? []).length, 2, 'the two Kreise');
    assert.equal((svg.match(/fill="#cfe3f7"/g) ?? []).length, 1, 'one Kreis highlighted');
    assert.ok(svg.includes('districts&quot;:&quot;Kreisfreie Stadt Südstadt&quot;'), 'the area named by its pattern');
    const elsewhere = render(h(MapPreview, { view: { ...view, tenant: { slug: 'sn' } } as never, form, value: valid.value }));
    assert.equal(elsewhere, '', 'no base map testland for the tenant sn');
  });
});
