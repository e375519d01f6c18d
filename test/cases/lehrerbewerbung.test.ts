import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorker } from '../../src/runtime.js';
import { listMessages, replyToAuthority } from '../../src/modules/applications/postfach.js';
import { applicationStatus } from '../../src/modules/applications/status.js';
import { performAction } from '../../src/modules/cases/service.js';
import { applicantActions, performApplicantAction } from '../../src/modules/cases/applicant-actions.js';
import { listAuthoritiesByKind, type Authority } from '../../src/modules/catalog/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { teacherA1 } from '../procedures/lehrerbewerbung-sample.js';
import { applyInCall, openRound } from '../calls/helpers.js';
import { caseTestModules, citizen, fileInput, staff, tenantId, tinyPdf, type Actor, type Staff } from './helpers.js';

describe('lehrerbewerbung workflow', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let leipzig: Authority;
  let council: Authority;
  let worker: Staff;
  let lead: Staff;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules, now: new Date('2026-04-06T08:00:00Z') });
    tenant = await tenantId(runtime);
    leipzig = (await listAuthoritiesByKind(runtime.ctx, tenant, 'school')).find((a) => a.key === 'lasub-leipzig')!;
    council = (await listAuthoritiesByKind(runtime.ctx, tenant, 'staffCouncil')).find((a) => a.key === 'personalrat-lasub-leipzig')!;
    worker = staff(tenant, leipzig.id, 'caseWorker', 'Petra Personal');
    lead = staff(tenant, leipzig.id, 'teamLead', 'Uwe Referatsleiter');
    callId = (await openRound(runtime, tenant)).id;
  });
  after(() => runtime.dispose());

  let callId: string;
  const submitTeacher = (applicant: Actor, data: Record<string, unknown> = teacherA1()) => applyInCall(runtime, applicant, callId, data);
  const caseOf = (applicationId: string) =>
    runtime.ctx.db.selectFrom('cases').selectAll().where('application_id', '=', applicationId).where('kind', '=', 'case').executeTakeFirstOrThrow();
  async function act(actor: Actor, applicationId: string, action: string, inputs: Record<string, unknown> = {}) {
    const kase = await caseOf(applicationId);
    return performAction(runtime.ctx, actor, kase.id, { action, version: Number(kase.version), inputs });
  }
  const teacher = () => citizen(tenant, { trustLevel: 'substanziell', name: 'Clara Lehmann' });

  async function toOffer(applicationId: string): Promise<void> {
    await act(worker, applicationId, 'confirmReceipt');
    await act(worker, applicationId, 'rank', { group: 'a1' });
    await act(worker, applicationId, 'involveStaffCouncil', { authority: council.id, question: 'Einstellung an der Oberschule Leipzig-Grünau zum 01.08.2026' });
    await act(lead, applicationId, 'representativesAgreed', { staffCouncil: 'agreed' });
    await act(worker, applicationId, 'makeOffer', { school: '102. Oberschule Leipzig', startDate: '2026-08-01' });
  }

  it('routes to the Standort of the first wish and carries the case from receipt through the request for documents to the ranking list', async () => {
    const clara = teacher();
    const applicationId = await submitTeacher(clara);
    let kase = await caseOf(applicationId);
    assert.equal(kase.authority_id, leipzig.id);
    assert.equal(kase.state, 'received');
    assert.equal(kase.applicant_name, 'Lehmann, Clara');

    await act(worker, applicationId, 'confirmReceipt');
    assert.match((await listMessages(runtime.ctx, clara, applicationId)).at(-1)!.subject, /^Eingangsbestätigung Ihrer Bewerbung SN-/);
    await act(worker, applicationId, 'requestDocuments', { request: 'Bitte laden Sie das Zeugnis der Zweiten Staatsprüfung hoch.', replyBy: '2026-04-20' });
    assert.equal((await applicationStatus(runtime.ctx, clara, applicationId)).recipients[0]!.status, 'waiting');
    await replyToAuthority(runtime.ctx, clara, applicationId, { body: 'Anbei das Zeugnis.', files: [fileInput('zweite.pdf', tinyPdf)] });
    await createWorker(runtime).runDue();
    assert.equal((await caseOf(applicationId)).state, 'checking');

    await act(worker, applicationId, 'rank', { group: 'a1', note: 'Gruppe wie berechnet.' });
    kase = await caseOf(applicationId);
    assert.equal(kase.state, 'ranked');
    await act(worker, applicationId, 'involveStaffCouncil', { authority: council.id, question: 'Einstellung an der Oberschule Leipzig-Grünau zum 01.08.2026' });
    await act(lead, applicationId, 'representativesObjected', { objection: 'Vorrang einer schwerbehinderten Bewerberin.' });
    assert.equal((await caseOf(applicationId)).state, 'ranked', 'an objection returns the application to the list');
  });

  it('makes an offer with a five-working-day acceptance deadline that expires by timer', async () => {
    const clara = teacher();
    const applicationId = await submitTeacher(clara);
    await toOffer(applicationId);
    const kase = await caseOf(applicationId);
    assert.equal(kase.state, 'offered');
    assert.equal(kase.due_date, '2026-04-13', 'Monday 6 April + 5 working days (Easter Monday is a holiday)');
    const offer = (await listMessages(runtime.ctx, clara, applicationId)).at(-1)!;
    assert.match(offer.body, /^Guten Tag Clara Lehmann,/, 'the name in letter order, not "Lehmann, Clara"');
    assert.match(offer.body, /01\.08\.2026[\s\S]*102\. Oberschule Leipzig[\s\S]*bis zum 13\.04\.2026[\s\S]*unter „Meine Anträge“ beim Antrag [A-Z0-9-]+ über „Jetzt antworten“/);
    assert.doesNotMatch(offer.body, /\/antraege\//, 'no raw path in the letter');
    assert.equal((await applicationStatus(runtime.ctx, clara, applicationId)).recipients[0]!.status, 'waiting');

    runtime.clock.set(new Date('2026-04-14T08:00:00Z'));
    await createWorker(runtime).runDue();
    assert.equal((await caseOf(applicationId)).state, 'expired');
    assert.match((await listMessages(runtime.ctx, clara, applicationId)).at(-1)!.subject, /^Annahmefrist abgelaufen/);
    await act(lead, applicationId, 'closeApplication', { reason: 'expired' });
    const closed = await caseOf(applicationId);
    assert.deepEqual([closed.state, closed.result], ['closed', 'expired']);
    runtime.clock.set(new Date('2026-04-06T08:00:00Z'));
  });

  it('lets the applicant accept the offer, which ends her other applications of the same round, and ends with the hiring', async () => {
    const clara = teacher();
    const applicationId = await submitTeacher(clara);
    const assistant = await submitTeacher(clara, teacherA1({ applicationKind: 'paedagogischeFachkraft', schulart: 'foerderschule', foerderschwerpunkt: 'lernen' }));
    const otherRound = await applyInCall(runtime, clara, (await openRound(runtime, tenant, { title: 'Einstellung zum 01.11.2026' })).id);
    await toOffer(applicationId);

    await assert.rejects(applicantActions(runtime.ctx, teacher(), applicationId), { code: 'cases.notFound' }, 'nobody else sees the offer');
    const [offered] = await applicantActions(runtime.ctx, clara, applicationId);
    assert.deepEqual(
      offered!.actions.map((a) => a.name),
      ['acceptOffer', 'declineOffer'],
    );
    assert.deepEqual(await applicantActions(runtime.ctx, clara, assistant), [], 'nothing to decide while the case is only received');
    await assert.rejects(performApplicantAction(runtime.ctx, clara, applicationId, offered!.caseId, { action: 'expireOffer', version: offered!.version, inputs: {} }), {
      code: 'cases.action.notForRole',
    });
    await assert.rejects(performApplicantAction(runtime.ctx, teacher(), applicationId, offered!.caseId, { action: 'acceptOffer', version: offered!.version, inputs: {} }), {
      code: 'cases.notFound',
    });
    await performApplicantAction(runtime.ctx, clara, applicationId, offered!.caseId, { action: 'acceptOffer', version: offered!.version, inputs: {} });
    assert.equal((await caseOf(applicationId)).state, 'accepted');

    await createWorker(runtime).runDue();
    const sibling = await caseOf(assistant);
    assert.deepEqual([sibling.state, sibling.result], ['closed', 'otherOfferAccepted']);
    assert.match((await listMessages(runtime.ctx, clara, assistant)).at(-1)!.body, /Stellenangebot aus derselben Einstellungsrunde angenommen/);
    assert.equal((await caseOf(otherRound)).state, 'received', 'applications of another round stay open');
    const accepted = await caseOf(applicationId);
    assert.equal(accepted.due_date, accepted.processing_deadline, 'the acceptance deadline is cleared');
    await act(worker, applicationId, 'closeHired');
    const closed = await caseOf(applicationId);
    assert.deepEqual([closed.state, closed.result], ['closed', 'hired']);
    assert.equal((await applicationStatus(runtime.ctx, clara, applicationId)).recipients[0]!.status, 'decided');
  });
});
