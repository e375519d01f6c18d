import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addAttachment } from '../../src/modules/applications/attachments.js';
import { getApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { startInCall } from '../../src/modules/calls/index.js';
import { listInbox } from '../../src/modules/cases/index.js';
import { performAction } from '../../src/modules/cases/service.js';
import { listAuthoritiesByKind, type Authority } from '../../src/modules/catalog/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { applyInCall, openRound } from '../calls/helpers.js';
import { caseTestModules, citizen, fileInput, staff, tenantId, tinyPdf, type Actor, type Staff } from '../cases/helpers.js';
import { teacherA1 } from './lehrerbewerbung-sample.js';

/**
 * The staff council (Personalrat) and the disability representative (Schwerbehindertenvertretung)
 * of the LaSuB Standort are authorities of the catalogue: the teacher workflow involves them with
 * the generic `involve` effect, each answers in a linked case of its own inbox.
 */
describe('lehrerbewerbung: Personalrat and Schwerbehindertenvertretung as involved authorities', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let callId: string;
  let leipzig: Authority;
  let council: Authority;
  let representative: Authority;
  let worker: Staff;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules, now: new Date('2026-04-06T08:00:00Z') });
    tenant = await tenantId(runtime);
    callId = (await openRound(runtime, tenant)).id;
    leipzig = (await listAuthoritiesByKind(runtime.ctx, tenant, 'school')).find((a) => a.key === 'lasub-leipzig')!;
    council = (await listAuthoritiesByKind(runtime.ctx, tenant, 'staffCouncil')).find((a) => a.key === 'personalrat-lasub-leipzig')!;
    representative = (await listAuthoritiesByKind(runtime.ctx, tenant, 'disabilityRepresentative')).find((a) => a.key === 'sbv-lasub-leipzig')!;
    worker = staff(tenant, leipzig.id, 'caseWorker', 'Petra Personal');
  });
  after(() => runtime.dispose());

  const cases = (applicationId: string) =>
    runtime.ctx.db.selectFrom('cases').selectAll().where('application_id', '=', applicationId).orderBy('created_at').orderBy('kind').execute();
  async function act(actor: Actor, caseId: string, action: string, inputs: Record<string, unknown> = {}) {
    const kase = await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
    return performAction(runtime.ctx, actor, caseId, { action, version: Number(kase.version), inputs });
  }
  async function ranked(applicationId: string): Promise<string> {
    const [kase] = await cases(applicationId);
    await act(worker, kase!.id, 'confirmReceipt');
    await act(worker, kase!.id, 'rank', { group: 'a1' });
    return kase!.id;
  }

  it('has one Personalrat and one Schwerbehindertenvertretung per LaSuB Standort in the catalogue', async () => {
    assert.deepEqual(
      (await listAuthoritiesByKind(runtime.ctx, tenant, 'staffCouncil')).map((a) => a.key).sort(),
      ['bautzen', 'chemnitz', 'dresden', 'leipzig', 'zwickau'].map((s) => `personalrat-lasub-${s}`),
    );
    assert.deepEqual(
      (await listAuthoritiesByKind(runtime.ctx, tenant, 'disabilityRepresentative')).map((a) => a.key).sort(),
      ['bautzen', 'chemnitz', 'dresden', 'leipzig', 'zwickau'].map((s) => `sbv-lasub-${s}`),
    );
    assert.equal(council.name, 'Personalrat der Lehrkräfte beim Landesamt für Schule und Bildung, Standort Leipzig');
  });

  it("involves the Personalrat in a linked case of its own inbox, whose answer returns into the application's case", async () => {
    const applicationId = await applyInCall(runtime, citizen(tenant, { trustLevel: 'substanziell' }), callId);
    const parentId = await ranked(applicationId);
    await assert.rejects(
      act(worker, parentId, 'involveDisabilityRepresentative', { authority: representative.id, question: 'Einstellung' }),
      { code: 'cases.action.guard' },
      'no severe disability declared: the SBV is not asked',
    );
    await assert.rejects(
      act(worker, parentId, 'involveStaffCouncil', { authority: leipzig.id, question: 'Einstellung' }),
      { code: 'error.validation' },
      'only a staff council can be chosen',
    );

    await act(worker, parentId, 'involveStaffCouncil', { authority: council.id, question: 'Einstellung an der 102. Oberschule Leipzig zum 01.08.2026' });
    const [parent, involvement] = await cases(applicationId);
    assert.equal(parent!.state, 'participation');
    assert.equal(involvement!.kind, 'involvement');
    assert.equal(involvement!.authority_id, council.id);
    assert.equal(involvement!.state, 'opinionRequested');
    assert.equal(involvement!.parent_case_id, parentId);

    const member = staff(tenant, council.id, 'caseWorker', 'Rita Rat');
    const inbox = await listInbox(runtime.ctx, member, { tab: 'new' });
    assert.deepEqual(
      inbox.rows.map((row) => row.id),
      [involvement!.id],
      "in the Personalrat's inbox, and only there",
    );
    assert.deepEqual(
      (await listInbox(runtime.ctx, worker, { tab: 'new' })).rows.filter((row) => row.id === involvement!.id),
      [],
      "not in the LaSuB's",
    );
    await assert.rejects(act(member, parentId, 'representativesAgreed', { staffCouncil: 'agreed' }), { code: 'cases.notFound' }, 'the council does not even see the LaSuB case');

    await act(member, involvement!.id, 'giveOpinion', { opinion: 'Der Personalrat stimmt der Einstellung zu.' });
    const link = await runtime.ctx.db.selectFrom('case_links').selectAll().where('to_case_id', '=', involvement!.id).executeTakeFirstOrThrow();
    assert.equal(link.answer, 'Der Personalrat stimmt der Einstellung zu.');
    const answered = await runtime.ctx.db
      .selectFrom('case_events')
      .select(['kind', 'details'])
      .where('case_id', '=', parentId)
      .where('kind', '=', 'opinionReceived')
      .executeTakeFirstOrThrow();
    assert.match(String(answered.details), /Personalrat der Lehrkräfte/);
    assert.equal((await cases(applicationId))[1]!.state, 'opinionGiven');

    await act(worker, parentId, 'representativesAgreed', { staffCouncil: 'agreed' });
    assert.equal((await cases(applicationId))[0]!.state, 'offerReady');
  });

  it('involves the Schwerbehindertenvertretung only when the applicant declared a severe disability', async () => {
    const marie = citizen(tenant, { trustLevel: 'substanziell', name: 'Marie Schulz' });
    const draft = await startInCall(runtime.ctx, marie, 'lehrerbewerbung', { callId });
    for (const pointer of ['/certificates', '/disabilityProof']) await addAttachment(runtime.ctx, marie, draft.id, pointer, fileInput('nachweis.pdf', tinyPdf));
    const { certificates, disabilityProof } = (await getApplication(runtime.ctx, marie, draft.id)).data;
    await updateDraft(runtime.ctx, marie, draft.id, {
      data: { ...teacherA1({ familyName: 'Schulz', givenNames: 'Marie', disability: true, gdb: 50 }), certificates, disabilityProof },
      strict: true,
    });
    await submitApplication(runtime.ctx, marie, draft.id);
    const parentId = await ranked(draft.id);

    await act(worker, parentId, 'involveDisabilityRepresentative', { authority: representative.id, question: 'Einstellung an der 102. Oberschule Leipzig zum 01.08.2026' });
    await act(worker, parentId, 'involveStaffCouncil', { authority: council.id, question: 'Einstellung an der 102. Oberschule Leipzig zum 01.08.2026' });
    const all = await cases(draft.id);
    assert.deepEqual(
      all
        .filter((c) => c.kind === 'involvement')
        .map((c) => c.authority_id)
        .sort(),
      [council.id, representative.id].sort(),
    );
    assert.equal(all.find((c) => c.kind === 'case')!.state, 'participation');
  });
});
