import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FormDefinition } from '../../src/modules/forms/index.js';
import { distinguishingAnswers, type DraftToSummarise } from '../../src/modules/applications/draft-summary.js';

/** A small form: a company name, a group with the client's name, a repeat and a choice (neither counts). */
const form = {
  pages: [
    {
      id: 'a',
      title: { de: 'A', en: 'A' },
      fields: [
        { key: 'kind', type: 'yesNo', label: { de: 'Art', en: 'Kind' } },
        { key: 'company', type: 'text', label: { de: 'Bohrfirma', en: 'Drilling company' } },
        { key: 'client', type: 'group', label: { de: 'Auftraggeber', en: 'Client' }, fields: [{ key: 'name', type: 'text', label: { de: 'Name', en: 'Name' } }] },
      ],
    },
    {
      id: 'b',
      title: { de: 'B', en: 'B' },
      fields: [
        {
          key: 'wells',
          type: 'repeat',
          itemLabel: { de: 'Bohrung {n}', en: 'Well {n}' },
          label: { de: 'Bohrungen', en: 'Wells' },
          fields: [{ key: 'depth', type: 'text', label: { de: 'Tiefe', en: 'Depth' } }],
        },
      ],
    },
  ],
} as unknown as FormDefinition;

const draft = (id: string, data: Record<string, unknown>, procedureKey = 'bohranzeige'): DraftToSummarise => ({ id, procedureKey, form, data });

describe('the answer that tells drafts apart', () => {
  it('shows a lone draft’s first text answer, in the page language', () => {
    const answers = distinguishingAnswers([draft('1', { kind: true, company: ' Bohr GmbH ' })], 'en');
    assert.deepEqual(answers.get('1'), { label: 'Drilling company', value: 'Bohr GmbH' });
  });

  it('skips the answers two drafts share and names the one that differs (inside a group too)', () => {
    const answers = distinguishingAnswers(
      [draft('1', { company: 'Bohr GmbH', client: { name: 'Stadtwerke Pirna' } }), draft('2', { company: 'Bohr GmbH', client: { name: 'Familie Kunze' } })],
      'de',
    );
    assert.deepEqual(answers.get('1'), { label: 'Name', value: 'Stadtwerke Pirna' });
    assert.deepEqual(answers.get('2'), { label: 'Name', value: 'Familie Kunze' });
  });

  it('prefers an answer no other draft shares over one only some share', () => {
    const answers = distinguishingAnswers(
      [
        draft('1', { company: 'Bohr GmbH', client: { name: 'Pirna' } }),
        draft('2', { company: 'Bohr GmbH', client: { name: 'Meißen' } }),
        draft('3', { company: 'Brunnenbau AG', client: { name: 'Pirna' } }),
      ],
      'de',
    );
    assert.equal(answers.get('1')?.value, 'Bohr GmbH', 'company matches draft 2, client matches draft 3: neither is its own, so the first that differs from some');
    assert.equal(answers.get('2')?.value, 'Meißen');
    assert.equal(answers.get('3')?.value, 'Brunnenbau AG');
  });

  it('compares only drafts of the same procedure, ignores repeats and choices, and shortens long answers', () => {
    const long = 'x'.repeat(80);
    const answers = distinguishingAnswers(
      [draft('1', { company: long, wells: [{ depth: '40' }] }), draft('2', { company: long }, 'other'), draft('3', { kind: true, wells: [{ depth: '12' }] })],
      'de',
    );
    assert.equal(answers.get('1')?.value, `${'x'.repeat(59)}…`);
    assert.equal(answers.get('2')?.label, 'Bohrfirma');
    assert.equal(answers.get('3'), null, 'no text answer yet');
  });
});
