import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importXdf, parseFormDefinition, validateSubmission, XdfImportError } from '../../src/modules/forms/index.js';
import { now } from './helpers.js';

const sample = (name: string) => fs.readFileSync(new URL(`../fixtures/fim/${name}`, import.meta.url), 'utf8');

describe('XDatenfelder import', () => {
  it('converts a 2.0 Stammdatenschema: group → page, Präzisierung → length limits, rules → notes', () => {
    const { form, xdfVersion, notes } = importXdf(sample('xdfv2_simple.xml'));
    assert.equal(xdfVersion, '2');
    assert.equal(form.key, 't1234');
    assert.equal(form.version, '1.0');
    assert.equal(form.pages.length, 1);
    const page = form.pages[0]!;
    assert.equal(page.title.de, 'Natürliche Person');
    assert.deepEqual(page.fields[0], {
      key: 'familienname',
      label: { de: 'Familienname', en: 'Familienname' },
      hint: { de: 'Hilfe Eingabe', en: 'Hilfe Eingabe' },
      fim: { id: 'F60000227', version: '1.1' },
      type: 'text',
      minLength: 1,
      maxLength: 120,
    });
    assert.ok(notes.some((note) => note.includes('R60000037') && note.includes('MindestEineAngabe')));
    // the draft is a working form
    const tooLong = validateSubmission(form, { familienname: 'x'.repeat(121) }, { now });
    assert.deepEqual(
      tooLong.errors.map((e) => e.code),
      ['forms.text.tooLong'],
    );
  });

  it('keeps code list references and notes that the values are missing', () => {
    const { form, notes } = importXdf(sample('xdfv2_select.xml'));
    const field = form.pages[0]!.fields[0]!;
    assert.equal(field.type, 'singleChoice');
    assert.deepEqual(form.codeLists?.c123, { values: [], source: { uri: 'urn:de:example_1', version: '1' } });
    assert.ok(notes.some((note) => note.includes('Werte eintragen')));
  });

  it('turns a label into static help content', () => {
    const { form } = importXdf(sample('xdfv2_label.xml'));
    assert.deepEqual(form.pages[0]!.fields[0], { type: 'help', key: 'hinweis', content: { de: 'Hinweis Inhalt', en: 'Hinweis Inhalt' } });
  });

  it('converts 3.0 groups with cardinalities and attribute Präzisierung', () => {
    const { form, xdfVersion, notes } = importXdf(sample('xdfv3_simple.xml'));
    assert.equal(xdfVersion, '3');
    assert.equal(form.version, '1.2.0');
    const group = form.pages[0]!.fields[0]!;
    assert.equal(group.type, 'group');
    assert.equal(group.type === 'group' && group.optional, true, 'anzahl 0:1 makes the group optional');
    const street = group.type === 'group' ? group.fields[0] : undefined;
    assert.deepEqual(street && { type: street.type, key: street.key, maxLength: 'maxLength' in street ? street.maxLength : undefined }, {
      type: 'text',
      key: 'strasse',
      maxLength: 55,
    });
    assert.ok(notes.some((note) => note.includes('R60000000019') && note.includes('Typ V')));
  });

  it('reads 3.0 select fields with min/max and pattern constraints', () => {
    const { form } = importXdf(sample('xdfv3_input.xml'));
    const field = form.pages[0]!.fields[0]!;
    assert.equal(field.type, 'singleChoice');
    assert.equal(field.type === 'singleChoice' && field.optional, true);
  });

  it('refuses messages without fields and documents that are not XDatenfelder, with a clear message', () => {
    assert.throws(
      () => importXdf(sample('xdfv2_rule.xml')),
      (error: unknown) => error instanceof XdfImportError && /no Datenfelder/.test(error.message),
    );
    assert.throws(() => importXdf('<html/>'), XdfImportError);
    assert.throws(() => importXdf('<<<'), XdfImportError);
  });

  it('maps repeated groups to repeat fields with min/max', () => {
    const xml = sample('xdfv2_simple.xml').replace(
      '<xdf:anzahl>1:1</xdf:anzahl>\n            <xdf:bezug></xdf:bezug>\n            <xdf:enthaelt>\n                <xdf:datenfeldgruppe>',
      '<xdf:anzahl>1:5</xdf:anzahl>\n            <xdf:bezug></xdf:bezug>\n            <xdf:enthaelt>\n                <xdf:datenfeldgruppe>',
    );
    const { form } = importXdf(xml);
    const repeat = form.pages[0]!.fields[0]!;
    assert.equal(repeat.type, 'repeat');
    assert.equal(repeat.type === 'repeat' && repeat.max, 5);
    assert.equal(repeat.type === 'repeat' && repeat.min, 1);
  });

  it('runs as `amtsweg forms import-xdf FILE OUT`', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-xdf-'));
    try {
      const out = path.join(dir, 'form.json');
      const input = fileURLToPath(new URL('../fixtures/fim/xdfv3_simple.xml', import.meta.url));
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'forms', 'import-xdf', input, out], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: 'sqlite::memory:', DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
      });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /XDatenfelder 3\.0/);
      const form = parseFormDefinition(JSON.parse(fs.readFileSync(out, 'utf8')));
      assert.equal(form.key, 'g60000000088');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
