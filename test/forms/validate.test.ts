import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePage, validateSubmission, visiblePages, prefillValues } from '../../src/modules/forms/validate.js';
import { parseFormDefinition, type CoordinateField } from '../../src/modules/forms/index.js';
import { insideSaxonyBox, loadFixtureForm, now } from './helpers.js';

const form = loadFixtureForm('bohranzeige.form.json');
const options = { now, lang: 'de' as const, insideRegion: insideSaxonyBox };

/** A realistic notification from Dresden: two boreholes for heat probes, one of them 120 m deep. */
function notification(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicantKind: 'legal',
    applicantName: '  Wärme & Bohr GmbH ',
    representative: 'Anna Schmidt',
    applicantAddress: { street: 'Hauptstraße', houseNumber: '5a', postalCode: '01067', city: 'Dresden' },
    email: 'info@waerme-bohr.example',
    clientIsApplicant: 'yes',
    ownerIsApplicant: 'ja',
    contractor: { name: 'Sächsische Bohr AG', address: { street: 'Am Brunnen', houseNumber: '1', postalCode: '09599', city: 'Freiberg' }, certifiedW120: true },
    investigation: {
      title: 'EWS Einfamilienhaus',
      purpose: 'Heizung mit Erdwärme',
      method: 'drilling',
      startDate: { day: '6', month: '4', year: '2026' },
      endDate: '2026-04-10',
      commercial: 'no',
    },
    site: { crs: 'EPSG:25833', easting: '411.500', northing: '5656000,5' },
    municipality: 'Dresden',
    boreholes: [
      {
        designation: 'B1',
        purpose: 'ews',
        depth: '120,5',
        direction: 'vertical',
        drillingMethod: 'flush',
        groundwater: 'yes',
        position: { crs: 'EPSG:25833', easting: '411500', northing: '5656000' },
      },
      {
        designation: 'B2',
        purpose: 'ews',
        depth: 99,
        direction: 'inclined',
        inclination: '10',
        drillingMethod: 'flush',
        groundwater: 'no',
        position: { crs: 'EPSG:25833', easting: '411510', northing: '5656000' },
      },
    ],
    heatingCapacityKw: '12,5',
    probeType: 'doubleU',
    fluidWgk: '1',
    sitePlan: [{ name: 'lageplan.pdf', type: 'application/pdf', size: 250_000 }],
    ...overrides,
  };
}

const pointers = (issues: { pointer: string }[]) => issues.map((issue) => issue.pointer);

describe('validateSubmission with the drilling notification (§ 2.8)', () => {
  it('accepts a realistic notification and normalises it', () => {
    const { value, errors, warnings } = validateSubmission(form, notification(), options);
    assert.deepEqual(errors, []);
    assert.equal(value.applicantName, 'Wärme & Bohr GmbH');
    assert.equal(value.clientIsApplicant, true);
    const investigation = value.investigation as Record<string, unknown>;
    assert.equal(investigation.startDate, '2026-04-06');
    assert.equal(investigation.commercial, false);
    assert.deepEqual(value.site, { crs: 'EPSG:25833', easting: 411500, northing: 5656000.5, lon: 13.7374262, lat: 51.0487144 });
    const boreholes = value.boreholes as Record<string, unknown>[];
    assert.equal(boreholes[0]!.depth, 120.5);
    assert.equal(boreholes[1]!.inclination, 10);
    assert.equal(value.heatingCapacityKw, 12.5);
    // computed values
    assert.equal(value.boreholeCount, 2);
    assert.equal(value.maxDepth, 120.5);
    assert.equal(value.deepDrilling, true);
    assert.equal(value.groundwaterAffected, true);
    // depth > 100 m: the notification also goes to the Oberbergamt
    assert.deepEqual(pointers(warnings), ['/boreholes']);
    assert.match(String(warnings[0]!.params!.message), /Oberbergamt/);
  });

  it('normalisation is idempotent for the realistic notification', () => {
    const first = validateSubmission(form, notification(), options);
    const second = validateSubmission(form, first.value, options);
    assert.deepEqual(second.value, first.value);
    assert.deepEqual(second.errors, []);
  });

  it('warns (does not block) when the start is less than 14 days away', () => {
    const data = notification({ investigation: { ...(notification().investigation as object), startDate: '2026-03-10', endDate: '2026-03-12' } });
    const { errors, warnings } = validateSubmission(form, data, options);
    assert.deepEqual(errors, []);
    const warning = warnings.find((w) => w.pointer === '/investigation/startDate');
    assert.equal(warning?.code, 'forms.custom');
    assert.equal(warning?.params?.message, 'Der Beginn ist in 8 Tagen: Nach § 8 GeolDG ist die Untersuchung zwei Wochen vor Beginn anzuzeigen.');
    const english = validateSubmission(form, data, { ...options, lang: 'en' }).warnings.find((w) => w.pointer === '/investigation/startDate');
    assert.match(String(english?.params?.message), /^The start is in 8 days/);
  });

  it('refuses a site outside Saxony, in both reference systems', () => {
    const munich = validateSubmission(form, notification({ site: { crs: 'EPSG:4326', lon: '11,58', lat: '48,14' } }), options);
    assert.deepEqual(munich.errors, [{ pointer: '/site', code: 'forms.coordinate.outsideRegion', params: { region: 'Sachsen' } }]);
    const leipzig = validateSubmission(form, notification({ site: { crs: 'EPSG:4326', lon: 12.3731, lat: 51.3397 } }), options);
    assert.deepEqual(leipzig.errors, []);
    const site = leipzig.value.site as Record<string, number>;
    assert.ok(Math.abs(site.easting! - 317_000) < 2_000, `easting ${site.easting}`);
  });

  it('takes a site in Baden-Württemberg in ETRS89/UTM 32N, converts it and checks it against the region; refuses a pair outside the zone', () => {
    const bw = parseFormDefinition({
      key: 'lage-bw',
      version: '1',
      title: { de: 'Lage', en: 'Location' },
      pages: [
        {
          id: 'site',
          title: { de: 'Lage', en: 'Location' },
          fields: [
            {
              key: 'site',
              type: 'coordinate',
              crs: ['EPSG:25832', 'EPSG:4326'],
              region: { name: 'bw', label: { de: 'Baden-Württemberg', en: 'Baden-Württemberg' } },
              label: { de: 'Lage', en: 'Location' },
            },
          ],
        },
      ],
    });
    const insideBwBox = (name: string, lon: number, lat: number) => name === 'bw' && lon >= 7.5 && lon <= 10.5 && lat >= 47.5 && lat <= 49.8;
    const check = (site: unknown) => validateSubmission(bw, { site }, { now, lang: 'de', insideRegion: insideBwBox });
    // Stuttgart, by the Schlossplatz (48.778° N, 9.180° E).
    const stuttgart = check({ crs: 'EPSG:25832', easting: '513.300', northing: '5402600' });
    assert.deepEqual(stuttgart.errors, []);
    const site = stuttgart.value.site as Record<string, number>;
    assert.deepEqual([site.easting, site.northing], [513300, 5402600]);
    assert.ok(Math.abs(site.lon! - 9.18) < 0.005 && Math.abs(site.lat! - 48.778) < 0.005, JSON.stringify(site));
    // Given in degrees, the answer gets the metres of the question's UTM zone.
    const degrees = check({ crs: 'EPSG:4326', lon: site.lon, lat: site.lat }).value.site as Record<string, number>;
    assert.ok(Math.abs(degrees.easting! - 513300) < 0.05 && Math.abs(degrees.northing! - 5402600) < 0.05, JSON.stringify(degrees));
    // The same metres read in zone 33 lie six degrees further east: outside the region.
    assert.deepEqual(
      validateSubmission(
        { ...bw, pages: [{ ...bw.pages[0]!, fields: [{ ...(bw.pages[0]!.fields[0] as CoordinateField), crs: ['EPSG:25833'] }] }] },
        { site: { crs: 'EPSG:25833', easting: 513300, northing: 5402600 } },
        { now, lang: 'de', insideRegion: insideBwBox },
      ).errors,
      [{ pointer: '/site', code: 'forms.coordinate.outsideRegion', params: { region: 'Baden-Württemberg' } }],
    );
    assert.deepEqual(check({ crs: 'EPSG:25832', easting: 1_513_300, northing: 5402600 }).errors, [{ pointer: '/site', code: 'forms.coordinate.invalid', params: {} }]);
    assert.deepEqual(check({ crs: 'EPSG:31467', easting: 3513300, northing: 5402600 }).errors, [
      { pointer: '/site/crs', code: 'forms.coordinate.crs', params: { allowed: 'EPSG:25832, EPSG:4326' } },
    ]);
  });

  it('reports errors with JSON pointers into repeat items, in reading order', () => {
    const data = notification();
    const boreholes = data.boreholes as Record<string, unknown>[];
    boreholes[1] = { ...boreholes[1], depth: 'tief', inclination: '', purpose: 'oil' };
    data.email = 'kein-at-zeichen';
    const { errors } = validateSubmission(form, data, options);
    assert.deepEqual(
      errors.map((e) => [e.pointer, e.code]),
      [
        ['/email', 'forms.email.invalid'],
        ['/boreholes/1/purpose', 'forms.choice.unknown'],
        ['/boreholes/1/depth', 'forms.number.invalid'],
        ['/boreholes/1/inclination', 'forms.required'],
      ],
    );
  });

  it('drops hidden fields and pages from the value and does not require them', () => {
    const data = notification({ applicantKind: 'natural', investigation: { ...(notification().investigation as object), method: 'mapping' } });
    const { value, errors } = validateSubmission(form, data, options);
    assert.deepEqual(errors, []);
    assert.equal('representative' in value, false);
    assert.equal('boreholes' in value, false, 'the borehole page is hidden for mapping');
    assert.equal('heatingCapacityKw' in value, false, 'the geothermal page depends on hidden boreholes');
    assert.equal(value.boreholeCount, 0);
    assert.equal(value.deepDrilling, false);
    assert.deepEqual(
      visiblePages(form, value, now).map((p) => p.id),
      ['applicant', 'client', 'contractor', 'investigation', 'location', 'attachments'],
    );
  });

  it('shows a conditional group once its condition is true and then requires its fields', () => {
    const { errors } = validateSubmission(form, notification({ clientIsApplicant: false, ownerIsApplicant: false }), options);
    assert.deepEqual(pointers(errors), ['/client/name', '/client/address', '/client/dataHolder', '/ownerConsent']);
  });

  it('applies cross-field rules as errors with the custom message', () => {
    const data = notification({ contractor: { ...(notification().contractor as object), certifiedW120: 'nein' } });
    const { errors } = validateSubmission(form, data, { ...options, lang: 'en' });
    assert.deepEqual(errors, [
      {
        pointer: '/contractor/certifiedW120',
        code: 'forms.custom',
        params: { message: 'Only a company certified under DVGW W 120 may drill borehole heat exchangers.', reason: 'rule.certification' },
      },
    ]);
  });

  it('checks date relations against today and another field', () => {
    const data = notification({ investigation: { ...(notification().investigation as object), startDate: '2026-03-01', endDate: '2026-02-01' } });
    const { errors } = validateSubmission(form, data, options);
    assert.deepEqual(
      errors.map((e) => [e.pointer, e.code, e.params?.date ?? e.params?.message]),
      [
        ['/investigation/startDate', 'forms.date.after', '2. März 2026'],
        ['/investigation/endDate', 'forms.custom', 'Das Ende muss am oder nach dem Beginn (1. März 2026) liegen.'],
      ],
    );
  });

  it('requires a borehole position only when several boreholes are notified (requiredIf with $root)', () => {
    const data = notification();
    const [first, second] = data.boreholes as Record<string, unknown>[];
    delete first!.position;
    delete second!.position;
    assert.deepEqual(pointers(validateSubmission(form, data, options).errors), ['/boreholes/0/position', '/boreholes/1/position']);
    assert.deepEqual(validateSubmission(form, { ...data, boreholes: [first] }, options).errors, []);
  });

  it('reports unknown fields, also inside groups and repeat items', () => {
    const data = notification({ extra: 1, contractor: { ...(notification().contractor as object), fax: '123' } });
    (data.boreholes as Record<string, unknown>[])[0]!.colour = 'red';
    assert.deepEqual(pointers(validateSubmission(form, data, options).errors).sort(), ['/boreholes/0/colour', '/contractor/fax', '/extra']);
  });

  it('enforces repeat limits and file metadata limits', () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => ({
      designation: `B${i}`,
      purpose: 'well',
      depth: 10,
      direction: 'vertical',
      drillingMethod: 'dry',
      groundwater: false,
      position: { crs: 'EPSG:25833', easting: 411500 + i, northing: 5656000 },
    }));
    const files = [{ name: 'plan.exe', type: 'application/x-msdownload', size: 10 }];
    const { errors } = validateSubmission(
      form,
      notification({ boreholes: tooMany, heatingCapacityKw: undefined, probeType: undefined, fluidWgk: undefined, sitePlan: files }),
      options,
    );
    assert.deepEqual(
      errors.map((e) => [e.pointer, e.code]),
      [
        ['/boreholes', 'forms.repeat.tooMany'],
        ['/sitePlan/0', 'forms.file.type'],
      ],
    );
  });

  it('never throws on a non-object submission', () => {
    for (const junk of [null, 42, 'text', [1, 2]]) {
      assert.equal(validateSubmission(form, junk, options).errors[0]?.code, 'forms.invalidType');
    }
  });
});

describe('validatePage', () => {
  it('reports only the problems of the page', () => {
    const result = validatePage(form, 'applicant', { applicantKind: 'legal' }, options);
    assert.deepEqual(pointers(result.errors), ['/applicantName', '/representative', '/applicantAddress', '/email']);
  });
});

describe('prefillValues', () => {
  it('takes answers from the profile paths', () => {
    assert.deepEqual(prefillValues(form, { profile: { displayName: 'Anna Schmidt', email: 'anna@example.de' } }), { applicantName: 'Anna Schmidt', email: 'anna@example.de' });
  });
});
