import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { NotFoundError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { seed } from '../../src/runtime.js';
import type { Actor } from '../../src/modules/access/index.js';
import { listAuthoritiesByKind, setJurisdiction, updateServiceText } from '../../src/modules/catalog/index.js';
import { leikaEntries } from '../../src/modules/catalog/leika.js';
import { getServiceByKey, searchServices } from '../../src/modules/catalog/service.js';
import { bumpRevision } from '../../src/modules/catalog/store.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Browser, staffSession } from './staff.js';

/** The LeiKa catalogue as every tenant's skeleton (LEIKA_CATALOG, off in other test runtimes). */
describe('catalog: the LeiKa skeleton', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let sn: string;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      sn = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
    },
    { env: { LEIKA_CATALOG: 'true' } },
  );

  const count = async (table: 'services' | 'service_texts', tenantId?: string) => {
    let query = runtime.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (tenantId) query = query.where('tenant_id', '=', tenantId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  const skeletonRows = async (tenantId: string) =>
    Number(
      (
        await runtime.ctx.db
          .selectFrom('services')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', tenantId)
          .where('origin', '=', 'leika')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('is on by default, but not in test runtimes', () => {
    assert.equal(loadConfig({ NODE_ENV: 'development' }).leikaCatalog, true);
    assert.equal(loadConfig({ NODE_ENV: 'test' }).leikaCatalog, false);
    assert.equal(loadConfig({ NODE_ENV: 'test', LEIKA_CATALOG: 'on' }).leikaCatalog, true);
  });

  it('loads all 4,813 entries into each tenant, an entry a demo service carries only as that service, and once', async () => {
    assert.equal(leikaEntries().length, 4813);
    const keys = new Set(leikaEntries().map((entry) => entry.key));
    const own = await runtime.ctx.db.selectFrom('services').select('leika_key').where('tenant_id', '=', sn).where('origin', '=', 'tenant').execute();
    const ownInLeika = own.filter((row) => keys.has(row.leika_key)).length;
    assert.ok(ownInLeika >= 30, `${ownInLeika} demo services with a LeiKa key`);
    assert.equal((await skeletonRows(sn)) + ownInLeika, 4813);

    // A text staff edited (version 2) stays; a second seed changes no row.
    const altpapier = await runtime.ctx.db.selectFrom('services').select('id').where('tenant_id', '=', sn).where('key', '=', '99001002004000').executeTakeFirstOrThrow();
    const edited = JSON.stringify({ ...(await getServiceByKey(runtime.ctx, sn, '99001002004000')).texts.de, shortText: 'Unsere Altpapiertonne' });
    await runtime.ctx.db.updateTable('service_texts').set({ version: 2, content: edited }).where('service_id', '=', altpapier.id).execute();
    const before = [await count('services'), await count('service_texts')];
    await runtime.ctx.db.updateTable('catalog_tenants').set({ seed_hash: null }).execute(); // force a full reload
    await seed(runtime);
    assert.deepEqual([await count('services'), await count('service_texts')], before);
    const kept = await runtime.ctx.db.selectFrom('service_texts').select('content').where('service_id', '=', altpapier.id).executeTakeFirstOrThrow();
    assert.equal(kept.content, edited);
  });

  it('finds a skeleton service by a word of its name and by its key, in German and English', async () => {
    const byWord = await searchServices(runtime.ctx, sn, 'de', { q: 'Fischereischeinpflicht' });
    assert.ok(
      byWord.hits.some((hit) => hit.service.key === '99042004006000'),
      byWord.hits.map((hit) => hit.service.key).join(),
    );
    const byKey = await searchServices(runtime.ctx, sn, 'de', { q: '99042004006000' });
    assert.equal(byKey.hits[0]?.service.key, '99042004006000');
    assert.equal(byKey.hits[0]?.service.origin, 'leika');
    const english = await searchServices(runtime.ctx, sn, 'en', { q: 'Fischereischeinpflicht' });
    assert.ok(english.hits.some((hit) => hit.service.key === '99042004006000'));
  });

  // The skeleton changes the collection statistics (its entries have short texts), so the order
  // among the demo services may shift; they still come before the LeiKa entries.
  const expectedAtTop: [string, string][] = [
    ['Erdwärme', 'bohranzeige'],
    ['Hundesteuer', 'hund-anmelden'],
    ['Personalausweis', 'personalausweis'],
    ['Gewerbe anmelden', 'gewerbe-anmelden'],
  ];
  for (const [query, key] of expectedAtTop) {
    it(`still finds the demo service "${key}" at the top for "${query}" with the whole catalogue loaded`, async () => {
      const top = (await searchServices(runtime.ctx, sn, 'de', { q: query })).hits.slice(0, 3).map((hit) => hit.service);
      assert.equal(top[0]?.origin, 'tenant');
      assert.ok(
        top.some((service) => service.key === key),
        `got ${top.map((service) => service.key)}`,
      );
    });
  }

  it('marks skeleton entries in the search results and the API', async () => {
    const results = await app.inject('/suche?q=Altpapier%20Entsorgung');
    assert.equal(results.statusCode, 200);
    assert.match(results.body, /href="\/leistungen\/99001002004000">Altpapier Entsorgung<\/a><\/h3><p class="kern-body"><span class="kern-badge[^"]*">Nur Information<\/span>/);
    const api = (await app.inject('/api/v1/services?q=Altpapier%20Entsorgung')).json() as { items: { key: string; informationOnly: boolean; leikaKey: string }[] };
    assert.deepEqual(
      api.items.filter((item) => item.key === '99001002004000').map((item) => [item.leikaKey, item.informationOnly]),
      [['99001002004000', true]],
    );
    const demo = (await app.inject('/api/v1/services?q=Personalausweis')).json() as { items: { key: string; informationOnly: boolean }[] };
    assert.equal(demo.items.find((item) => item.key === 'personalausweis')?.informationOnly, false);
  });

  it('lists the own services of the tenant for editing and finds the LeiKa entries by searching', async () => {
    const editor = new Browser(app, (await staffSession(runtime, sn, 'procedureAdmin', 'Paula Pflege')).token);
    const list = await editor.get('/verwaltung/leistungen');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /42 Leistungen/);
    assert.match(list.body, /Dazu kommen 4\.781 Einträge des Leistungskatalogs/);
    assert.doesNotMatch(list.body, /Altpapier/);
    const found = await editor.get('/verwaltung/leistungen?q=Altpapier%20Entsorgung');
    assert.match(found.body, /Altpapier Entsorgung <span class="kern-badge[^"]*">Nur Information<\/span>/);
  });

  it('says on the page of a skeleton entry that it is information only, with its Typisierung and legal bases', async () => {
    const page = await app.inject('/leistungen/99001002004000');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="kern-heading-large">Altpapier Entsorgung<\/h1>/);
    assert.match(page.body, /Nur Information/);
    assert.match(page.body, /nicht online beantragen/);
    assert.match(page.body, /<a class="kern-link" href="http:\/\/www.gesetze-im-internet.de\/krwg\/">Kreislaufwirtschaftsgesetz \(KrWG\)<\/a>/);
    assert.match(page.body, /Verpackungsabfällen \(VerpackV\)/);
    assert.match(page.body, /Typisierung<\/dt><dd[^>]*>2\/3 – Bund regelt, Land oder Kommune vollzieht</);
    assert.match(page.body, /10110 Abfallentsorgung/);
    assert.match(page.body, /Wohnen &amp; Umzug/);
    assert.doesNotMatch(page.body, /Online beantragen|action="\/ort"/);

    const withoutLegalBasis = await app.inject('/leistungen/99001001000000');
    assert.match(withoutLegalBasis.body, /Der Leistungskatalog nennt für diese Leistung keine Rechtsgrundlage/);
    const english = await app.inject({ url: '/leistungen/99001002004000', headers: { 'accept-language': 'en' } });
    assert.match(english.body, /Information only/);
    assert.match(english.body, /regulated by the Federation, carried out by the Land or the municipality/);
  });

  it('drops the parts of the notice a tenant has done: its own text and a responsible authority; without procedure it stays information only', async () => {
    const actor: Actor = {
      kind: 'staff',
      tenantId: sn,
      accountId: 'editor-1',
      name: 'Redaktion',
      trustLevel: 'substanziell',
      memberships: [{ authorityId: null, role: 'procedureAdmin' }],
    };
    const entry = await getServiceByKey(runtime.ctx, sn, '99001003004000'); // Bioabfall Entsorgung
    const before = (await app.inject('/leistungen/99001003004000')).body;
    assert.match(before, /Sie sehen die Angaben aus dem bundesweiten Leistungskatalog/);
    assert.match(before, /Fragen Sie bei Ihrer Gemeinde- oder Stadtverwaltung nach/);
    await updateServiceText(runtime.ctx, actor, {
      tenantId: sn,
      serviceId: entry.id,
      lang: 'de',
      text: { shortText: 'Die Biotonne leert der Landkreis alle zwei Wochen.' },
      expectedVersion: 1,
    });
    const district = (await listAuthoritiesByKind(runtime.ctx, sn, 'district')).find((authority) => authority.regionAgs === '14612')!;
    await setJurisdiction(runtime.ctx, actor, { tenantId: sn, serviceId: entry.id, regionAgs: '14612', conditionKey: null, authorityId: district.id });
    const after = await app.inject({ url: '/leistungen/99001003004000', cookies: { aw_ort: '14612000' } });
    assert.match(after.body, /Nur Information/);
    assert.match(after.body, /nicht online beantragen/);
    assert.match(after.body, /Die Biotonne leert der Landkreis/);
    assert.doesNotMatch(after.body, /Sie sehen die Angaben aus dem bundesweiten Leistungskatalog|Fragen Sie bei Ihrer Gemeinde/);
    assert.match(after.body, new RegExp(`href="/behoerden/${district.id}"`));
  });

  it('shows the real LeiKa keys of the demo services, and the OZG-ID instead of a key for the Bohranzeige', async () => {
    const key = (html: string) => /Leistungsschlüssel \(LeiKa\)<\/dt><dd[^>]*>([^<]+)</.exec(html)?.[1];
    assert.equal(key((await app.inject('/leistungen/wohnsitz-anmelden')).body), '99115005104000');
    assert.equal(key((await app.inject('/leistungen/erdwaermesonde-erlaubnis')).body), '99129025005002');
    assert.equal(key((await app.inject('/leistungen/baugenehmigung')).body), '99012008001000');
    // The demo service is the catalogue entry: no second page for its key.
    assert.equal((await app.inject('/leistungen/99115005104000')).statusCode, 404);
    const bohranzeige = (await app.inject('/leistungen/bohranzeige')).body;
    assert.equal(key(bohranzeige), 'Keiner: Die Leistung steht nicht im Leistungskatalog (LeiKa).');
    assert.match(bohranzeige, /OZG-Leistung<\/dt><dd[^>]*>10502</);
    assert.doesNotMatch(bohranzeige, /99999/);
    assert.doesNotMatch(bohranzeige, /Nur Information/);
  });

  it('lets a service of the tenant that takes a LeiKa key replace the skeleton entry at once', async () => {
    await runtime.ctx.db.updateTable('services').set({ leika_key: '99102013010000' }).where('tenant_id', '=', sn).where('key', '=', 'hund-anmelden').execute();
    await bumpRevision(runtime.ctx.db, sn);
    await assert.rejects(getServiceByKey(runtime.ctx, sn, '99102013010000'), NotFoundError);
    const answer = await searchServices(runtime.ctx, sn, 'de', { q: '99102013010000' });
    assert.equal(answer.hits[0]?.service.key, 'hund-anmelden');
  });
});
