import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePage, validateSubmission, visiblePages, prefillValues } from '../../src/modules/forms/validate.js';
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
