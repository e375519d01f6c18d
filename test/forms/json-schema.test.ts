import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { deriveJsonSchema, validateSubmission } from '../../src/modules/forms/index.js';
import { loadFixtureForm, now } from './helpers.js';

const form = loadFixtureForm('bohranzeige.form.json');
const address = { street: 'Hauptstraße', houseNumber: '1', postalCode: '01067', city: 'Dresden' };

describe('deriveJsonSchema', () => {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const check = ajv.compile(deriveJsonSchema(form));

  it('accepts the normalised value of a valid submission (draft 2020-12)', () => {
    const { value, errors } = validateSubmission(
      form,
      {
        applicantKind: 'natural',
        applicantName: 'Anna Schmidt',
        applicantAddress: address,
        email: 'anna@example.de',
        clientIsApplicant: 'yes',
        ownerIsApplicant: 'yes',
        contractor: { name: 'Bohr AG', address, certifiedW120: 'yes' },
        investigation: { title: 'Brunnen', purpose: 'Gartenbewässerung', method: 'drilling', startDate: '2026-05-01', endDate: '2026-05-02', commercial: 'no' },
        site: { crs: 'EPSG:25833', easting: '411500', northing: '5656000' },
        municipality: 'Dresden',
        boreholes: [{ designation: 'B1', purpose: 'well', depth: '50', direction: 'vertical', drillingMethod: 'dry', groundwater: 'no' }],
        sitePlan: [{ name: 'plan.pdf', type: 'application/pdf', size: 1000 }],
      },
      { now },
    );
    assert.deepEqual(errors, []);
    assert.equal(check(value), true, JSON.stringify(check.errors));
  });

  it('refuses unknown properties and wrong types', () => {
    assert.equal(check({ applicantName: 5, whatever: true }), false);
    const keywords = (check.errors ?? []).map((e) => e.keyword);
    assert.ok(keywords.includes('additionalProperties'));
    assert.ok(keywords.includes('type'));
    assert.ok(keywords.includes('required'));
  });
});
