import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { findPage, parseFormDefinition, revealedFields } from '../../src/modules/forms/index.js';
import { questionOf } from '../../src/modules/forms/render/anchors.js';
import { shownPointers } from '../../src/modules/forms/render/revealed.js';
import { now } from './helpers.js';

const packForm = (key: string) => parseFormDefinition(JSON.parse(fs.readFileSync(`procedures/${key}/form.json`, 'utf8')));
const bohranzeige = packForm('bohranzeige');
const lehrerbewerbung = packForm('lehrerbewerbung');
const page = (form: ReturnType<typeof packForm>, id: string) => findPage(form, id)!;

/**
 * Which questions an answer opens on its own page: what the page flow asks before it moves on
 * (and what the page's notice names), on the shipped forms.
 */
describe('questions an answer opens on its page', () => {
  it('"Nein" to "Sind Sie selbst der Auftraggeber?" opens the client group, counted once', () => {
    const client = page(bohranzeige, 'client');
    const shown = new Set(['/clientIsApplicant', '/ownerIsApplicant']);
    assert.deepEqual(revealedFields(bohranzeige, client, { clientIsApplicant: 'no', ownerIsApplicant: 'yes' }, shown, now), ['/client']);
    assert.deepEqual(revealedFields(bohranzeige, client, { clientIsApplicant: 'yes', ownerIsApplicant: 'yes' }, shown, now), [], '"Ja" opens nothing');
    const all = new Set(shownPointers(bohranzeige, client, { clientIsApplicant: false }, now));
    assert.ok(all.has('/client/name') && all.has('/client/address'));
    assert.deepEqual(revealedFields(bohranzeige, client, { clientIsApplicant: false }, all, now), [], 'once shown, asked like any other question');
  });

  it('a legal person opens "Vertretungsberechtigte Person"', () => {
    const applicant = page(bohranzeige, 'applicant');
    const shown = new Set(shownPointers(bohranzeige, applicant, { applicantKind: 'natural' }, now));
    assert.ok(!shown.has('/representative'));
    assert.deepEqual(revealedFields(bohranzeige, applicant, { applicantKind: 'legal' }, shown, now), ['/representative']);
  });

  it('a flushing drilling method opens "Spülungszusätze" of that borehole only', () => {
    const boreholes = page(bohranzeige, 'boreholes');
    const before = { investigation: { method: 'drilling' }, boreholes: [{ designation: 'B1' }, { designation: 'B2' }] };
    const shown = new Set(shownPointers(bohranzeige, boreholes, before, now));
    const after = {
      ...before,
      boreholes: [
        { designation: 'B1', drillingMethod: 'dry' },
        { designation: 'B2', drillingMethod: 'flush' },
      ],
    };
    assert.deepEqual(revealedFields(bohranzeige, boreholes, after, shown, now), ['/boreholes/1/additives']);
    assert.equal(questionOf(boreholes.fields, '/boreholes/1/additives', 'de'), 'Bohrung 2 – Spülungszusätze');
    assert.equal(questionOf(boreholes.fields, '/boreholes/1/additives', 'en'), 'Borehole 2 – Drilling fluid additives');
  });

  it("the teacher's second state examination opens both grades", () => {
    const qualification = page(lehrerbewerbung, 'qualification');
    const shown = new Set(shownPointers(lehrerbewerbung, qualification, {}, now));
    const revealed = revealedFields(lehrerbewerbung, qualification, { qualification: { kind: 'zweiteStaatspruefung' } }, shown, now);
    assert.deepEqual(revealed, ['/qualification/gradeFirst', '/qualification/gradeSecond']);
    assert.equal(questionOf(qualification.fields, revealed[1]!, 'de'), 'Abschluss – Note der Zweiten Staatsprüfung');
  });

  it('a post that did not say what it showed (an older page) is never held back', () => {
    assert.deepEqual(revealedFields(bohranzeige, page(bohranzeige, 'client'), { clientIsApplicant: false }, new Set(), now), []);
  });
});
