import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditEntriesAbout } from '../../src/core/audit/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import type { Actor } from '../../src/modules/access/index.js';
import {
  changeWorkingCopy,
  currentProcedureVersion,
  listVersions,
  ProcedurePackError,
  saveWorkingCopyAsDraft,
  startWorkingCopy,
  studioVersion,
  UnknownAuthorityKindError,
  workingCopy,
  type WorkingContent,
} from '../../src/modules/procedures/index.js';
import { Browser, staffSession } from '../catalog/staff.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';

const staff = (tenantId: string, accountId: string, role: 'procedureAdmin' | 'caseWorker'): Extract<Actor, { kind: 'staff' }> => ({
  kind: 'staff',
  tenantId,
  accountId,
  name: accountId,
  trustLevel: 'substanziell',
  memberships: [{ authorityId: null, role }],
});

async function tenantIdOf(runtime: TestRuntime, slug: string): Promise<string> {
  return (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

type Page = { fields: { label: { de: string } }[] };
/** Changes the first question's German label (the editor's kind of change, without its forms). */
const relabel =
  (label: string) =>
  (content: WorkingContent): WorkingContent => {
    const form = structuredClone(content.form) as { pages: Page[] };
    form.pages[0]!.fields[0]!.label.de = label;
    return { ...content, form };
  };

async function rowCounts(runtime: TestRuntime) {
  const count = async (table: 'procedure_versions' | 'procedure_working_copies' | 'audit_log') =>
    Number(
      (
        await runtime.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { versions: await count('procedure_versions'), copies: await count('procedure_working_copies'), audit: await count('audit_log') };
}

describe('procedure studio: the working copy (service)', () => {
  let runtime: TestRuntime;
  let sn: string;
  useTestApp(async (opened) => {
    runtime = opened.runtime;
    sn = await tenantIdOf(runtime, 'sn');
  });

  it('copies a version, changes it revision by revision and saves it as a draft that diffs like an imported one; refuses stale, invalid and foreign changes', async () => {
    const paula = staff(sn, 'paula', 'procedureAdmin');
    const published = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version;

    const started = await startWorkingCopy(runtime.ctx, paula, 'bohranzeige', published, undefined);
    assert.equal(started.revision, 1);
    assert.equal(started.basedOnVersion, published);
    const unchanged = await saveWorkingCopyAsDraft(runtime.ctx, paula, 'bohranzeige', 1);
    assert.deepEqual([unchanged.version, unchanged.created], [published, false], 'an unchanged copy is the version it came from');

    const changed = await changeWorkingCopy(runtime.ctx, paula, 'bohranzeige', 1, relabel('Im Studio geändert'), 'procedure.workingCopy.test');
    assert.equal(changed.revision, 2);

    // A change on revision 1 again (a second tab): refused, nothing saved.
    let before = await rowCounts(runtime);
    await assert.rejects(
      changeWorkingCopy(runtime.ctx, paula, 'bohranzeige', 1, relabel('Veraltet'), 'procedure.workingCopy.test'),
      (error: unknown) => error instanceof ConflictError && error.code === 'procedures.studio.staleRevision' && error.params.revision === 2,
    );
    await assert.rejects(saveWorkingCopyAsDraft(runtime.ctx, paula, 'bohranzeige', 1), ConflictError);
    await assert.rejects(startWorkingCopy(runtime.ctx, paula, 'bohranzeige', published, 1), ConflictError, 'starting over names the revision it replaces');
    assert.deepEqual(await rowCounts(runtime), before);
    assert.equal((await workingCopy(runtime.ctx, paula, 'bohranzeige')).revision, 2);

    const saved = await saveWorkingCopyAsDraft(runtime.ctx, paula, 'bohranzeige', 2);
    assert.equal(saved.created, true);
    assert.equal(saved.state, 'draft');
    const page = await studioVersion(runtime.ctx, paula, 'bohranzeige', saved.version);
    assert.equal(page.comparedWith, published);
    assert.equal(page.differences.length, 1);
    assert.equal(page.differences[0]!.change, 'changed');
    assert.equal(page.workingRevision, 2);
    assert.equal((await workingCopy(runtime.ctx, paula, 'bohranzeige')).basedOnVersion, saved.version);
    const actions = (await auditEntriesAbout(runtime.ctx.db, sn, { objectTypes: ['procedure'], objectIds: ['bohranzeige'] })).map((entry) => entry.action);
    for (const action of ['procedure.workingCopy.start', 'procedure.workingCopy.test', 'procedure.workingCopy.save']) assert.ok(actions.includes(action), action);

    // Invalid content is refused with the place it concerns; nothing is stored.
    await changeWorkingCopy(runtime.ctx, paula, 'bohranzeige', 2, (content) => ({ ...content, form: { ...content.form, pages: [] } }), 'procedure.workingCopy.test');
    before = await rowCounts(runtime);
    await assert.rejects(saveWorkingCopyAsDraft(runtime.ctx, paula, 'bohranzeige', 3), (error: unknown) => {
      assert.ok(error instanceof ProcedurePackError);
      assert.deepEqual(
        error.problems.map((problem) => [problem.file, problem.path]),
        [['bohranzeige/form.json', '/pages']],
      );
      return true;
    });
    // A recipient kind no authority has: refused at its pointer.
    const unknownKind = (content: WorkingContent): WorkingContent => ({
      ...content,
      procedure: { ...content.procedure, recipients: [{ ...content.procedure.recipients[0]!, authorityKind: 'zauberei' }] },
    });
    await startWorkingCopy(runtime.ctx, paula, 'bohranzeige', published, 3);
    await changeWorkingCopy(runtime.ctx, paula, 'bohranzeige', 4, unknownKind, 'procedure.workingCopy.test');
    before = await rowCounts(runtime);
    await assert.rejects(
      saveWorkingCopyAsDraft(runtime.ctx, paula, 'bohranzeige', 5),
      (error: unknown) => error instanceof UnknownAuthorityKindError && error.use.pointer === '/recipients/0/authorityKind',
    );
    assert.deepEqual(await rowCounts(runtime), before);

    // Another tenant's procedure administrator and a case worker of the maintaining tenant: 403.
    const berta = staff(await tenantIdOf(runtime, 'bw'), 'berta', 'procedureAdmin');
    const otherProvider = (error: unknown) => error instanceof ForbiddenError && error.code === 'procedures.studio.otherProvider';
    await assert.rejects(startWorkingCopy(runtime.ctx, berta, 'bohranzeige', published, undefined), otherProvider);
    await assert.rejects(workingCopy(runtime.ctx, berta, 'bohranzeige'), otherProvider);
    await assert.rejects(saveWorkingCopyAsDraft(runtime.ctx, berta, 'bohranzeige', 5), otherProvider);
    await assert.rejects(workingCopy(runtime.ctx, staff(sn, 'sabine', 'caseWorker'), 'bohranzeige'), ForbiddenError);
    await assert.rejects(workingCopy(runtime.ctx, paula, 'gibt-es-nicht'), NotFoundError);
    await assert.rejects(startWorkingCopy(runtime.ctx, paula, 'bohranzeige', 999, 5), NotFoundError);
    assert.deepEqual(await rowCounts(runtime), before);
    assert.equal((await listVersions(runtime.ctx, 'bohranzeige')).length, saved.version);
  });
});

describe('procedure studio: the working copy (HTTP)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let sn: string;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    sn = await tenantIdOf(runtime, 'sn');
  });

  it('starts the working copy from a version page, shows its pages and questions, refuses a stale save and saves it as a draft', async () => {
    const admin = new Browser(app, (await staffSession(runtime, sn, 'procedureAdmin', 'Paula Pflege')).token);
    const published = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version;
    const versionPage = `/verwaltung/verfahren/bohranzeige/${published}`;
    assert.match((await admin.get(versionPage)).body, /Version \d+ bearbeiten/);

    const started = await admin.post(`${versionPage}/bearbeiten`, {}, versionPage);
    assert.equal(started.statusCode, 303);
    assert.equal(started.headers.location, '/verwaltung/verfahren/bohranzeige/arbeitsstand?hinweis=started');
    const editor = await admin.get('/verwaltung/verfahren/bohranzeige/arbeitsstand');
    assert.equal(editor.statusCode, 200);
    assert.match(editor.body, /Arbeitsstand: /);
    assert.match(editor.body, /Seite 1: /);
    assert.match(editor.body, /name="revision" value="1"/);
    // Starting again from the version page without the revision the copy has now: 409 with the message.
    const again = await admin.post(`${versionPage}/bearbeiten`, { revision: '7' }, versionPage);
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /inzwischen geändert \(jetzt Revision 1\)/);

    await changeWorkingCopy(runtime.ctx, staff(sn, 'viktor', 'procedureAdmin'), 'bohranzeige', 1, relabel('Über das Studio geändert'), 'procedure.workingCopy.test');
    const stale = await admin.post('/verwaltung/verfahren/bohranzeige/arbeitsstand/entwurf', { revision: '1' }, '/verwaltung/verfahren/bohranzeige/arbeitsstand');
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /jetzt Revision 2/);

    const saved = await admin.post('/verwaltung/verfahren/bohranzeige/arbeitsstand/entwurf', { revision: '2' }, '/verwaltung/verfahren/bohranzeige/arbeitsstand');
    assert.equal(saved.statusCode, 303);
    const location = String(saved.headers.location);
    assert.match(location, /^\/verwaltung\/verfahren\/bohranzeige\/\d+\?hinweis=saved$/);
    const draftPage = await admin.get(location);
    assert.match(draftPage.body, /als neue Version im Stand „Entwurf“ gespeichert/);
    assert.match(draftPage.body, /Über das Studio geändert/, 'the difference from the published version');
    assert.equal((await admin.get(`${location.split('?')[0]}/vorschau`)).statusCode, 303, 'the preview leads to its first page');

    const worker = new Browser(app, (await staffSession(runtime, sn, 'caseWorker', 'Sabine Sach')).token);
    assert.equal((await worker.get('/verwaltung/verfahren/bohranzeige/arbeitsstand')).statusCode, 403);
  });

  it('shows the problems of a working copy that cannot be saved at the page and question they concern', async () => {
    const admin = new Browser(app, (await staffSession(runtime, sn, 'procedureAdmin', 'Paula Pflege')).token);
    const paula = staff(sn, 'paula', 'procedureAdmin');
    const published = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version;
    const { revision } = await startWorkingCopy(runtime.ctx, paula, 'bohranzeige', published, (await workingCopy(runtime.ctx, paula, 'bohranzeige')).revision);
    const emptyLabel = (content: WorkingContent): WorkingContent => {
      const form = structuredClone(content.form) as { pages: { title: { de: string }; fields: { label: unknown }[] }[] };
      form.pages[0]!.fields[0]!.label = 'kein Text';
      return { ...content, form };
    };
    await changeWorkingCopy(runtime.ctx, paula, 'bohranzeige', revision, emptyLabel, 'procedure.workingCopy.test');
    const before = await rowCounts(runtime);
    const refused = await admin.post(
      '/verwaltung/verfahren/bohranzeige/arbeitsstand/entwurf',
      { revision: String(revision + 1) },
      '/verwaltung/verfahren/bohranzeige/arbeitsstand',
    );
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /<a class="kern-link" href="#frage-1-1">Seite „[^“]+“, Frage „[^“]+“: /);
    assert.deepEqual(await rowCounts(runtime), before);
  });
});
