import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { catalogModule } from '../../src/modules/catalog/index.js';
import { formsModule } from '../../src/modules/forms/index.js';
import { createTestApp, useTestApp, type TestRuntime } from '../helpers/runtime.js';

describe('catalog pages and API over HTTP', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened));

  const h1 = (html: string) => /<h1[^>]*>(.*?)<\/h1>/s.exec(html)?.[1];

  it('serves the home page with search, Lebenslagen and frequent services', async () => {
    const response = await app.inject('/');
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), 'Verwaltung online erledigen');
    assert.match(response.body, /action="\/suche"/);
    assert.match(response.body, /href="\/lebenslagen\/erdwaerme-bohrungen"/);
    assert.match(response.body, /href="\/leistungen\/wohnsitz-anmelden"/);
  });

  it('shows search results with facets, a did-you-mean link, and clear messages for empty and huge queries', async () => {
    const results = await app.inject('/suche?q=Erdw%C3%A4rme');
    assert.equal(results.statusCode, 200);
    const firstLink = /<h3 class="kern-title"><a class="kern-link" href="([^"]+)"/.exec(results.body)?.[1];
    assert.equal(firstLink, '/leistungen/bohranzeige');
    assert.match(results.body, /Nach Lebenslage eingrenzen/);
    const misspelt = await app.inject('/suche?q=Persnalausweiss');
    assert.match(misspelt.body, /Meinten Sie:.*href="\/suche\?q=personalausweis"/s);
    const empty = await app.inject('/suche?q=');
    assert.match(empty.body, /Bitte geben Sie einen Suchbegriff ein/);
    const huge = await app.inject(`/suche?q=${'a'.repeat(10_000)}`);
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /höchstens 200 Zeichen/);
    assert.match(huge.body, /href="#q"/);
  });

  it('pages long result lists, 20 per page, keeping query and Lebenslage in the links', async () => {
    const query = encodeURIComponent('Antrag Nachweis Behörde anmelden Hund Bohrung');
    const results = (html: string) => (html.match(/<h3 class="kern-title">/g) ?? []).length;
    const first = await app.inject(`/suche?q=${query}`);
    const total = Number(/(\d+) Leistungen gefunden/.exec(first.body)?.[1]);
    assert.ok(total > 20 && total <= 40, `${total} hits`);
    assert.equal(results(first.body), 20);
    assert.match(first.body, /Seite 1 von 2/);
    assert.match(first.body, /href="\/suche\?q=[^"]+&amp;seite=2" rel="next">Nächste Seite/);
    const second = await app.inject(`/suche?q=${query}&seite=2`);
    assert.equal(results(second.body), total - 20);
    assert.match(second.body, /rel="prev">Vorherige Seite/);
    assert.doesNotMatch(second.body, /Nächste Seite/);
    assert.equal(results((await app.inject(`/suche?q=${query}&seite=99`)).body), total - 20, 'beyond the end: the last page');
    assert.equal(results((await app.inject(`/suche?q=${query}&seite=abc`)).body), 20);
  });

  it('lists the services of a Lebenslage and 404s an unknown one', async () => {
    const page = await app.inject('/lebenslagen/tiere');
    assert.match(page.body, /Hund anmelden \(Hundesteuer\)/);
    assert.equal((await app.inject('/lebenslagen/gibt-es-nicht')).statusCode, 404);
  });

  it('finds the place by PLZ, remembers it, and shows every authority for the drilling notification', async () => {
    const chosen = await app.inject('/ort?ort=01067&weiter=/leistungen/bohranzeige');
    assert.equal(chosen.statusCode, 303);
    assert.equal(chosen.headers.location, '/leistungen/bohranzeige?ort=14612000');
    const cookie = chosen.cookies.find((c) => c.name === 'aw_ort');
    assert.equal(cookie?.value, '14612000');

    const page = await app.inject({ url: '/leistungen/bohranzeige', cookies: { aw_ort: '14612000' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Für Dresden/);
    assert.match(page.body, /Sächsisches Landesamt für Umwelt, Landwirtschaft und Geologie/);
    assert.match(page.body, /Sächsisches Oberbergamt/);
    assert.match(page.body, /tiefer als 100 Meter/);
    assert.match(page.body, /Stadtverwaltung Dresden – Untere Wasserbehörde/);
    assert.match(page.body, /href="\/antrag\/bohranzeige\?ort=14612000"/);

    // A postcode in the URL is resolved through the place finder.
    const typed = await app.inject('/leistungen/personalausweis?ort=01067');
    assert.equal(typed.statusCode, 303);
    assert.equal(typed.headers.location, '/ort?ort=01067&weiter=%2Fleistungen%2Fpersonalausweis');
  });

  it('asks which Gemeinde an ambiguous PLZ means, and explains unknown places', async () => {
    const ambiguous = await app.inject('/ort?ort=01454&weiter=/leistungen/personalausweis');
    assert.equal(ambiguous.statusCode, 200);
    assert.match(ambiguous.body, /Welchen Ort meinen Sie\?/);
    assert.match(ambiguous.body, /value="14625500"|Radeberg/);
    assert.match(ambiguous.body, /Wachau/);
    const unknown = await app.inject('/ort?ort=Atlantis&weiter=/');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /Zu „Atlantis“ haben wir keinen Ort in Sachsen gefunden/);
    const evil = await app.inject('/ort?ort=01067&weiter=//evil.example');
    assert.equal(evil.headers.location, '/?ort=14612000');
  });

  it('browses authorities and shows an authority with its services', async () => {
    const list = await app.inject('/behoerden?q=oberbergamt');
    const id = /href="\/behoerden\/([^"]+)"/.exec(list.body)?.[1];
    assert.ok(id);
    const page = await app.inject(`/behoerden/${id}`);
    assert.equal(h1(page.body), 'Sächsisches Oberbergamt');
    assert.match(page.body, /poststelle@oba.sachsen.de/);
    assert.match(page.body, /Auskunft über unterirdische Hohlräume/);
    assert.equal((await app.inject('/behoerden/unknown')).statusCode, 404);
  });

  it('pages through services with a cursor and answers 304 to a matching ETag', async () => {
    const first = await app.inject('/api/v1/services?limit=10');
    assert.equal(first.statusCode, 200);
    const body = first.json() as { items: { key: string }[]; next: string | null };
    assert.equal(body.items.length, 10);
    assert.ok(body.next);
    assert.match(String(first.headers['cache-control']), /max-age=300/);
    const second = (await app.inject(`/api/v1/services?limit=10&cursor=${body.next}`)).json() as { items: { key: string }[] };
    assert.equal(new Set([...body.items, ...second.items].map((s) => s.key)).size, 20);
    const etag = String(first.headers.etag);
    const cached = await app.inject({ url: '/api/v1/services?limit=10', headers: { 'if-none-match': etag } });
    assert.equal(cached.statusCode, 304);
    assert.equal(cached.body, '');
    const bad = await app.inject('/api/v1/services?cursor=nonsense');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].pointer, '/cursor');
  });

  it('searches, describes and resolves jurisdiction through the API, with problem+json for bad input', async () => {
    const search = (await app.inject('/api/v1/services?q=Hundesteuer')).json() as { items: { id: string; key: string }[] };
    assert.equal(search.items[0]?.key, 'hund-anmelden');
    const drilling = (await app.inject('/api/v1/services?q=Bohranzeige')).json() as { items: { id: string; key: string }[] };
    const id = drilling.items.find((s) => s.key === 'bohranzeige')!.id;
    const detail = await app.inject({ url: `/api/v1/services/${id}`, headers: { 'accept-language': 'en' } });
    assert.equal(detail.json().lang, 'en');
    assert.match(detail.json().name, /drilling/i);
    const jurisdiction = (await app.inject(`/api/v1/services/${id}/jurisdiction?ags=14612000`)).json();
    assert.deepEqual(
      jurisdiction.items.map((i: { conditionKey: string | null }) => i.conditionKey),
      [null, 'depth_over_100m', 'groundwater'],
    );
    const tooLong = await app.inject(`/api/v1/services?q=${'x'.repeat(10_000)}`);
    assert.equal(tooLong.statusCode, 400);
    assert.match(String(tooLong.headers['content-type']), /application\/problem\+json/);
    assert.equal(tooLong.json().errors[0].pointer, '/q');
    const badAgs = await app.inject(`/api/v1/services/${id}/jurisdiction?ags=08111000`);
    assert.equal(badAgs.statusCode, 422);
    const authorities = (await app.inject('/api/v1/authorities?kind=water&limit=100')).json();
    assert.equal(authorities.items.length, 13);
    const one = await app.inject(`/api/v1/authorities/${authorities.items[0].id}`);
    assert.equal(one.json().kind, 'water');
  });

  it('proposes places for the autocomplete by name prefix, postcode and AGS', async () => {
    const items = async (q: string) =>
      ((await app.inject(`/api/v1/places?q=${encodeURIComponent(q)}`)).json() as { items: { value: string; label: string; ags: string | null }[] }).items;
    assert.deepEqual(
      (await items('Freib')).map((i) => [i.value, i.label]),
      [['14522180', 'Freiberg (Stadt)']],
    );
    assert.deepEqual(
      (await items('Mittel')).map((i) => i.label),
      ['Mittelherwigsdorf (Gemeinde)', 'Mittelsachsen (Landkreis)'],
      'Gemeinden before Kreise',
    );
    assert.deepEqual(
      (await items('09599')).map((i) => [i.value, i.label]),
      [['14522180', '09599 Freiberg']],
    );
    assert.ok((await items('0106')).every((i) => i.label.startsWith('0106') && i.ags === '14612000'));
    const byAgs = await items('14522');
    assert.equal(byAgs[0]!.label, '14522 Mittelsachsen (Landkreis)');
    assert.equal(byAgs.length, 10);
    assert.deepEqual(await items('F'), [], 'one letter is too little');
    assert.deepEqual(await items('Atlantis'), []);
    assert.deepEqual(await items('08111000'), [], 'another Land');
    const missing = await app.inject('/api/v1/places');
    assert.equal(missing.statusCode, 400);
    assert.match(String(missing.headers['content-type']), /application\/problem\+json/);
  });

  it('documents the API in OpenAPI', async () => {
    // Only this module, so another module's schema problems cannot hide ours.
    const own = await createTestApp({ modules: [formsModule, catalogModule] });
    try {
      const openapi = (await own.app.inject('/api/openapi.json')).json();
      for (const path of ['/api/v1/services', '/api/v1/services/{id}', '/api/v1/services/{id}/jurisdiction', '/api/v1/places', '/api/v1/authorities', '/api/v1/authorities/{id}']) {
        assert.ok(openapi.paths[path]?.get, path);
      }
    } finally {
      await own.app.close();
      await own.runtime.dispose();
    }
  });

  it('keeps tenants apart: the bw host sees only its own catalogue', async () => {
    const bwList = (await app.inject({ url: '/api/v1/services', headers: { host: 'bw.localhost' } })).json() as { items: { key: string }[] };
    assert.deepEqual(bwList.items.map((s) => s.key).sort(), ['personalausweis', 'wohnsitz-anmelden']);
    const snAuthority = (await app.inject('/api/v1/authorities?q=Oberbergamt')).json().items[0].id;
    assert.equal((await app.inject('/api/v1/authorities?q=Ober_ergamt')).json().items.length, 0, 'a typed _ is no wildcard');
    assert.equal((await app.inject('/api/v1/authorities?q=%25')).json().items.length, 0, 'a typed % is no wildcard');
    assert.equal((await app.inject({ url: `/api/v1/authorities/${snAuthority}`, headers: { host: 'bw.localhost' } })).statusCode, 404);
    assert.equal((await app.inject({ url: '/leistungen/bohranzeige', headers: { host: 'bw.localhost' } })).statusCode, 404);
  });
});
