import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseFormDefinition, validateSubmission, type Field, type FormDefinition } from '../../src/modules/forms/index.js';
import { insideSaxonyBox, loadFixtureForm, now } from './helpers.js';

/**
 * Bad input never crashes the engine: any input gives a value or field errors, and validating the
 * normalised value again gives the same value (normalisation is idempotent).
 */

const text = (de: string) => ({ de, en: de });
const options = { now, lang: 'de' as const, insideRegion: insideSaxonyBox };

const leafFields: Field[] = [
  { key: 'text', type: 'text', label: text('Text'), optional: true, maxLength: 20, pattern: '[A-Za-z ]*' },
  { key: 'longText', type: 'longText', label: text('Lang'), optional: true },
  { key: 'integer', type: 'integer', label: text('Ganz'), optional: true, min: -5, max: 1000 },
  { key: 'decimal', type: 'decimal', label: text('Dezimal'), optional: true, decimals: 2 },
  { key: 'currency', type: 'currency', label: text('Betrag'), optional: true, max: 10_000_00 },
  { key: 'date', type: 'date', label: text('Datum'), optional: true, after: { today: true } },
  { key: 'email', type: 'email', label: text('E-Mail'), optional: true },
  { key: 'phone', type: 'phone', label: text('Telefon'), optional: true },
  { key: 'iban', type: 'iban', label: text('IBAN'), optional: true },
  { key: 'yesNo', type: 'yesNo', label: text('Ja/Nein'), optional: true },
  { key: 'single', type: 'singleChoice', codeList: 'abc', label: text('Eins'), optional: true },
  { key: 'multi', type: 'multiChoice', codeList: 'abc', label: text('Mehrere'), optional: true, maxItems: 2 },
  { key: 'file', type: 'file', accept: ['application/pdf', 'image/*'], maxSizeMb: 1, maxCount: 2, label: text('Datei'), optional: true },
  { key: 'address', type: 'address', label: text('Anschrift'), optional: true },
  { key: 'coordinate', type: 'coordinate', crs: ['EPSG:25833', 'EPSG:4326'], region: { name: 'saxony', label: text('Sachsen') }, label: text('Lage'), optional: true },
  { key: 'polygon', type: 'polygon', crs: ['EPSG:25833', 'EPSG:4326'], label: text('Fläche'), optional: true },
];

const codeLists = { abc: { values: ['a', 'b', 'c'].map((value) => ({ value, label: text(value) })) } };

function formOf(fields: Field[]): FormDefinition {
  return parseFormDefinition({ key: 'prop', version: '1', title: text('Test'), codeLists, pages: [{ id: 'p', title: text('Seite'), fields }] });
}

const number = fc.oneof(fc.integer({ min: -1000, max: 10_000_000 }), fc.double({ noNaN: false }), fc.constant(411500), fc.constant(5656000), fc.constant(13.7), fc.constant(51.05));
const numberText = number.map((n) => (Number.isFinite(n) ? String(n).replace('.', fc.sample(fc.constantFrom('.', ','), 1)[0]!) : String(n)));
/** Plausible and implausible raw answers of every shape. */
const rawValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    numberText,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('yes', 'no', 'a', 'b', 'x', '2026-04-01', '2026-02-30', 'DE89 3704 0044 0532 0130 00', 'DE89370400440532013001', 'a@b.de', '+49 351 1234567', '01067', '  '),
    fc.record({ day: fc.string(), month: fc.string(), year: fc.string() }),
    fc.record(
      { crs: fc.constantFrom('EPSG:25833', 'EPSG:4326', 'EPSG:3857'), easting: numberText, northing: numberText, lon: numberText, lat: numberText },
      { requiredKeys: ['crs'] },
    ),
    fc.record({ crs: fc.constantFrom('EPSG:25833', 'EPSG:4326'), points: fc.oneof(fc.array(fc.tuple(number, number), { maxLength: 6 }), fc.string()) }),
    fc.record({ street: fc.string(), houseNumber: fc.string(), postalCode: fc.constantFrom('01067', '1067', 'abcde'), city: fc.string() }, { requiredKeys: [] }),
    fc.array(fc.record({ name: fc.string(), type: fc.constantFrom('application/pdf', 'image/png', 'text/html'), size: fc.integer({ min: -1, max: 3_000_000 }) }), { maxLength: 3 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

function assertWellBehaved(form: FormDefinition, data: unknown): void {
  const first = validateSubmission(form, data, options);
  for (const error of [...first.errors, ...first.warnings]) {
    assert.equal(typeof error.pointer, 'string');
    assert.match(error.code, /^forms\./);
  }
  const second = validateSubmission(form, first.value, options);
  assert.deepEqual(second.value, first.value, 'normalising twice changes nothing');
  // Re-validating finds no new problems: bad input was reported the first time and left out.
  const seen = new Set(first.errors.map((e) => `${e.pointer} ${e.code}`));
  for (const error of second.errors) {
    if (error.code !== 'forms.required') assert.ok(seen.has(`${error.pointer} ${error.code}`), `new error ${JSON.stringify(error)}`);
  }
}

describe('property: every field type', () => {
  for (const field of leafFields) {
    it(`${field.type}: any input gives a value or errors, idempotently`, () => {
      const form = formOf([field]);
      fc.assert(
        fc.property(rawValue, (raw) => assertWellBehaved(form, { [field.key]: raw })),
        { numRuns: 300 },
      );
    });
  }
});

describe('property: whole forms', () => {
  const fieldsArbitrary = fc.uniqueArray(fc.constantFrom(...leafFields), { minLength: 1, maxLength: 8, selector: (f) => f.key }).chain((fields) =>
    fc.record({
      fields: fc.constant(fields),
      repeated: fc.boolean(),
      conditional: fc.boolean(),
    }),
  );

  it('generated forms with groups, repeats and conditions never throw and normalise idempotently', () => {
    fc.assert(
      fc.property(
        fieldsArbitrary,
        fc.array(fc.dictionary(fc.constantFrom(...leafFields.map((f) => f.key), 'other'), rawValue, { maxKeys: 6 }), { maxLength: 3 }),
        fc.constantFrom('yes', 'no', 'x', true),
        ({ fields, repeated, conditional }, items, flag) => {
          const inner = fields.map((f) => (conditional && f.key !== 'yesNo' ? { ...f, showIf: { '==': [{ var: '$root.flag' }, true] } } : f));
          const container: Field = repeated
            ? { key: 'items', type: 'repeat', label: text('Einträge'), itemLabel: text('Eintrag {n}'), optional: true, max: 2, fields: inner }
            : { key: 'items', type: 'group', label: text('Gruppe'), optional: true, fields: inner };
          const form = formOf([{ key: 'flag', type: 'yesNo', label: text('Schalter'), optional: true }, container]);
          assertWellBehaved(form, { flag, items: repeated ? items : items[0] });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the drilling notification survives arbitrary answers', () => {
    const form = loadFixtureForm('bohranzeige.form.json');
    const keys = ['applicantKind', 'applicantName', 'investigation', 'boreholes', 'site', 'surveyArea', 'contractor', 'heatingCapacityKw', 'sitePlan', 'unknown'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), rawValue, { maxKeys: 8 }), (data) => assertWellBehaved(form, data)),
      { numRuns: 300 },
    );
  });
});
