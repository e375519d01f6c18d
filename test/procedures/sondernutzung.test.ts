import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addTenant } from '../../src/core/tenancy.js';
import { startApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { listMessages } from '../../src/modules/applications/postfach.js';
import { listAuthoritiesByKind, listAuthorityKinds, seedCatalog } from '../../src/modules/catalog/index.js';
import { assignCase, decideApproval, performAction } from '../../src/modules/cases/service.js';
import { loadPack, publishPack, UnknownAuthorityKindError } from '../../src/modules/procedures/index.js';
import { runAmtsweg } from '../helpers/cli.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { caseAt, caseTestModules, citizen, staff, tenantId, type Actor } from '../cases/helpers.js';

/**
 * A third procedure without a line of product code: a Gemeinde's "Sondernutzung öffentlicher
 * Straßen", routed to a `roadAuthority` kind that only the test data (test/fixtures/catalog/we)
 * define, with its pack in test/fixtures/procedures/sondernutzung.
 */
const pack = () => loadPack('test/fixtures/procedures/sondernutzung');

describe('a procedure pack and an authority kind that only data define', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
  });
  after(() => runtime.dispose());

  it('refuses to publish the pack while no tenant defines its authority kind, with one line naming file and pointer', async () => {
    await assert.rejects(publishPack(runtime.ctx, pack()), (error: unknown) => {
      assert.ok(error instanceof UnknownAuthorityKindError);
      assert.equal(
        error.message,
        'procedure sondernutzung: procedure.json /recipients/0/authorityKind names the authority kind "roadAuthority", which no tenant defines (data/catalog/<tenant>/authority-kinds.json)',
      );
      return true;
    });
    assert.equal((await runAmtsweg(runtime, ['procedures', 'publish', 'test/fixtures/procedures/sondernutzung'])).code, 1, 'procedures publish exits 1');
    const stored = await runtime.ctx.db.selectFrom('procedure_versions').select('version').where('procedure_key', '=', 'sondernutzung').execute();
    assert.deepEqual(stored, []);
  });

  it('runs submit → case at the road authority → Bescheid once a Gemeinde tenant defines the kind in its data', async () => {
    await addTenant(runtime.ctx, { slug: 'we', name: 'Stadt Weimar', hosts: ['weimar.localhost'] });
    await seedCatalog(runtime.ctx, 'test/fixtures/catalog');
    const tenant = await tenantId(runtime, 'we');
    assert.deepEqual(
      (await listAuthorityKinds(runtime.ctx, tenant)).map((kind) => [kind.key, kind.label.de]),
      [['roadAuthority', 'Straßenbaubehörde']],
    );
    assert.deepEqual(await listAuthorityKinds(runtime.ctx, await tenantId(runtime, 'sn')).then((kinds) => kinds.some((kind) => kind.key === 'roadAuthority')), false);
    assert.equal((await publishPack(runtime.ctx, pack())).version, 1);

    const [road] = await listAuthoritiesByKind(runtime.ctx, tenant, 'roadAuthority');
    assert.ok(road);
    const applicant: Actor = citizen(tenant, { name: 'Café Anna' });
    const draft = await startApplication(runtime.ctx, applicant, 'sondernutzung');
    const answers = { applicantName: 'Café Anna', email: 'anna@example.org', use: 'outdoorSeating', street: 'Markt 11', from: '2026-05-01', until: '2026-09-30' };
    await updateDraft(runtime.ctx, applicant, draft.id, { data: answers, strict: true });
    const submitted = await submitApplication(runtime.ctx, applicant, draft.id);
    assert.match(submitted.application.reference ?? '', /^WE-/);
    assert.deepEqual(
      submitted.recipients.map((r) => r.name),
      ['Stadtverwaltung Weimar – Straßenbaubehörde'],
    );

    const { id } = await caseAt(runtime, draft.id, road.id);
    const worker = staff(tenant, road.id, 'caseWorker', 'Petra Pflaster');
    const lead = staff(tenant, road.id, 'teamLead', 'Lutz Leiter');
    const version = async () => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    const act = async (actor: Actor, action: string, inputs: Record<string, unknown> = {}) => performAction(runtime.ctx, actor, id, { action, version: await version(), inputs });

    await assignCase(runtime.ctx, worker, id, await version(), { kind: 'take' });
    await act(worker, 'confirmReceipt');
    await act(worker, 'draftDecision', { conditions: 'Gehweg von 1,50 m frei halten.', fee: '40' });
    const drafted = await runtime.ctx.db.selectFrom('case_documents').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    assert.match(drafted.body, /vor Markt 11 vom .* bis .* wird die Sondernutzung erlaubt/);
    assert.match(drafted.body, /Gehweg von 1,50 m frei halten\./);
    await act(worker, 'issueDecision');
    await decideApproval(runtime.ctx, lead, id, { version: await version(), approve: true, comment: '' });

    const kase = await caseAt(runtime, draft.id, road.id);
    assert.equal(kase.state, 'closed');
    assert.equal(kase.result, 'decided');
    assert.equal(kase.fee_cents, 4000);
    const final = await runtime.ctx.db.selectFrom('case_documents').selectAll().where('case_id', '=', id).where('status', '=', 'final').executeTakeFirstOrThrow();
    const messages = await listMessages(runtime.ctx, applicant, draft.id);
    assert.match(messages.find((m) => m.subject.startsWith('Eingangsbestätigung'))!.body, /bei Stadtverwaltung Weimar – Straßenbaubehörde eingegangen/);
    assert.equal(messages.find((m) => m.id === final.message_id)?.attachments[0]?.type, 'application/pdf', 'the Bescheid is delivered to the Postfach');
  });

  it('refuses a workflow whose authority input names an undefined kind, pointing into workflow.json', async () => {
    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-kinds-')), 'sondernutzung');
    fs.cpSync('test/fixtures/procedures/sondernutzung', folder, { recursive: true });
    const workflow = JSON.parse(fs.readFileSync(path.join(folder, 'workflow.json'), 'utf8'));
    workflow.actions.draftDecision.inputs.unshift({
      name: 'heard',
      type: 'authority',
      label: { de: 'Angehört', en: 'Heard' },
      authorityKinds: ['roadAuthority', 'bridgeAuthority'],
    });
    fs.writeFileSync(path.join(folder, 'workflow.json'), JSON.stringify(workflow));
    try {
      await assert.rejects(publishPack(runtime.ctx, loadPack(folder)), {
        name: 'UnknownAuthorityKindError',
        message:
          'procedure sondernutzung: workflow.json /actions/draftDecision/inputs/0/authorityKinds/1 names the authority kind "bridgeAuthority", which no tenant defines (data/catalog/<tenant>/authority-kinds.json)',
      });
    } finally {
      fs.rmSync(path.dirname(folder), { recursive: true, force: true });
    }
  });
});
