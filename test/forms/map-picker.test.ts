import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { composeModules } from '../../src/core/module.js';
import { translator } from '../../src/core/i18n/index.js';
import type { HttpApp } from '../../src/core/module.js';
import { catalogModule } from '../../src/modules/catalog/index.js';
import { loadPack } from '../../src/modules/procedures/index.js';
import { projectPath } from '../../src/core/paths.js';
import { findMapBase, formsModule, type CoordinateField } from '../../src/modules/forms/index.js';
import { toPosition } from '../../src/modules/forms/geo.js';
import { PointPicker } from '../../src/modules/forms/render/map-preview.js';
import '../../src/web/assets/map-picker.js';
import type { View } from '../../src/web/view.js';
import { Agent } from '../identity/helpers.js';
import { useTestApp } from '../helpers/runtime.js';
import { registerModuleMessages } from '../../src/runtime.js';
import { applicationTestModules, citizen, encodeActor, tenantId } from '../applications/helpers.js';

/** The client script's math, as /assets/map-picker.js uses it in the browser. */
interface Frame {
  west: number;
  north: number;
  kx: number;
  ky: number;
}
interface Picker {
  toUtm(zone: number, lon: number, lat: number): { easting: number; northing: number };
  fromUtm(zone: number, easting: number, northing: number): { lon: number; lat: number };
  lonLatToPixel(frame: Frame, lon: number, lat: number): { x: number; y: number };
  positionAt(frame: Frame, x: number, y: number, zone: number): { easting: number; northing: number; lon: number; lat: number };
}
const { toUtm, fromUtm, lonLatToPixel, positionAt } = (globalThis as unknown as { AmtswegMapPicker: Picker }).AmtswegMapPicker;

const form = loadPack(projectPath('procedures', 'bohranzeige')).form;
const renderedModules = [formsModule, catalogModule];
const extensions = composeModules(renderedModules);
registerModuleMessages(renderedModules); // rendered without a runtime, which registers them otherwise
const view = (lang: 'de' | 'en' = 'de'): View =>
  ({ lang, t: translator(lang), tenant: { id: 'sn', slug: 'sn', name: 'Amt24 Sachsen' }, path: '/antrag', extensions, csrfToken: () => 'token' }) as unknown as View;
const site: CoordinateField = {
  key: 'site',
  type: 'coordinate',
  crs: ['EPSG:25833', 'EPSG:4326'],
  label: { de: 'Lage', en: 'Location' },
};

function frameOf(html: string): Frame {
  const number = (name: string) => Number(new RegExp(`data-${name}="([^"]+)"`).exec(html)![1]);
  return { west: number('west'), north: number('north'), kx: number('kx'), ky: number('ky') };
}
const pickerHtml = (value: unknown, lang: 'de' | 'en' = 'de') => render(h(PointPicker, { view: view(lang), form, field: site, fieldId: 'f-site', pointer: '/site', value }));

// Places across Saxony, from Plauen in the west (3° off the zone's meridian) to Görlitz in the east.
const places: [string, number, number][] = [
  ['Plauen', 12.1383, 50.4973],
  ['Leipzig', 12.3731, 51.3397],
  ['Dresden', 13.7373, 51.0504],
  ['Görlitz', 14.9872, 51.1528],
  ['Oberwiesenthal', 12.9714, 50.4197],
];

describe('map picker: a click on the map as coordinates', () => {
  it('projects WGS84 to ETRS89/UTM 33N and 32N as proj4 does (within a centimetre) and back (within a millimetre)', () => {
    // Saxony in zone 33, and Stuttgart and Freiburg (Baden-Württemberg) in zone 32.
    const zoned: [string, number, number, 32 | 33][] = [
      ...places.map(([name, lon, lat]) => [name, lon, lat, 33] as [string, number, number, 33]),
      ['Stuttgart', 9.18, 48.7758, 32],
      ['Freiburg', 7.8421, 47.999, 32],
    ];
    for (const [name, lon, lat, zone] of zoned) {
      const expected = toPosition('EPSG:4326', lon, lat, `EPSG:258${zone}`)!;
      const utm = toUtm(zone, lon, lat);
      assert.ok(
        Math.abs(utm.easting - expected.easting!) < 0.01 && Math.abs(utm.northing - expected.northing!) < 0.01,
        `${name}: ${JSON.stringify(utm)} vs ${JSON.stringify(expected)}`,
      );
      const back = fromUtm(zone, utm.easting, utm.northing);
      assert.ok(Math.abs(back.lon - lon) < 1e-8 && Math.abs(back.lat - lat) < 1e-8, `${name} back: ${JSON.stringify(back)}`);
    }
  });

  it('turns a point of the rendered map into coordinates in both systems and back to the same point (within a metre)', () => {
    const frame = frameOf(pickerHtml(undefined));
    for (const [name, lon, lat] of places) {
      const { x, y } = lonLatToPixel(frame, lon, lat);
      assert.ok(x > 0 && x < 600 && y > 0, `${name} lies on the map`);
      const picked = positionAt(frame, x, y, 33);
      const expected = toPosition('EPSG:4326', lon, lat, 'EPSG:25833')!;
      assert.ok(Math.abs(picked.easting - expected.easting!) <= 1 && Math.abs(picked.northing - expected.northing!) <= 1, `${name}: ${JSON.stringify(picked)}`);
      // The answer as the server keeps it, from the UTM pair the click filled in, lands on the same spot.
      const saved = toPosition('EPSG:25833', picked.easting, picked.northing)!;
      const again = lonLatToPixel(frame, saved.lon, saved.lat);
      const metresPerUnit = 111_320 / frame.ky;
      assert.ok(Math.hypot(again.x - x, again.y - y) * metresPerUnit < 1, `${name}: round trip within a metre`);
    }
  });

  it("uses the frame the server drew with: the marker of a saved answer sits where the script's projection puts it", () => {
    const value = { crs: 'EPSG:25833', ...toPosition('EPSG:25833', 411500, 5656000)! };
    const html = pickerHtml(value);
    const cx = Number(/data-marker="[^"]*" cx="([^"]+)"/.exec(html)?.[1] ?? /cx="([^"]+)"/.exec(html)![1]);
    const cy = Number(/cy="([^"]+)"/.exec(html)![1]);
    const { x, y } = lonLatToPixel(frameOf(html), value.lon, value.lat);
    assert.ok(Math.abs(cx - x) < 0.1 && Math.abs(cy - y) < 0.1);
  });
});

describe('map picker: the map beside a coordinate question (server-rendered)', () => {
  it('is an image with a title and a description, the point hidden until there is one', () => {
    const empty = pickerHtml(undefined);
    assert.match(empty, /<figure class="aw-map aw-map-picker" id="f-site-map" data-map-picker="?[^ ]*"? data-field="f-site"/);
    assert.match(empty, /<svg [^>]*role="img" aria-labelledby="f-site-map-title f-site-map-desc"/);
    assert.match(empty, /<title id="f-site-map-title">Karte zur Frage „Lage“: Sachsen<\/title>/);
    assert.match(empty, /Noch ist keine Lage eingegeben\./);
    assert.match(empty, /visibility="hidden"/);
    assert.match(empty, /name="_action" value="show:\/site"/);
    assert.ok(!empty.includes('style='), 'CSP: presentation attributes only');
  });

  it('draws a saved answer and one as typed (decimal comma, either system), naming the Kreis', () => {
    const saved = pickerHtml({ crs: 'EPSG:25833', ...toPosition('EPSG:25833', 411500, 5656000)! });
    assert.match(saved, /visibility="visible"/);
    assert.match(saved, /Sie liegt in: Kreisfreie Stadt Dresden\./);
    const typed = pickerHtml({ crs: 'EPSG:4326', lon: '13,7373', lat: '51,0504', easting: '', northing: '' }, 'en');
    assert.match(typed, /visibility="visible"/);
    assert.match(typed, /It lies in: Kreisfreie Stadt Dresden\./);
    assert.match(pickerHtml({ crs: 'EPSG:25833', easting: 'abc', northing: '' }), /visibility="hidden"/);
  });

  it('stands beside the coordinate inputs only when the form has a contributed base map', async () => {
    const { FormPage, findPage } = await import('../../src/modules/forms/index.js');
    const { now } = await import('./helpers.js');
    const page = findPage(form, 'location')!;
    const html = render(h(FormPage, { view: view(), form, page, values: {}, now, action: '/x' }));
    assert.match(html, /<div class="aw-coordinate-map"><fieldset [^>]*id="f-site"/);
    assert.ok(html.includes('src="/assets/map-picker.js"'));
    const bare = { ...view(), extensions: composeModules([formsModule]) } as View;
    assert.equal(findMapBase(bare.extensions, 'sn', 'saxony'), undefined);
    const without = render(h(FormPage, { view: bare, form, page, values: {}, now, action: '/x' }));
    assert.ok(!without.includes('aw-coordinate-map') && without.includes('id="f-site"'));
  });
});

describe('map picker: without script, "Auf der Karte zeigen" saves the page and shows the point', () => {
  let app: HttpApp;
  let browser: Agent;
  useTestApp(
    async (opened) => {
      app = opened.app;
      browser = new Agent(app, { 'x-test-actor': encodeActor(citizen(await tenantId(opened.runtime))) });
    },
    { modules: applicationTestModules },
  );

  it('serves the script under the CSP and redraws the page with the point', async () => {
    const script = await app.inject({ method: 'GET', url: '/assets/map-picker.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);

    const started = await browser.post('/antrag/bohranzeige', {});
    const id = /\/antraege\/([0-9a-f-]{36})\//.exec(String(started.headers.location))![1]!;
    const url = `/antraege/${id}/seite/location`;
    const before = await browser.get(url);
    assert.match(before.body, /id="f-site-map"[\s\S]*visibility="hidden"/);
    const shown = await browser.post(url, { 'site[crs]': 'EPSG:25833', 'site[easting]': '411500', 'site[northing]': '5656000', _action: 'show:/site' });
    assert.equal(shown.statusCode, 303);
    assert.equal(shown.headers.location, `${url}#f-site-map`);
    const after = await browser.get(url);
    assert.match(after.body, /id="f-site-map"[\s\S]*Sie liegt in: Kreisfreie Stadt Dresden[\s\S]*visibility="visible"/);
    assert.match(after.body, /value="411500"/);
  });
});
