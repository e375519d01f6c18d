import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffTokens, diffWords } from '../../src/modules/catalog/diff.js';
import { InvertedIndex } from '../../src/modules/catalog/inverted-index.js';
import { fromFormValues, toFormValues } from '../../src/modules/catalog-admin/form.js';
import type { ServiceText } from '../../src/modules/catalog/index.js';

describe('version diff', () => {
  it('marks removed and added words and keeps the rest', () => {
    assert.deepEqual(diffWords('Die Gebühr beträgt 37 Euro.', 'Die Gebühr beträgt 46 Euro.'), [
      { kind: 'same', text: 'Die Gebühr beträgt ' },
      { kind: 'removed', text: '37' },
      { kind: 'added', text: '46' },
      { kind: 'same', text: ' Euro.' },
    ]);
    assert.deepEqual(diffWords('', 'neu'), [{ kind: 'added', text: 'neu' }]);
  });

  it('compares lists item by item', () => {
    assert.deepEqual(diffTokens(['Ausweis', 'Foto', 'Antrag'], ['Ausweis', 'Antrag', 'Vollmacht']), [
      { kind: 'same', text: 'Ausweis' },
      { kind: 'removed', text: 'Foto' },
      { kind: 'same', text: 'Antrag' },
      { kind: 'added', text: 'Vollmacht' },
    ]);
  });
});

describe('edit form values', () => {
  const text: ServiceText = {
    name: 'Hund anmelden',
    shortText: 'Kurz',
    fullText: 'Lang\nmit Absatz',
    documents: ['Ausweis', 'Nachweis'],
    prerequisites: '',
    costs: 'keine',
    deadlines: '',
    processingTime: '',
    steps: ['Formular', 'Bescheid'],
    legalBases: [{ title: 'HundeStG § 1', url: 'https://example.org/hsg' }, { title: 'Satzung' }],
    notes: '',
    synonyms: ['Hundesteuer'],
    forms: [{ title: 'Anmeldung', url: 'https://example.org/form.pdf' }],
  };

  it('round-trips every field through the form', () => {
    assert.deepEqual(fromFormValues(toFormValues(text)), text);
  });

  it('reads one item per line, ignores blank lines and takes "Titel | Adresse" links', () => {
    const parsed = fromFormValues({ documents: ' A \r\n\r\nB ', legalBases: 'BauO | https://x.example\nhttps://y.example', forms: 'https://z.example/f.pdf' });
    assert.deepEqual(parsed.documents, ['A', 'B']);
    assert.deepEqual(parsed.legalBases, [
      { title: 'BauO', url: 'https://x.example' },
      { title: '', url: 'https://y.example' },
    ]);
    assert.deepEqual(parsed.forms, [{ title: 'https://z.example/f.pdf', url: 'https://z.example/f.pdf' }]);
    assert.equal(parsed.name, undefined, 'fields not posted stay unchanged');
  });
});

describe('inverted index', () => {
  const texts = [
    ['Hund anmelden', 'Hundesteuer', 'Melden Sie Ihren Hund bei der Gemeinde an.'],
    ['Gewerbe anmelden', '', 'Ein Gewerbe melden Sie beim Gewerbeamt an.'],
    ['Hundeführerschein', '', 'Sachkunde für Hundehalter.'],
  ];
  const index = new InvertedIndex(
    texts.length,
    [
      { name: 'name', boost: 4 },
      { name: 'synonyms', boost: 3 },
      { name: 'text', boost: 1 },
    ],
    (d, f) => texts[d]![f]!,
    (t) => t.split(/[^\p{L}]+/u).filter(Boolean),
    (w) => w.toLowerCase(),
  );
  const docs = (query: string, options: Partial<Parameters<typeof index.search>[1]> = {}) =>
    index
      .search(query, { combineWith: 'AND', prefixFrom: 4, fuzzyFrom: Infinity, ...options })
      .sort((a, b) => b.score - a.score)
      .map((r) => r.doc);

  it('needs every word with AND, any word with OR, and ranks name hits above text hits', () => {
    assert.deepEqual(docs('hund anmelden'), [0]);
    assert.deepEqual(docs('hund gewerbe', { combineWith: 'OR' }).sort(), [0, 1, 2], 'hund* also matches Hundeführerschein');
    assert.deepEqual(docs('gewerbe'), [1]);
    assert.deepEqual(docs('hund'), [0, 2], 'the exact name word before the prefix match "hundeführerschein"/"hundehalter"');
  });

  it('forgives one typo only when asked to', () => {
    assert.deepEqual(docs('gewerbr'), []);
    assert.deepEqual(docs('gewerbr', { fuzzyFrom: 5 }), [1]);
  });
});
