import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { projectPath } from '../../src/core/paths.js';
import { diffStoredVersions, diffVersions, importPack, loadPack, type DiffEntry, type VersionContent } from '../../src/modules/procedures/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import os from 'node:os';
import path from 'node:path';

const text = (de: string) => ({ de, en: de });

/** A small synthetic version: two pages, a group, a choice with its code list, a rule, two recipients, a workflow and a template. */
function base(): VersionContent {
  return {
    procedure: {
      key: 'hundesteuer',
      service: 'hundesteuer',
      leikaKey: '99107004017000',
      title: text('Hundesteuer anmelden'),
      trustLevel: 'basis',
      applicants: ['person'],
      anonymous: false,
      recipients: [
        { authorityKind: 'municipality', region: 'land', when: true },
        { authorityKind: 'tax', region: 'land', when: { '>': [{ var: 'dogs' }, 2] }, reason: text('Mehr als zwei Hunde') },
      ],
      retentionYears: 10,
      fee: { amountCents: 0 },
      declaration: text('Ich versichere …'),
    },
    formDocument: {
      key: 'hundesteuer',
      version: '1',
      title: text('Hundesteuer'),
      pages: [
        {
          id: 'halter',
          title: text('Halterin oder Halter'),
          fields: [
            { key: 'name', type: 'text', label: text('Name'), maxLength: 100 },
            { key: 'address', type: 'group', label: text('Anschrift'), fields: [{ key: 'street', type: 'text', label: text('Straße') }] },
          ],
        },
        {
          id: 'hund',
          title: text('Hund'),
          fields: [
            { key: 'dogs', type: 'integer', label: text('Anzahl der Hunde'), min: 1, max: 20 },
            { key: 'breed', type: 'singleChoice', label: text('Rasse'), codeList: 'breeds' },
          ],
        },
      ],
      codeLists: {
        breeds: {
          values: [
            { value: 'dackel', label: text('Dackel') },
            { value: 'pudel', label: text('Pudel') },
          ],
        },
      },
      rules: [{ id: 'tooMany', when: { '>': [{ var: 'dogs' }, 10] }, severity: 'warning', field: '/dogs', message: text('Sind es wirklich so viele?') }],
    },
    workflowDocument: {
      initial: { case: 'received' },
      states: { received: { staff: text('Eingegangen') }, closed: { staff: text('Abgeschlossen') } },
      actions: { close: { from: ['received'], to: 'closed', label: text('Abschließen') } },
      templates: { messages: { eingang: { subject: 'Eingang {{reference}}', file: 'eingang.txt' } } },
    },
    templates: { 'eingang.txt': 'Guten Tag,\nwir haben Ihre Anmeldung erhalten.\n' },
  };
}

/** A deep copy of the base, changed by `edit`. */
function changed(edit: (v: any) => void): VersionContent {
  const copy = structuredClone(base());
  edit(copy);
  return copy;
}

const summary = (entries: DiffEntry[]) => entries.map((e) => `${e.area} ${e.change} ${e.subject}${e.changes.length ? ` [${e.changes.map((c) => c.property).join(', ')}]` : ''}`);

describe('differences between procedure versions', () => {
  it('finds nothing between equal versions', () => {
    assert.deepEqual(diffVersions(base(), base()), []);
  });

  it('names added, removed and changed questions by their pointer, with label, type, required and limits', () => {
    const after = changed((v) => {
      const [halter, hund] = v.formDocument.pages;
      halter.fields[0].label = text('Vor- und Nachname');
      halter.fields[0].optional = true;
      halter.fields[1].fields.push({ key: 'city', type: 'text', label: text('Ort') });
      hund.fields[0].max = 5;
      hund.fields[0].type = 'decimal';
      hund.fields.splice(1, 1);
      hund.fields.push({ key: 'chip', type: 'text', label: text('Chipnummer'), showIf: { '>': [{ var: 'dogs' }, 0] } });
    });
    const entries = diffVersions(base(), after);
    assert.deepEqual(summary(entries), [
      'questions changed /name [label, optional]',
      'questions added /address/city',
      'questions changed /dogs [max, type]',
      'questions added /chip',
      'questions removed /breed',
    ]);
    const name = entries[0]!;
    assert.deepEqual(name.label, text('Vor- und Nachname'));
    assert.deepEqual(name.changes[1], { property: 'optional', before: undefined, after: 'true' });
    assert.deepEqual(entries[2]!.changes[0], { property: 'max', before: '20', after: '5' });
    assert.deepEqual(entries[4]!.label, text('Rasse'));
  });

  it('tells a question moved to another page and a new order of questions', () => {
    const moved = changed((v) => {
      const [halter, hund] = v.formDocument.pages;
      hund.fields.unshift(halter.fields.shift());
    });
    assert.deepEqual(summary(diffVersions(base(), moved)), ['questions changed /name [page]']);
    const reordered = changed((v) => v.formDocument.pages[1].fields.reverse());
    const entries = diffVersions(base(), reordered);
    assert.deepEqual(summary(entries), ['pages changed hund [order]']);
    assert.deepEqual(entries[0]!.changes[0], { property: 'order', before: 'dogs, breed', after: 'breed, dogs' });
  });

  it('names pages, options (code lists), conditions and rules that changed', () => {
    const after = changed((v) => {
      v.formDocument.pages[1].showIf = { '==': [{ var: 'hasDog' }, true] };
      v.formDocument.pages.push({ id: 'zahlung', title: text('Zahlung'), fields: [] });
      v.formDocument.codeLists.breeds.values.push({ value: 'mops', label: text('Mops') });
      v.formDocument.rules[0].when = { '>': [{ var: 'dogs' }, 8] };
      v.formDocument.rules.push({ id: 'needsChip', when: true, severity: 'error', field: '/name', message: text('Bitte …') });
    });
    const entries = diffVersions(base(), after);
    assert.deepEqual(summary(entries), [
      'pages changed hund [showIf]',
      'pages added zahlung',
      'codeLists changed breeds [values]',
      'rules changed tooMany [when]',
      'rules added needsChip',
    ]);
    assert.equal(entries[3]!.changes[0]!.after, '{">":[{"var":"dogs"},8]}');
    assert.deepEqual(entries[3]!.label, text('Sind es wirklich so viele?'));
  });

  it('names routing changes by the recipient kind and region, and the other procedure facts by property', () => {
    const after = changed((v) => {
      v.procedure.recipients[1].when = { '>': [{ var: 'dogs' }, 3] };
      v.procedure.recipients.push({ authorityKind: 'police', region: 'kreisOfLocation', when: true });
      v.procedure.recipients.shift();
      v.procedure.fee = { amountCents: 1500 };
      v.procedure.trustLevel = 'substanziell';
    });
    assert.deepEqual(summary(diffVersions(base(), after)), [
      'routing changed tax@land [when]',
      'routing added police@kreisOfLocation',
      'routing removed municipality@land',
      'procedure changed procedure [fee, trustLevel]',
    ]);
  });

  it('names workflow states, actions, message texts and template files that changed', () => {
    const after = changed((v) => {
      v.workflowDocument.actions.close.label = text('Erledigen');
      v.workflowDocument.states.waiting = { staff: text('Wartet') };
      v.workflowDocument.templates.messages.eingang.subject = 'Ihre Anmeldung {{reference}}';
      v.workflowDocument.initial.case = 'closed';
      v.templates['eingang.txt'] = 'Sehr geehrte Damen und Herren,\n';
      v.templates['bescheid.txt'] = 'Bescheid\n';
    });
    const entries = diffVersions(base(), after);
    assert.deepEqual(summary(entries), [
      'workflow added states/waiting',
      'workflow changed actions/close [label]',
      'workflow changed messages/eingang [subject]',
      'workflow changed workflow [initial]',
      'templates changed eingang.txt [text]',
      'templates added bescheid.txt',
    ]);
  });

  it('finds nothing between a shipped pack and itself, and compares stored versions', async () => {
    const runtime: TestRuntime = await createTestRuntime({ seed: true });
    try {
      const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'diff-')), 'bohranzeige');
      fs.cpSync(projectPath('procedures', 'bohranzeige'), folder, { recursive: true });
      const form = JSON.parse(fs.readFileSync(path.join(folder, 'form.json'), 'utf8'));
      form.pages[0].fields[0].label.de = 'Geänderte Frage';
      fs.writeFileSync(path.join(folder, 'form.json'), JSON.stringify(form));
      const draft = await importPack(runtime.ctx, loadPack(folder));
      assert.deepEqual(await diffStoredVersions(runtime.ctx, 'bohranzeige', 1, 1), []);
      const entries = await diffStoredVersions(runtime.ctx, 'bohranzeige', 1, draft.version);
      assert.deepEqual(summary(entries!), [`questions changed /${form.pages[0].fields[0].key} [label]`]);
      assert.equal(await diffStoredVersions(runtime.ctx, 'bohranzeige', 1, 99), undefined);
    } finally {
      await runtime.dispose();
    }
  });
});
