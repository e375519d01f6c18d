import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getCaseView } from '../../src/modules/cases/case-view.js';
import { performAction } from '../../src/modules/cases/service.js';
import { loadPack, publishAllPacks, publishPack } from '../../src/modules/procedures/index.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, staff, submitNotification, tenantId, type Authorities } from '../cases/helpers.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

const shipped = path.resolve('procedures/bohranzeige');

/** A copy of the drilling pack (in a folder of its own name) with workflow.json or a template changed. */
function changedPack(change: { workflow?: (workflow: Record<string, any>) => void; template?: [string, string] }): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-version-')), 'bohranzeige');
  fs.cpSync(shipped, folder, { recursive: true });
  if (change.workflow) {
    const workflow = JSON.parse(fs.readFileSync(path.join(folder, 'workflow.json'), 'utf8'));
    change.workflow(workflow);
    fs.writeFileSync(path.join(folder, 'workflow.json'), JSON.stringify(workflow, null, 2));
  }
  if (change.template) fs.writeFileSync(path.join(folder, 'templates', change.template[0]), change.template[1]);
  return folder;
}

const renamedState = changedPack({ workflow: (w) => (w.states.received.staff.de = 'Neu eingegangen') });

/** workflow.json and templates/ belong to a procedure version: changing them publishes a new one, and running cases keep theirs. */
describe('procedure versions include the workflow', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
  });
  after(() => runtime.dispose());

  const versionOf = async () =>
    Number(
      (
        await runtime.ctx.db
          .selectFrom('procedure_versions')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('procedure_key', '=', 'bohranzeige')
          .executeTakeFirstOrThrow()
      ).v,
    );

  it('hashes workflow.json and the templates with procedure and form', () => {
    const original = loadPack(shipped);
    const workflowOnly = loadPack(renamedState);
    assert.notEqual(workflowOnly.contentHash, original.contentHash, 'only workflow.json changed');
    assert.equal(workflowOnly.formOnlyHash, original.formOnlyHash);
    const templateOnly = loadPack(changedPack({ template: ['bescheid.txt', `${fs.readFileSync(path.join(shipped, 'templates', 'bescheid.txt'), 'utf8')}\nNeue Zeile.\n`] }));
    assert.notEqual(templateOnly.contentHash, original.contentHash, 'only a template changed');
    assert.equal(loadPack(changedPack({})).contentHash, original.contentHash, 'a copy is the same version');
  });

  it('publishes a changed workflow as a new version; the running case keeps the old workflow, a new case gets the new one', async () => {
    const before = await versionOf();
    const oldCase = await caseAt(runtime, await submitNotification(runtime, citizen(tenant)), authorities.lfulg.id);
    assert.equal(Number(oldCase.procedure_version), before);

    const published = await publishPack(runtime.ctx, loadPack(renamedState));
    assert.deepEqual(published, { key: 'bohranzeige', version: before + 1, created: true, state: 'published' });
    assert.deepEqual(await publishPack(runtime.ctx, loadPack(renamedState)), { ...published, created: false }, 'publishing it again changes nothing');

    const newCase = await caseAt(runtime, await submitNotification(runtime, citizen(tenant)), authorities.lfulg.id);
    assert.equal(Number(newCase.procedure_version), before + 1);
    const worker = staff(tenant, authorities.lfulg.id, 'caseWorker');
    const stateName = async (id: string) => {
      const view = await getCaseView(runtime.ctx, worker, id);
      return view.workflow.states[view.kase.state]!.staff.de;
    };
    assert.equal(await stateName(newCase.id), 'Neu eingegangen');
    assert.notEqual(await stateName(oldCase.id), 'Neu eingegangen', 'the running case keeps the workflow of its version');
    // Both still run: the step is carried out under each case's own workflow.
    for (const kase of [oldCase, newCase]) await performAction(runtime.ctx, worker, kase.id, { action: 'confirmReceipt', version: Number(kase.version), inputs: {} });
  });

  it('adopts versions published before workflows were stored, without a new version number (seed stays idempotent)', async () => {
    const pack = loadPack(shipped);
    // How an installation from before looks: the version's hash over procedure and form only, no workflow stored.
    const current = await runtime.ctx.db
      .selectFrom('procedure_versions')
      .select('version')
      .where('procedure_key', '=', 'bohranzeige')
      .where('content_hash', '=', pack.contentHash)
      .executeTakeFirstOrThrow();
    await runtime.ctx.db
      .updateTable('procedure_versions')
      .set({ content_hash: pack.formOnlyHash, workflow_json: null, templates_json: null })
      .where('procedure_key', '=', 'bohranzeige')
      .where('version', '=', current.version)
      .execute();
    const count = async () =>
      Number(
        (
          await runtime.ctx.db
            .selectFrom('procedure_versions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const rows = await count();

    const results = await publishAllPacks(runtime.ctx);
    assert.deepEqual(
      results.find((r) => r.key === 'bohranzeige'),
      { key: 'bohranzeige', version: current.version, created: false, state: 'published' },
    );
    assert.ok(results.every((r) => !r.created));
    assert.equal(await count(), rows);
    const adopted = await runtime.ctx.db
      .selectFrom('procedure_versions')
      .selectAll()
      .where('procedure_key', '=', 'bohranzeige')
      .where('version', '=', current.version)
      .executeTakeFirstOrThrow();
    assert.equal(adopted.content_hash, pack.contentHash);
    assert.deepEqual(JSON.parse(adopted.workflow_json!), pack.workflowDocument);
    assert.deepEqual(Object.keys(JSON.parse(adopted.templates_json!)), Object.keys(pack.templates));
    assert.ok(
      (await publishAllPacks(runtime.ctx)).every((r) => !r.created),
      'and again: nothing new',
    );
  });
});
