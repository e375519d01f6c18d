import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getForm, regionCheckOf, validateSubmission } from '../../src/modules/forms/index.js';
import { currentProcedureVersion, getProcedureVersion, loadPack, ProcedurePackError, publishPack, resolveRecipients } from '../../src/modules/procedures/index.js';
import { projectPath } from '../../src/core/paths.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { fakeSitePlan, sampleNotification, shallowNotification } from './bohranzeige-sample.js';

const packFolder = projectPath('procedures/bohranzeige');

/** A copy of the shipped pack in a temporary folder, changed by `edit`. */
function editedPack(edit: (procedure: Record<string, any>, form: Record<string, any>) => void): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pack-')), 'bohranzeige');
  fs.mkdirSync(folder);
  const procedure = JSON.parse(fs.readFileSync(path.join(packFolder, 'procedure.json'), 'utf8'));
  const form = JSON.parse(fs.readFileSync(path.join(packFolder, 'form.json'), 'utf8'));
  edit(procedure, form);
  fs.writeFileSync(path.join(folder, 'procedure.json'), JSON.stringify(procedure));
  fs.writeFileSync(path.join(folder, 'form.json'), JSON.stringify(form));
  return folder;
}

function problemsOf(folder: string): string[] {
  try {
    loadPack(folder);
  } catch (error) {
    assert.ok(error instanceof ProcedurePackError);
    return error.problems.map((p) => `${path.basename(p.file)} ${p.path}: ${p.message}`);
  }
  return [];
}

describe('procedure packs', () => {
  it('loads the shipped drilling notification pack', () => {
    const pack = loadPack(packFolder);
    assert.equal(pack.procedure.key, 'bohranzeige');
    assert.equal(pack.procedure.trustLevel, 'basis');
    assert.equal(pack.procedure.recipients.length, 3);
    assert.match(pack.contentHash, /^[0-9a-f]{64}$/);
  });

  it('names the file and the JSON pointer of each problem', () => {
    const problems = problemsOf(
      editedPack((procedure, form) => {
        procedure.trustLevel = 'extrem';
        procedure.recipients[1].when = { method: [{ var: 'x' }, 'toString'] };
        form.pages[0].fields[0].type = 'wurst';
      }),
    );
    assert.ok(
      problems.some((p) => p.startsWith('procedure.json /trustLevel')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('form.json /pages/0/fields/0')),
      problems.join('\n'),
    );
    const routing = problemsOf(editedPack((procedure) => (procedure.recipients[1].when = { method: [{ var: 'x' }, 'toString'] })));
    assert.deepEqual(routing, ['procedure.json /recipients/1/when: operator "method" is not allowed']);
  });

  it('refuses a location that is not a coordinate field, and a key other than the folder', () => {
    assert.deepEqual(problemsOf(editedPack((procedure) => (procedure.location = '/municipality'))), [
      'procedure.json /location: "/municipality" is not a coordinate field of the form (outside repeats)',
    ]);
    assert.deepEqual(problemsOf(editedPack((procedure) => (procedure.key = 'anderes'))), ['procedure.json /key: must equal the folder name "bohranzeige"']);
  });

  it('reports broken JSON with the file name', () => {
    const folder = editedPack(() => {});
    fs.writeFileSync(path.join(folder, 'form.json'), '{"key": ');
    const problems = problemsOf(folder);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^form\.json : /);
  });
});

describe('published versions and routing', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime();
  });
  after(() => runtime.dispose());

  it('publishes at seed, keeps a version per content hash, and registers each form version', async () => {
    const first = await currentProcedureVersion(runtime.ctx, 'bohranzeige');
    assert.equal(first?.version, 1);
    assert.ok(getForm('bohranzeige', '1'));
    assert.deepEqual(await publishPack(runtime.ctx, loadPack(packFolder)), { key: 'bohranzeige', version: 1, created: false, state: 'published' });

    const changed = loadPack(editedPack((procedure) => (procedure.processingDays = 5)));
    assert.deepEqual(await publishPack(runtime.ctx, changed), { key: 'bohranzeige', version: 2, created: true, state: 'published' });
    assert.equal((await currentProcedureVersion(runtime.ctx, 'bohranzeige'))?.procedure.processingDays, 5);
    assert.equal((await getProcedureVersion(runtime.ctx, 'bohranzeige', 1))?.procedure.processingDays, 3, 'version 1 stays as it was');
    assert.equal((await getProcedureVersion(runtime.ctx, 'bohranzeige', 2))?.form.version, '2');
  });

  it('publishes by command: a changed pack becomes the next version, a broken one is refused with its problems', async () => {
    const { proceduresModule } = await import('../../src/modules/procedures/index.js');
    const { runCommandLine } = await import('../../src/core/cli.js');
    const amtsweg = (...args: string[]) => runCommandLine({ name: 'amtsweg', description: '', commands: proceduresModule.commands!, execute: (run) => run(runtime.ctx) }, args);
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    // The test runner reports over stdout in binary chunks while this runs: let those through.
    const capture = (passOn: typeof write) =>
      ((chunk: string | Uint8Array, ...rest: never[]) => (typeof chunk === 'string' ? out.push(chunk) > 0 : passOn(chunk, ...rest))) as typeof process.stdout.write;
    process.stdout.write = capture(write);
    process.stderr.write = capture(writeErr);
    try {
      assert.equal(
        await amtsweg(
          'procedures',
          'publish',
          editedPack((procedure) => (procedure.processingDays = 9)),
        ),
        0,
      );
      assert.equal(
        await amtsweg(
          'procedures',
          'publish',
          editedPack((procedure) => (procedure.trustLevel = 'extrem')),
        ),
        1,
      );
      assert.equal(await amtsweg('procedures', 'frobnicate'), 2);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
    assert.match(out[0]!, /^bohranzeige: version \d+ published/);
    assert.match(out[1]!, /procedure\.json \/trustLevel/);
  });

  async function recipientsOf(data: Record<string, unknown>): Promise<string[]> {
    const { procedure, form } = (await getProcedureVersion(runtime.ctx, 'bohranzeige', 1))!;
    const insideRegion = regionCheckOf(runtime.ctx.extensions, 'sn');
    const result = validateSubmission(form, { ...data, sitePlan: fakeSitePlan }, { now: runtime.clock.now(), insideRegion });
    assert.deepEqual(result.errors, []);
    const tenant = await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow();
    const recipients = await resolveRecipients(runtime.ctx, tenant.id, procedure, form, result.value);
    return recipients.map((r) => r.authority.key);
  }

  it('routes a deep heat-probe drilling in Dresden to LfULG, Oberbergamt and the Dresden water authority', async () => {
    assert.deepEqual(await recipientsOf(sampleNotification()), ['lfulg', 'oba', 'uwb-14612']);
  });

  it('routes a shallow foundation boring without groundwater to the LfULG only', async () => {
    assert.deepEqual(await recipientsOf(shallowNotification()), ['lfulg']);
  });

  it('finds the water authority of the Kreis the site lies in (Freiberg → Mittelsachsen)', async () => {
    const freiberg = sampleNotification({
      site: { crs: 'EPSG:4326', lon: 13.3428, lat: 50.9119 },
      boreholes: [{ designation: 'B1', purpose: 'well', depth: 30, direction: 'vertical', drillingMethod: 'flush', groundwater: true }],
    });
    assert.deepEqual(await recipientsOf(freiberg), ['lfulg', 'uwb-14522']);
  });
});
