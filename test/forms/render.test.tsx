import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { translator } from '../../src/core/i18n/index.js';
import type { HttpApp } from '../../src/core/module.js';
import {
  CheckAnswers,
  FormPage,
  findPage,
  mergePageData,
  parsePageInput,
  registerForm,
  validatePage,
  validateSubmission,
  withoutUnseenRequired,
} from '../../src/modules/forms/index.js';
import type { View } from '../../src/web/view.js';
import { Extensions } from '../../src/core/extensions.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { insideSaxonyBox, loadFixtureForm, now } from './helpers.js';

const form = loadFixtureForm('bohranzeige.form.json');
const view: View = {
  lang: 'de',
  t: translator('de'),
  tenant: { id: 'sn', name: 'Amt24 Sachsen' } as View['tenant'],
  path: '/antrag',
  extensions: new Extensions(),
  csrfToken: () => 'token',
};
const page = (id: string) => findPage(form, id)!;

describe('FormPage (needs the messages registered by the app)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened));

  it('renders a page with "(optional)" labels, a date as three inputs and the CSRF field', () => {
    const html = renderToString(<FormPage view={view} form={form} page={page('investigation')} values={{}} now={now} action="/antrag/seite" />);
    assert.match(html, /<h1 class="kern-title kern-title--large">Die Untersuchung<\/h1>/);
    assert.match(html, /name="investigation\[startDate\]\[day\]"/);
    assert.match(html, /name="investigation\[startDate\]\[year\]"/);
    assert.match(html, /name="_csrf" value="token"/);
    assert.match(html, /novalidate/i);
    assert.doesNotMatch(html, /\*/);
    const applicant = renderToString(<FormPage view={view} form={form} page={page('applicant')} values={{}} now={now} action="/x" />);
    assert.match(applicant, /Telefonnummer<span class="kern-label__optional"> \(optional\)/);
    assert.doesNotMatch(applicant, /Vertretungsberechtigte/, 'hidden until "legal person" is chosen');
  });

  it('shows the error summary first, linking to the inputs, and keeps the entered values', () => {
    const body = {
      _csrf: 'token',
      'investigation[title]': 'EWS',
      'investigation[startDate][day]': '31',
      'investigation[startDate][month]': '2',
      'investigation[startDate][year]': '2026',
      _action: 'continue',
    };
    const input = parsePageInput(page('investigation'), body);
    const draft = mergePageData(page('investigation'), {}, input.data);
    const { errors } = validatePage(form, 'investigation', draft, { now });
    const html = renderToString(<FormPage view={view} form={form} page={page('investigation')} values={draft} errors={errors} now={now} action="/x" />);
    assert.match(html, /<title>Fehler: Die Untersuchung/);
    assert.ok(html.indexOf('aw-error-summary') < html.indexOf('<h1'), 'summary before the heading');
    assert.match(html, /href="#f-investigation-startDate">Bitte geben Sie ein gültiges Datum ein/);
    assert.match(html, /id="f-investigation-startDate"[^>]*value="31"|value="31"[^>]*id="f-investigation-startDate"/);
    assert.match(html, /href="#f-investigation-purpose">Bitte machen Sie hier eine Angabe/);
  });

  it('reveals a conditional field after "Weiter" without calling it missing', () => {
    const body = { applicantKind: 'legal', applicantName: 'Bohr GmbH', _shown: '/applicantKind,/applicantName,/applicantAddress,/email,/phone' };
    const input = parsePageInput(page('applicant'), body);
    const { errors } = validatePage(form, 'applicant', input.data, { now });
    const shownErrors = withoutUnseenRequired(errors, input.shown);
    assert.ok(errors.some((e) => e.pointer === '/representative'));
    assert.ok(!shownErrors.some((e) => e.pointer === '/representative'));
    const html = renderToString(<FormPage view={view} form={form} page={page('applicant')} values={input.data} errors={shownErrors} now={now} action="/x" />);
    assert.match(html, /Vertretungsberechtigte Person/);
  });

  it('adds and removes boreholes with buttons (no JavaScript needed)', () => {
    const first = parsePageInput(page('boreholes'), { 'boreholes[0][designation]': 'B1', 'boreholes[0][depth]': '120', _action: 'add:boreholes' });
    assert.deepEqual(first.action, { type: 'add', pointer: '/boreholes' });
    assert.deepEqual(first.data.boreholes, [{ designation: 'B1', depth: '120' }, {}]);
    const html = renderToString(
      <FormPage view={view} form={form} page={page('boreholes')} values={{ investigation: { method: 'drilling' }, ...first.data }} now={now} action="/x" />,
    );
    assert.match(html, /Bohrung 1/);
    assert.match(html, /Bohrung 2/);
    assert.match(html, /name="_action" value="remove:\/boreholes\/1"/);
    assert.match(html, /name="_action" value="add:\/boreholes"/);
    assert.match(html, /name="boreholes\[1\]\[depth\]"/);
    const removed = parsePageInput(page('boreholes'), { 'boreholes[0][designation]': 'B1', 'boreholes[1][designation]': 'B2', _action: 'remove:/boreholes/0' });
    assert.deepEqual(removed.data.boreholes, [{ designation: 'B2' }]);
  });

  it('parses coordinates and polygons from the page and converts them', () => {
    const input = parsePageInput(page('location'), {
      'site[crs]': 'EPSG:4326',
      'site[easting]': '',
      'site[northing]': '',
      'site[lon]': '13,7373',
      'site[lat]': '51,0504',
      municipality: 'Dresden',
      'surveyArea[points]': '411000 5656000\n411100 5656000\n411100 5656100',
    });
    const { value, errors } = validateSubmission(form, { ...input.data, investigation: { method: 'geophysics' } }, { now, insideRegion: insideSaxonyBox });
    assert.ok(!errors.some((e) => /^\/(site|surveyArea)(\/|$)/.test(e.pointer)), JSON.stringify(errors));
    assert.deepEqual(value.site, { crs: 'EPSG:4326', easting: 411494.37, northing: 5656188.09, lon: 13.7373, lat: 51.0504 });
    const area = value.surveyArea as { points: unknown[] };
    assert.equal(area.points.length, 4, 'closed ring');
  });

  it("preselects the tenant's reference system where the question offers it, else WGS84", () => {
    const checkedCrs = (tenant: View['tenant']) => {
      const html = renderToString(<FormPage view={{ ...view, tenant }} form={form} page={page('location')} values={{}} now={now} action="/antrag/seite" />);
      return /<input[^>]*name="site\[crs\]"[^>]*value="([^"]+)"[^>]*checked/.exec(html)?.[1] ?? /<input[^>]*checked[^>]*name="site\[crs\]"[^>]*value="([^"]+)"/.exec(html)?.[1];
    };
    const saxon = {
      ...view.tenant,
      settings: { logo: 'tenants/sn/logo.svg', favicon: 'tenants/sn/favicon.svg', primaryColor: '#006633', referenceSystem: 'EPSG:25833' },
    } as View['tenant'];
    assert.equal(checkedCrs(saxon), 'EPSG:25833');
    assert.equal(checkedCrs(view.tenant), 'EPSG:4326');
    // One pair of inputs per kind of pair: easting and northing for UTM, lon and lat for WGS84.
    const html = renderToString(<FormPage view={{ ...view, tenant: saxon }} form={form} page={page('location')} values={{}} now={now} action="/antrag/seite" />);
    assert.match(html, /data-crs="EPSG:25833"/);
    assert.match(html, /data-crs="EPSG:4326"/);
  });

  it('summarises answers with a change link per answer', () => {
    const { value } = validateSubmission(
      form,
      {
        applicantKind: 'natural',
        applicantName: 'Anna Schmidt',
        email: 'anna@example.de',
        applicantAddress: { street: 'Hauptstraße', houseNumber: '1', postalCode: '01067', city: 'Dresden' },
        investigation: { method: 'drilling', startDate: '2026-04-01' },
        boreholes: [{ designation: 'B1', depth: 120.5, purpose: 'ews' }],
      },
      { now },
    );
    const html = renderToString(<CheckAnswers view={view} form={form} value={value} now={now} />);
    assert.match(html, /<h2 class="kern-title" id="summary-applicant">Wer zeigt die Untersuchung an\?<\/h2>/);
    assert.match(html, /Natürliche Person/);
    assert.match(html, /Hauptstraße 1<br\/>01067 Dresden/);
    assert.match(html, /01\.04\.2026/);
    assert.match(html, /Bohrung 1: Geplante Endteufe<\/dt><dd[^>]*>120,5 m/);
    assert.match(html, /href="\?page=boreholes#f-boreholes-0-depth">Ändern<span class="kern-sr-only"> Bohrung 1: Geplante Endteufe/);
    assert.match(html, /Telefonnummer<\/dt><dd[^>]*>Keine Angabe/);
    assert.match(html, /id="summary-geothermal">Erdwärmesonden<\/h2>/, 'a page shown because of a borehole purpose');
  });

  it('serves the JSON Schema of a registered form version', async () => {
    registerForm({ ...form, key: 'bohranzeige-schema-test' });
    const response = await app.inject('/api/v1/forms/bohranzeige-schema-test/1/schema.json');
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /application\/schema\+json/);
    const schema = response.json();
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.properties.boreholes.items.properties.depth.type, 'number');
    assert.ok(schema.required.includes('applicantName'));
    assert.ok(!schema.required.includes('boreholes'), 'the borehole page is conditional');
    const missing = await app.inject('/api/v1/forms/bohranzeige-schema-test/2/schema.json');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.headers['content-type'] as string, /application\/problem\+json/);
  });
});
