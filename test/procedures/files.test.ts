import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { projectPath } from '../../src/core/paths.js';
import { currentProcedureVersion, listVersions, loadPack, ProcedurePackError } from '../../src/modules/procedures/index.js';
import { runAmtsweg } from '../helpers/cli.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

const shipped = ['bohranzeige', 'bohrergebnisse', 'lehrerbewerbung'];

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** A file's content for comparison: JSON canonically formatted, anything else byte for byte. */
function comparable(file: string): string {
  const bytes = fs.readFileSync(file);
  return file.endsWith('.json') ? canonicalJson(JSON.parse(bytes.toString('utf8'))) : bytes.toString('base64');
}

function assertSameFolders(actual: string, expected: string): void {
  assert.deepEqual(filesUnder(actual), filesUnder(expected));
  for (const name of filesUnder(expected)) assert.equal(comparable(path.join(actual, name)), comparable(path.join(expected, name)), name);
}

/** A copy of a shipped pack in a temporary folder named like the pack. */
function copyOf(key: string): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pack-copy-')), key);
  fs.cpSync(projectPath('procedures', key), folder, { recursive: true });
  return folder;
}

/** What a command writes to stdout or stderr (its own lines; commander's usage comes back from runAmtsweg). */
async function capturing(stream: NodeJS.WriteStream, work: () => Promise<{ code: number }>): Promise<{ code: number; text: string }> {
  const write = stream.write;
  let text = '';
  stream.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof stream.write;
  try {
    const { code } = await work();
    return { code, text };
  } finally {
    stream.write = write;
  }
}

const withStderr = async (work: () => Promise<{ code: number }>) => {
  const { code, text } = await capturing(process.stderr, work);
  return { code, err: text };
};

describe('procedures export and import (files round trip)', () => {
  let runtime: TestRuntime;
  let scratch: string;
  before(async () => {
    runtime = await createTestRuntime();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-export-'));
  });
  after(async () => {
    await runtime.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
  });
  const amtsweg = (...args: string[]) => runAmtsweg(runtime, args);

  it('exports each shipped pack as it is in the repository (JSON canonically equal, templates byte for byte, demo.json too)', async () => {
    for (const key of shipped) {
      const target = path.join(scratch, `export-${key}`);
      assert.equal((await amtsweg('procedures', 'export', key, target)).code, 0, key);
      assertSameFolders(target, projectPath('procedures', key));
      // procedure.json and form.json are written the way the repository writes them, so they are even byte for byte equal
      for (const name of ['procedure.json', 'form.json', 'workflow.json']) {
        assert.equal(fs.readFileSync(path.join(target, name), 'utf8'), fs.readFileSync(projectPath('procedures', key, name), 'utf8'), `${key}/${name}`);
      }
    }
  });

  it('imports an exported shipped pack unchanged: the same content is the same version', async () => {
    for (const key of shipped) {
      const folder = path.join(scratch, `again-${key}`, key);
      assert.equal((await amtsweg('procedures', 'export', key, folder)).code, 0);
      const before = await listVersions(runtime.ctx, key);
      assert.equal((await amtsweg('procedures', 'import', folder)).code, 0);
      assert.deepEqual(await listVersions(runtime.ctx, key), before, `${key}: no new version`);
      assert.equal(loadPack(folder).contentHash, loadPack(projectPath('procedures', key)).contentHash);
    }
  });

  it('imports a changed pack as a new draft that takes no applications, and exports that draft as it was imported', async () => {
    const folder = copyOf('bohranzeige');
    const form = JSON.parse(fs.readFileSync(path.join(folder, 'form.json'), 'utf8'));
    form.pages[0].title.de = `${form.pages[0].title.de} (geändert)`;
    fs.writeFileSync(path.join(folder, 'form.json'), JSON.stringify(form));
    fs.writeFileSync(path.join(folder, 'templates', 'hinweis.txt'), 'Grüße aus Freiberg\r\nohne Zeilenende am Schluss');
    const published = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version;

    assert.equal((await amtsweg('procedures', 'import', folder)).code, 0);
    const versions = await listVersions(runtime.ctx, 'bohranzeige');
    const draft = versions.at(-1)!;
    assert.equal(draft.version, published + 1);
    assert.equal(draft.state, 'draft');
    assert.equal((await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version, published, 'new applications stay on the published version');

    const target = path.join(scratch, 'draft');
    assert.equal((await amtsweg('procedures', 'export', 'bohranzeige', target, '--version', String(draft.version))).code, 0);
    assertSameFolders(target, folder);
    const defaultExport = path.join(scratch, 'default');
    assert.equal((await amtsweg('procedures', 'export', 'bohranzeige', defaultExport)).code, 0);
    assertSameFolders(defaultExport, projectPath('procedures', 'bohranzeige'));

    const diff = await capturing(process.stdout, () => amtsweg('procedures', 'diff', 'bohranzeige', String(published), String(draft.version)));
    assert.equal(diff.code, 0);
    const [pageLine, titleLine, templateLine, ...rest] = diff.text.split('\n');
    assert.match(pageLine!, new RegExp(`^pages +changed +${form.pages[0].id} `));
    const title = form.pages[0].title;
    assert.equal(titleLine, `    title: ${JSON.stringify({ ...title, de: title.de.replace(' (geändert)', '') })} → ${JSON.stringify(title)}`);
    assert.match(templateLine!, /^templates +added +hinweis\.txt$/);
    assert.deepEqual(rest, [''], 'nothing else differs');
    const same = await capturing(process.stdout, () => amtsweg('procedures', 'diff', 'bohranzeige', String(published), String(published)));
    assert.equal(same.text, 'no differences\n');
  });

  it('refuses a template that is not text, listing the file', () => {
    const folder = copyOf('bohrergebnisse');
    fs.writeFileSync(path.join(folder, 'templates', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe]));
    assert.throws(
      () => loadPack(folder),
      (error: unknown) => error instanceof ProcedurePackError && /templates\/logo\.png \/: is not a UTF-8 text file/.test(error.message),
    );
  });

  it('answers an unknown key or version, a folder that is not a pack and a target that is not empty with one line and exit code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['procedures', 'export', 'gibtesnicht', path.join(scratch, 'a')], /^amtsweg procedures: there is no procedure "gibtesnicht"\n$/],
      [['procedures', 'export', 'bohranzeige', path.join(scratch, 'b'), '--version', '99'], /^amtsweg procedures: procedure "bohranzeige" has no version 99 \(it has 1, 2\)\n$/],
      [['procedures', 'export', 'bohranzeige', path.join(scratch, 'c'), '--version', 'zwei'], /^amtsweg procedures: --version must be a version number, not "zwei"\n$/],
      [['procedures', 'diff', 'bohranzeige', '1', '99'], /^amtsweg procedures: procedure "bohranzeige" has no version 99 \(it has 1, 2\)\n$/],
      [['procedures', 'diff', 'bohranzeige', 'eins', '2'], /^amtsweg procedures: FROM must be a version number, not "eins"\n$/],
      [['procedures', 'diff', 'gibtesnicht', '1', '2'], /^amtsweg procedures: there is no procedure "gibtesnicht"\n$/],
      [['procedures', 'export', 'bohranzeige', projectPath('procedures', 'bohranzeige')], /^amtsweg procedures: .*bohranzeige is not empty; export into a new or empty folder\n$/],
      [['procedures', 'import', scratch], /^amtsweg procedures: .* is not a procedure pack folder \(it has no procedure\.json\)\n$/],
      [['procedures', 'import', path.join(scratch, 'fehlt')], /^amtsweg procedures: .*fehlt is not a folder\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await withStderr(() => amtsweg(...args));
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.err, message, args.join(' '));
    }
    assert.ok(!fs.existsSync(path.join(scratch, 'a')), 'nothing written for an unknown key');
  });

  it('refuses a pack whose workflow does not fit its form, storing nothing', async () => {
    const folder = copyOf('bohrergebnisse');
    const workflow = JSON.parse(fs.readFileSync(path.join(folder, 'workflow.json'), 'utf8'));
    workflow.initial.case = 'gibtesnicht';
    fs.writeFileSync(path.join(folder, 'workflow.json'), JSON.stringify(workflow));
    const before = await listVersions(runtime.ctx, 'bohrergebnisse');
    const result = await withStderr(() => amtsweg('procedures', 'import', folder));
    assert.equal(result.code, 1);
    assert.match(result.err, /workflow\.json/);
    assert.deepEqual(await listVersions(runtime.ctx, 'bohrergebnisse'), before);
  });
});
