import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * `amtsweg procedures schema` writes JSON Schemas a pack author's editor validates against. They
 * must accept every shipped pack and refuse what the loader refuses.
 */
describe('amtsweg procedures schema', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-schemas-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'procedures', 'schema', folder], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', DATABASE_URL: 'sqlite::memory:' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validator = (file: string) => {
    if (!compiled.has(file)) compiled.set(file, ajv.compile(JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'))));
    return compiled.get(file)!;
  };
  const packs = fs.readdirSync('procedures', { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const read = (pack: string, file: string) => JSON.parse(fs.readFileSync(path.join('procedures', pack, file), 'utf8'));

  it('writes the three schema files', () => {
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['form.schema.json', 'procedure.schema.json', 'workflow.schema.json']);
  });

  for (const file of ['procedure', 'form', 'workflow']) {
    it(`accepts the ${file}.json of every shipped pack`, () => {
      const validate = validator(`${file}.schema.json`);
      for (const pack of packs) {
        if (!fs.existsSync(path.join('procedures', pack.name, `${file}.json`))) continue;
        assert.ok(validate(read(pack.name, `${file}.json`)), `${pack.name}/${file}.json: ${ajv.errorsText(validate.errors)}`);
      }
    });
  }

  it('refuses a misspelt property, a field of an unknown type deep in a repeat group, and an unknown effect', () => {
    const procedure = { ...read('bohranzeige', 'procedure.json'), titel: 'x' };
    assert.equal(validator('procedure.schema.json')(procedure), false);
    const form = read('bohranzeige', 'form.json');
    const validateForm = validator('form.schema.json');
    const repeat = (form.pages as { fields: { type: string; fields?: unknown[] }[] }[]).flatMap((page) => page.fields).find((field) => field.type === 'repeat');
    assert.ok(repeat?.fields, 'the drilling form has a repeat group');
    repeat.fields.push({ type: 'hologram', key: 'x', label: { de: 'x', en: 'x' } });
    assert.equal(validateForm(form), false, 'a field of an unknown type inside a repeat group');
    const workflow = read('bohranzeige', 'workflow.json');
    const firstWithEffects = Object.values(workflow.actions as Record<string, { effects?: unknown[] }>).find((action) => action.effects?.length)!;
    firstWithEffects.effects!.push({ teleport: {} });
    assert.equal(validator('workflow.schema.json')(workflow), false);
  });
});
