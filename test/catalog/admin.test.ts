import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ForbiddenError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import type { Actor } from '../../src/modules/access/index.js';
import { getServiceByKey, listAuthoritiesByKind, responsibleAuthorities, setJurisdiction, tenantRegions } from '../../src/modules/catalog/index.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Browser, staffSession } from './staff.js';

describe('catalog editing pages', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let sn: string;
  let bw: string;
  let editor: Browser;
  let caseWorker: Browser;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    const tenants = await runtime.ctx.db.selectFrom('tenants').select(['id', 'slug']).execute();
    sn = tenants.find((t) => t.slug === 'sn')!.id;
    bw = tenants.find((t) => t.slug === 'bw')!.id;
    editor = new Browser(app, (await staffSession(runtime, sn, 'procedureAdmin', 'Paula Pflege')).token);
    const lfulg = (await listAuthoritiesByKind(runtime.ctx, sn, 'geology'))[0]!;
    caseWorker = new Browser(app, (await staffSession(runtime, sn, 'caseWorker', 'Carl Case', lfulg.id)).token);
  });

  const serviceId = async (key: string) => (await getServiceByKey(runtime.ctx, sn, key)).id;
  const h1 = (html: string) => /<h1[^>]*>(.*?)<\/h1>/s.exec(html)?.[1];
  const firstHit = async (query: string) =>
    /<h3 class="kern-title"><a class="kern-link" href="([^"]+)"/.exec((await app.inject(`/suche?q=${encodeURIComponent(query)}`)).body)?.[1];

  it('sends anonymous visitors to sign in and refuses a case worker with 403', async () => {
    const id = await serviceId('hund-anmelden');
    for (const url of ['/verwaltung/leistungen', `/verwaltung/leistungen/${id}/de`, `/verwaltung/leistungen/${id}/zustaendigkeiten`]) {
      const anonymous = await app.inject(url);
      assert.equal(anonymous.statusCode, 303, url);
      assert.match(String(anonymous.headers.location), /^\/anmelden\?zurueck=/);
      assert.equal((await caseWorker.get(url)).statusCode, 403, url);
    }
    // A case worker's form post (with a valid CSRF token from another page) is refused and changes nothing.
    const refused = await caseWorker.post(`/verwaltung/leistungen/${id}/de`, { version: '1', name: 'Gekapert' }, '/');
    assert.equal(refused.statusCode, 403);
    assert.notEqual((await getServiceByKey(runtime.ctx, sn, 'hund-anmelden')).texts.de?.name, 'Gekapert');
  });

  it('links the editing pages in the navigation of those who may edit, and only theirs', async () => {
    const navLink = /<nav aria-label="Hauptnavigation"[\s\S]*?<a class="kern-link" href="\/verwaltung\/leistungen">Leistungen bearbeiten<\/a>[\s\S]*?<\/nav>/;
    for (const url of ['/konto', '/']) assert.match((await editor.get(url)).body, navLink, url);
    const admin = new Browser(app, (await staffSession(runtime, sn, 'tenantAdmin', 'Tina Tenant')).token);
    assert.match((await admin.get('/konto')).body, navLink);
    assert.doesNotMatch((await caseWorker.get('/konto')).body, /href="\/verwaltung\/leistungen"/);
    assert.doesNotMatch((await app.inject('/')).body, /href="\/verwaltung\/leistungen"/);
    // The session of a procedure administrator of another tenant counts for nothing here.
    const other = new Browser(app, (await staffSession(runtime, bw, 'procedureAdmin', 'Otto Other')).token);
    assert.doesNotMatch((await other.get('/konto')).body, /href="\/verwaltung\/leistungen"/);
  });

  it('lists and searches the services', async () => {
    const all = await editor.get('/verwaltung/leistungen');
    assert.equal(all.statusCode, 200);
    assert.equal(h1(all.body), 'Leistungen bearbeiten');
    assert.match(all.body, /Hund anmelden/);
    assert.match(all.body, /Personalausweis/);
    const found = await editor.get('/verwaltung/leistungen?q=Hundesteuer');
    assert.match(found.body, /Hund anmelden/);
    assert.doesNotMatch(found.body, /Baugenehmigung/);
  });

  it('saves a new synonym as a version: the public search finds it, the history and the diff show it', async () => {
    const id = await serviceId('hund-anmelden');
    const url = `/verwaltung/leistungen/${id}/de`;
    assert.notEqual(await firstHit('Vierbeinerabgabe'), '/leistungen/hund-anmelden');
    const form = await editor.get(url);
    assert.equal(form.statusCode, 200);
    for (const field of [
      'name',
      'shortText',
      'fullText',
      'documents',
      'prerequisites',
      'costs',
      'deadlines',
      'processingTime',
      'steps',
      'legalBases',
      'notes',
      'synonyms',
      'forms',
    ]) {
      assert.match(form.body, new RegExp(`<(input|textarea)[^>]* id="${field}"`), field);
    }
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const synonyms = /<textarea[^>]*id="synonyms"[^>]*>([^<]*)<\/textarea>/.exec(form.body)![1]!;
    const saved = await editor.post(url, { version, synonyms: `${synonyms}\nVierbeinerabgabe` });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${url}?gespeichert=${Number(version) + 1}`);

    assert.equal(await firstHit('Vierbeinerabgabe'), '/leistungen/hund-anmelden');
    const after = await editor.get(String(saved.headers.location));
    assert.match(after.body, new RegExp(`Gespeichert als Version ${Number(version) + 1}`));
    assert.match(after.body, /Paula Pflege/);
    assert.match(after.body, /Suchbegriffe \(Synonyme\)<\/td>/);

    const diff = await editor.get(`${url}/versionen/${Number(version) + 1}`);
    assert.equal(diff.statusCode, 200);
    assert.match(diff.body, /<ins class="aw-diff-added"><span class="kern-sr-only">\[hinzugefügt: <\/span>Vierbeinerabgabe/);
    assert.doesNotMatch(diff.body, /<del/);
    assert.equal((await editor.get(`${url}/versionen/999`)).statusCode, 404);
  });

  it('keeps the input and says so when someone changed the text meanwhile', async () => {
    const id = await serviceId('personalausweis');
    const url = `/verwaltung/leistungen/${id}/de`;
    const version = /name="version" value="(\d+)"/.exec((await editor.get(url)).body)![1]!;
    const other = new Browser(app, (await staffSession(runtime, sn, 'tenantAdmin', 'Otto Other')).token);
    assert.equal((await other.post(url, { version, costs: '37 Euro' })).statusCode, 303);
    const late = await editor.post(url, { version, costs: 'Mein Entwurf zu den Kosten' }, url);
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /Die Leistung wurde inzwischen geändert/);
    assert.match(late.body, /Otto Other hat diese Texte am/);
    assert.match(late.body, /Mein Entwurf zu den Kosten/);
    // Saving again from this page overwrites deliberately.
    const current = /name="version" value="(\d+)"/.exec(late.body)![1]!;
    assert.equal(current, String(Number(version) + 1));
    assert.equal((await editor.post(url, { version: current, costs: 'Mein Entwurf zu den Kosten' }, url)).statusCode, 303);
  });

  it('shows bad input next to the field and in the error summary, and saves nothing', async () => {
    const id = await serviceId('gewerbe-anmelden');
    const url = `/verwaltung/leistungen/${id}/de`;
    const version = /name="version" value="(\d+)"/.exec((await editor.get(url)).body)![1]!;
    const bad = await editor.post(url, { version, name: '  ', legalBases: 'Gewerbeordnung § 14 | ftp://example.org' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /<title>Fehler:/);
    assert.match(bad.body, /href="#name">Bitte geben Sie einen Namen ein/);
    assert.match(bad.body, /href="#legalBases">Die Adresse muss mit http:\/\/ oder https:\/\/ beginnen. \(Zeile 1\)/);
    assert.match(bad.body, /id="name-error"/);
    assert.match(bad.body, /id="legalBases-error"/);
    assert.match(bad.body, /ftp:\/\/example.org<\/textarea>/);
    assert.equal(/name="version" value="(\d+)"/.exec((await editor.get(url)).body)![1], version);
  });

  it('refuses a post without the CSRF token', async () => {
    const id = await serviceId('gewerbe-anmelden');
    const url = `/verwaltung/leistungen/${id}/de`;
    const response = await editor.post(url, { version: '1', name: 'Ohne Token' }, url, { withCsrf: false });
    assert.equal(response.statusCode, 403);
    assert.notEqual((await getServiceByKey(runtime.ctx, sn, 'gewerbe-anmelden')).texts.de?.name, 'Ohne Token');
  });

  it('sets and clears a jurisdiction; the Zuständigkeitsfinder answer follows', async () => {
    const bohranzeige = await getServiceByKey(runtime.ctx, sn, 'bohranzeige');
    const url = `/verwaltung/leistungen/${bohranzeige.id}/zustaendigkeiten`;
    const gemeinde = (await tenantRegions(runtime.ctx, sn)).find((r) => r.parentAgs === '14522')!;
    const elsewhere = (await tenantRegions(runtime.ctx, sn)).find((r) => r.parentAgs === '14612' || r.ags === '14612000')!;
    const always = async (ags: string) => (await responsibleAuthorities(runtime.ctx, sn, 'bohranzeige', ags)).filter((r) => r.conditionKey === null).map((r) => r.authority.key);
    assert.deepEqual(await always(gemeinde.ags), ['lfulg']);
    const district = (await listAuthoritiesByKind(runtime.ctx, sn, 'district')).find((a) => a.regionAgs === '14522')!;

    const page = await editor.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /tiefer als 100 Meter/);
    const set = await editor.post(url, { region: 'Mittelsachsen', conditionKey: 'immer', authorityId: district.id });
    assert.equal(set.statusCode, 303);
    assert.deepEqual(await always(gemeinde.ags), [district.key], 'the Kreis row beats the Land row');
    assert.deepEqual(await always(elsewhere.ags), ['lfulg'], 'other Kreise keep the Land answer');
    const responsibleOnPage = async () => {
      const html = (await app.inject(`/leistungen/bohranzeige?ort=${gemeinde.ags}`)).body;
      return html.slice(html.indexOf('aw-responsible'));
    };
    assert.doesNotMatch(await responsibleOnPage(), /Landesamt für Umwelt, Landwirtschaft und Geologie/, 'the service page follows');
    const history = await editor.get(String(set.headers.location));
    assert.match(history.body, /Zuständigkeit gespeichert/);
    assert.match(history.body, new RegExp(`von niemand zu ${district.name.replace(/[()]/g, '.')}`));
    assert.match(history.body, /Paula Pflege/);

    const cleared = await editor.post(`${url}/entfernen`, { region: '14522', conditionKey: 'immer' }, url);
    assert.equal(cleared.statusCode, 303);
    assert.deepEqual(await always(gemeinde.ags), ['lfulg']);
    assert.match(await responsibleOnPage(), /Landesamt für Umwelt, Landwirtschaft und Geologie/);

    const audit = await runtime.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'catalog.jurisdiction.update').execute();
    assert.equal(audit.length, 2);
  });

  it('shows 50 rows of a Gemeinde-level service at a time, and filters them by area', async () => {
    const url = `/verwaltung/leistungen/${await serviceId('personalausweis')}/zustaendigkeiten`;
    const all = await editor.get(url);
    assert.match(all.body, /Aktuelle Einträge \(419\)/);
    assert.match(all.body, /50 von 419 Einträgen angezeigt/);
    assert.equal((all.body.match(/action="[^"]+\/zustaendigkeiten\/entfernen"/g) ?? []).length, 50);
    const freiberg = await editor.get(`${url}?gebiet=Freiberg`);
    assert.match(freiberg.body, /1 Eintrag angezeigt\./);
    assert.match(freiberg.body, /Freiberg \(Stadt, 14522180\)/);
    assert.match((await editor.get(`${url}?gebiet=14522`)).body, /\d+ von \d+ Einträgen angezeigt/);
  });

  it('explains a jurisdiction form with an unknown place or no authority', async () => {
    const url = `/verwaltung/leistungen/${await serviceId('bohranzeige')}/zustaendigkeiten`;
    const bad = await editor.post(url, { region: 'Atlantis', conditionKey: 'immer', authorityId: '' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#authorityId">Bitte wählen Sie eine Behörde aus der Liste/);
    const unknownPlace = await editor.post(url, { region: 'Atlantis', conditionKey: 'immer', authorityId: (await listAuthoritiesByKind(runtime.ctx, sn, 'mining'))[0]!.id });
    assert.equal(unknownPlace.statusCode, 422);
    assert.match(unknownPlace.body, /href="#region">Diesen Ort gibt es in Ihrem Land nicht/);
    assert.match(unknownPlace.body, /id="region-error"/);
  });

  it('refuses jurisdiction changes by other tenants and roles', async () => {
    const bohranzeige = await getServiceByKey(runtime.ctx, sn, 'bohranzeige');
    const mining = (await listAuthoritiesByKind(runtime.ctx, sn, 'mining'))[0]!;
    const change = { tenantId: sn, serviceId: bohranzeige.id, regionAgs: '14522', conditionKey: null, authorityId: mining.id };
    const actor = (tenantId: string, role: 'procedureAdmin' | 'caseWorker', authorityId: string | null = null): Actor => ({
      kind: 'staff',
      tenantId,
      accountId: `a-${role}`,
      name: role,
      trustLevel: 'substanziell',
      memberships: [{ authorityId, role }],
    });
    await assert.rejects(setJurisdiction(runtime.ctx, actor(bw, 'procedureAdmin'), change), ForbiddenError);
    await assert.rejects(setJurisdiction(runtime.ctx, actor(sn, 'caseWorker', mining.id), change), ForbiddenError);
    await assert.rejects(setJurisdiction(runtime.ctx, { kind: 'anonymous', tenantId: sn }, change), ForbiddenError);
    const caseWorkerPost = await caseWorker.post(
      `/verwaltung/leistungen/${bohranzeige.id}/zustaendigkeiten`,
      { region: '14522', conditionKey: 'immer', authorityId: mining.id },
      '/',
    );
    assert.equal(caseWorkerPost.statusCode, 403);
    assert.deepEqual(
      (await responsibleAuthorities(runtime.ctx, sn, 'bohranzeige', '14522180')).filter((r) => r.conditionKey === null).map((r) => r.authority.key),
      ['lfulg'],
    );
  });
});
