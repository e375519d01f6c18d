import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { createWorker } from '../../src/runtime.js';
import { listMessages, replyToAuthority } from '../../src/modules/applications/postfach.js';
import { applicationStatus } from '../../src/modules/applications/status.js';
import { getCaseView } from '../../src/modules/cases/case-view.js';
import { addNote, assignCase, decideApproval, editDraft, performAction, setFeeStatus, setResubmission } from '../../src/modules/cases/service.js';
import { readPdf } from '../helpers/pdf-text.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import {
  authoritiesOf,
  caseAt,
  caseTestModules,
  citizen,
  fileInput,
  staff,
  staffAccount,
  submitNotification,
  tenantId,
  tinyPng,
  type Actor,
  type Authorities,
  type Staff,
} from './helpers.js';

describe('cases service', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let anna: Actor;
  let worker: Staff;
  let colleague: Staff;
  let lead: Staff;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    anna = citizen(tenant);
    worker = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
    colleague = await staffAccount(runtime, tenant, authorities.lfulg.id, 'caseWorker', 'Karl Kollege');
    lead = staff(tenant, authorities.lfulg.id, 'teamLead', 'Thomas Leitner');
  });
  after(() => runtime.dispose());

  const version = async (id: string) => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  const act = async (actor: Actor, id: string, action: string, inputs: Record<string, unknown> = {}) =>
    performAction(runtime.ctx, actor, id, { action, version: await version(id), inputs });
  const audits = (action: string, objectId: string) => runtime.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('object_id', '=', objectId).execute();

  it('opens one case per recipient authority in the submission transaction, with deadline, applicant name and Gemeinde', async () => {
    const applicationId = await submitNotification(runtime, anna);
    const cases = await runtime.ctx.db.selectFrom('cases').selectAll().where('application_id', '=', applicationId).orderBy('authority_id').execute();
    assert.deepEqual(cases.map((c) => c.authority_id).sort(), [authorities.lfulg.id, authorities.oba.id, authorities.uwb.id].sort());
    const recipients = await runtime.ctx.db.selectFrom('application_recipients').selectAll().where('application_id', '=', applicationId).execute();
    for (const recipient of recipients) assert.equal(cases.find((c) => c.recipient_id === recipient.id)?.id, recipient.case_id);
    const lfulg = cases.find((c) => c.authority_id === authorities.lfulg.id)!;
    assert.equal(lfulg.state, 'received');
    assert.equal(lfulg.applicant_name, 'Wärme & Bohr GmbH');
    assert.equal(lfulg.applicant_search, 'waerme & bohr gmbh');
    assert.equal(lfulg.gemeinde, 'Dresden');
    // submitted Monday 2026-03-02; 3 working days → Thursday 2026-03-05
    assert.equal(lfulg.processing_deadline, '2026-03-05');
    assert.equal(lfulg.due_date, '2026-03-05');
    const timers = await runtime.ctx.db.selectFrom('outbox_jobs').selectAll().where('type', '=', 'cases.timer').execute();
    assert.ok(timers.some((job) => JSON.parse(job.payload).caseId === lfulg.id && job.run_at === '2026-03-05T06:00:00.000Z'));
  });

  it('carries a notification from receipt to the delivered Bescheid: request, reply, draft, four-eyes, Postfach', async () => {
    const applicationId = await submitNotification(runtime, anna);
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    await assignCase(runtime.ctx, worker, id, await version(id), { kind: 'take' });
    await act(worker, id, 'confirmReceipt');
    let messages = await listMessages(runtime.ctx, anna, applicationId);
    assert.match(messages.at(-1)!.subject, /^Eingangsbestätigung zu SN-/);
    assert.match(messages.at(-1)!.body, /Guten Tag Wärme & Bohr GmbH/);
    assert.match(messages.at(-1)!.body, /ist beim Sächsischen Landesamt für Umwelt, Landwirtschaft und Geologie \(LfULG\) eingegangen/);

    // Nachforderung: deadline, clock suspended, the applicant sees "waiting"
    runtime.clock.set(new Date('2026-03-03T09:00:00Z'));
    await act(worker, id, 'requestDocuments', { request: 'Bitte reichen Sie das Schichtenverzeichnis nach.', replyBy: '2026-03-17' });
    let kase = await caseAt(runtime, applicationId, authorities.lfulg.id);
    assert.equal(kase.state, 'waitingForApplicant');
    assert.equal(kase.clock_suspended_since, '2026-03-03');
    assert.equal(kase.due_date, '2026-03-05');
    messages = await listMessages(runtime.ctx, anna, applicationId);
    assert.match(messages.at(-1)!.body, /Schichtenverzeichnis[\s\S]*bis zum 17\.03\.2026/);
    assert.equal((await applicationStatus(runtime.ctx, anna, applicationId)).recipients.find((r) => r.authorityId === authorities.lfulg.id)!.status, 'waiting');

    // The applicant answers with a file; the case returns to review, the clock resumes two working days later
    runtime.clock.set(new Date('2026-03-05T10:00:00Z'));
    await replyToAuthority(runtime.ctx, anna, applicationId, { body: 'Anbei das Verzeichnis.', files: [fileInput('schichten.png', tinyPng)] });
    await createWorker(runtime).runDue();
    kase = await caseAt(runtime, applicationId, authorities.lfulg.id);
    assert.equal(kase.state, 'inReview');
    assert.equal(kase.clock_suspended_since, null);
    assert.equal(kase.processing_deadline, '2026-03-09', 'two working days (Tue, Wed) added to Thursday 05.03. → Monday 09.03.');
    const view = await getCaseView(runtime.ctx, worker, id);
    assert.ok(view.events.some((e) => e.kind === 'messageReceived'));
    assert.ok(view.messages.some((m) => m.direction === 'in' && m.attachments[0]?.name === 'schichten.png'));

    // Decision drafted by the worker, edited, then issued only after a team lead approves
    await act(worker, id, 'draftDecision', { outcome: 'acknowledgedWithConditions', reasons: 'Die Bohrung ist anzeigepflichtig.', fee: '25,50' });
    kase = await caseAt(runtime, applicationId, authorities.lfulg.id);
    assert.equal(kase.fee_cents, 2550);
    assert.equal(kase.fee_status, 'open');
    const draft = await runtime.ctx.db.selectFrom('case_documents').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    assert.match(draft.body, /Bestätigt mit Hinweisen und Auflagen/);
    assert.match(draft.body, /Die Gebühr beträgt 25,50 EUR/);
    assert.match(draft.body, /in Dresden/);
    await editDraft(runtime.ctx, worker, id, await version(id), 'bescheid', `${draft.body}\n\nZusatz: Bitte Bohrkerne aufbewahren.`);

    await act(worker, id, 'issueDecision');
    kase = await caseAt(runtime, applicationId, authorities.lfulg.id);
    assert.equal(kase.state, 'decisionDrafted', 'four-eyes: nothing happens before the approval');
    assert.ok(kase.pending_approval_id);
    await assert.rejects(act(worker, id, 'reviseDecision'), (e: unknown) => e instanceof ConflictError && e.code === 'cases.approval.pending');
    await assert.rejects(decideApproval(runtime.ctx, lead, id, { version: await version(id), approve: false, comment: '' }), ValidationError);
    const authorLead = { ...lead };
    await assert.rejects(decideApproval(runtime.ctx, worker, id, { version: await version(id), approve: true, comment: '' }), ForbiddenError, 'a case worker cannot approve');

    runtime.clock.set(new Date('2026-03-06T08:00:00Z'));
    await decideApproval(runtime.ctx, authorLead, id, { version: await version(id), approve: true, comment: 'Passt.' });
    kase = await caseAt(runtime, applicationId, authorities.lfulg.id);
    assert.equal(kase.state, 'closed');
    assert.equal(kase.open, 0);
    assert.equal(kase.result, 'decided');
    assert.equal(kase.closed_at, '2026-03-06T08:00:00.000Z');
    const final = await runtime.ctx.db.selectFrom('case_documents').selectAll().where('case_id', '=', id).where('status', '=', 'final').executeTakeFirstOrThrow();
    assert.equal(final.made_available_at, '2026-03-06T08:00:00.000Z');
    messages = await listMessages(runtime.ctx, anna, applicationId);
    const delivered = messages.find((m) => m.id === final.message_id)!;
    assert.equal(delivered.attachments[0]!.type, 'application/pdf');
    const { pages } = await readPdf(await (await import('../../src/core/blobs/index.js')).openBlobStore(runtime.ctx).get(final.pdf_sha256!));
    const letter = pages.join('\n');
    assert.match(letter, /Bohrkerne aufbewahren/);
    assert.match(letter, /Sächsisches Landesamt für Umwelt, Landwirtschaft und Geologie \(LfULG\)\s+Halsbrücker Straße 31a\s+09599 Freiberg/, 'letterhead with the address');
    assert.match(letter, /Wärme & Bohr GmbH\s+Hauptstraße 5a\s+01067 Dresden/, 'addressee from the answers');
    assert.match(letter, /Aktenzeichen: SN-/);
    assert.match(letter, /Datum: \d{2}\.\d{2}\.2026/);
    assert.match(
      letter,
      /Rechtsbehelfsbelehrung[\s\S]*Widerspruch\s+beim Sächsischen Landesamt für Umwelt, Landwirtschaft und Geologie \(LfULG\),\s+Halsbrücker Straße 31a, 09599\s+Freiberg, erhoben/,
    );
    assert.ok(letter.indexOf('Halsbrücker') < letter.indexOf('Hauptstraße') && letter.indexOf('Hauptstraße') < letter.indexOf('Bescheid'), 'letterhead, addressee, then the text');
    assert.equal((await applicationStatus(runtime.ctx, anna, applicationId)).recipients.find((r) => r.authorityId === authorities.lfulg.id)!.status, 'decided');
    const events = await runtime.ctx.db
      .selectFrom('case_events')
      .select(['kind', 'from_state', 'to_state'])
      .where('case_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.filter((e) => e.kind === 'state').map((e) => `${e.from_state}>${e.to_state}`),
      ['received>inReview', 'inReview>waitingForApplicant', 'waitingForApplicant>inReview', 'inReview>decisionDrafted', 'decisionDrafted>closed'],
    );
    assert.ok(events.some((e) => e.kind === 'approved'));

    // § 41 VwVfG: the first opening of the Postfach is recorded
    runtime.clock.set(new Date('2026-03-07T12:00:00Z'));
    const { markMessagesRead } = await import('../../src/modules/applications/postfach.js');
    await markMessagesRead(runtime.ctx, anna, applicationId);
    const after = await getCaseView(runtime.ctx, worker, id);
    assert.equal(after.documents.find((d) => d.status === 'final')!.firstOpenedAt, '2026-03-07T12:00:00.000Z');
    await setFeeStatus(runtime.ctx, worker, id, await version(id), 'paid');
    assert.equal((await caseAt(runtime, applicationId, authorities.lfulg.id)).fee_status, 'paid');
  });

  it('refuses clearly, audits the refusal and changes nothing: wrong state, wrong role, stale version, other tenant or authority', async () => {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const applicationId = await submitNotification(runtime, anna);
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    const before = await runtime.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await assert.rejects(
      act(worker, id, 'draftDecision', { outcome: 'acknowledged', reasons: 'x' }),
      (e: unknown) => e instanceof ConflictError && e.code === 'cases.action.notInState',
    );
    await assert.rejects(act(worker, id, 'closeWithoutDecision', { reason: 'duplicate' }), (e: unknown) => e instanceof ForbiddenError && e.code === 'cases.action.notForRole');
    await assert.rejects(
      performAction(runtime.ctx, worker, id, { action: 'confirmReceipt', version: before.version - 1 + 5, inputs: {} }),
      (e: unknown) => e instanceof ConflictError && e.code === 'cases.changedMeanwhile',
    );
    const otherTenant = staff(await tenantId(runtime, 'bw'), authorities.lfulg.id, 'caseWorker');
    await assert.rejects(act(otherTenant, id, 'confirmReceipt'), NotFoundError);
    await assert.rejects(act(staff(tenant, authorities.oba.id, 'caseWorker'), id, 'confirmReceipt'), NotFoundError);
    await assert.rejects(act(staff(tenant, authorities.lfulg.id, 'recordsManager'), id, 'confirmReceipt'), ForbiddenError, 'records managers read but do not act');
    await assert.rejects(act(citizen(tenant), id, 'confirmReceipt'), NotFoundError);
    const after = await runtime.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(after, before);
    assert.equal((await audits('case.refused', id)).length, 7);
    // Bad input: named per field, nothing written
    await act(worker, id, 'confirmReceipt');
    await assert.rejects(
      act(worker, id, 'requestDocuments', { request: '', replyBy: '17.03.2026' }),
      (e: unknown) => e instanceof ValidationError && e.fields.map((f) => `${f.pointer}:${f.code}`).join() === '/input/request:forms.required,/input/replyBy:cases.input.date',
    );
    assert.equal((await caseAt(runtime, applicationId, authorities.lfulg.id)).state, 'inReview');
  });

  it('lets only one of two concurrent workers win; the other gets "changed meanwhile"', async () => {
    const applicationId = await submitNotification(runtime, anna);
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    const seen = await version(id);
    const results = await Promise.allSettled([assignCase(runtime.ctx, worker, id, seen, { kind: 'take' }), assignCase(runtime.ctx, colleague, id, seen, { kind: 'take' })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(lost.reason instanceof ConflictError && lost.reason.code === 'cases.changedMeanwhile');
    await assert.rejects(assignCase(runtime.ctx, worker, id, await version(id), { kind: 'assign', accountId: colleague.accountId }), ForbiddenError, 'only team leads assign');
    await assignCase(runtime.ctx, lead, id, await version(id), { kind: 'assign', accountId: colleague.accountId });
    assert.equal((await caseAt(runtime, applicationId, authorities.lfulg.id)).assignee_name, 'Karl Kollege');
    await assert.rejects(assignCase(runtime.ctx, worker, id, await version(id), { kind: 'release' }), ForbiddenError);
    await performAction(runtime.ctx, lead, id, {
      action: 'closeWithoutDecision',
      version: await version(id),
      inputs: { reason: 'duplicate', note: 'Gleiche Anzeige wie SN-2026-AAAA-BB.' },
    });
    const closed = await caseAt(runtime, applicationId, authorities.lfulg.id);
    assert.deepEqual([closed.state, closed.result, closed.result_note, closed.open], ['closed', 'duplicate', 'Gleiche Anzeige wie SN-2026-AAAA-BB.', 0]);
    await assert.rejects(assignCase(runtime.ctx, lead, id, await version(id), { kind: 'take' }), (e: unknown) => e instanceof ConflictError && e.code === 'cases.closed');
  });

  it('confirms receipt automatically after three working days at the LfULG only, unless someone acted', async () => {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const first = await submitNotification(runtime, anna);
    const second = await submitNotification(runtime, anna);
    const acted = await caseAt(runtime, second, authorities.lfulg.id);
    await performAction(runtime.ctx, worker, acted.id, { action: 'confirmReceipt', version: Number(acted.version), inputs: {} });
    runtime.clock.set(new Date('2026-03-05T06:00:01Z'));
    await createWorker(runtime).runDue();
    assert.equal((await caseAt(runtime, first, authorities.lfulg.id)).state, 'inReview');
    assert.equal((await caseAt(runtime, first, authorities.oba.id)).state, 'received', 'the timer holds for the geology authority only');
    const confirmations = (await listMessages(runtime.ctx, anna, second)).filter((m) => m.subject.startsWith('Eingangsbestätigung'));
    assert.equal(confirmations.length, 1, 'no second confirmation for the case a worker already confirmed');
  });

  it('involves another authority (own inbox entry, answer back in the parent) and forwards to the competent one', async () => {
    runtime.clock.set(new Date('2026-03-09T09:00:00Z'));
    const applicationId = await submitNotification(runtime, anna);
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    await act(worker, id, 'confirmReceipt');
    await act(worker, id, 'involveAuthority', { authority: authorities.oba.id, question: 'Bestehen bergrechtliche Bedenken?' });
    const child = await runtime.ctx.db.selectFrom('cases').selectAll().where('parent_case_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(child.authority_id, authorities.oba.id);
    assert.equal(child.kind, 'involvement');
    assert.equal(child.state, 'opinionRequested');
    const obaWorker = staff(tenant, authorities.oba.id, 'caseWorker');
    await act(obaWorker, child.id, 'giveOpinion', { opinion: 'Keine Bedenken.' });
    const parent = await getCaseView(runtime.ctx, worker, id);
    assert.equal(parent.links[0]!.answer, 'Keine Bedenken.');
    assert.ok(parent.events.some((e) => e.kind === 'opinionReceived' && e.details.includes('Keine Bedenken.')));
    await assert.rejects(act(worker, id, 'involveAuthority', { authority: authorities.lfulg.id, question: 'x' }), ValidationError, 'not the own authority');

    const uwbCase = await caseAt(runtime, applicationId, authorities.uwb.id);
    const uwbWorker = staff(tenant, authorities.uwb.id, 'caseWorker');
    const otherUwb = (await (await import('../../src/modules/catalog/index.js')).listAuthoritiesByKind(runtime.ctx, tenant, 'water')).find((a) => a.id !== authorities.uwb.id)!;
    await performAction(runtime.ctx, uwbWorker, uwbCase.id, { action: 'forward', version: Number(uwbCase.version), inputs: { authority: otherUwb.id } });
    assert.equal((await caseAt(runtime, applicationId, authorities.uwb.id)).state, 'forwarded');
    const forwarded = await caseAt(runtime, applicationId, otherUwb.id);
    assert.equal(forwarded.state, 'received');
    const status = await applicationStatus(runtime.ctx, anna, applicationId);
    assert.equal(status.recipients.find((r) => r.authorityId === otherUwb.id)?.status, 'submitted');
    assert.equal(status.recipients.find((r) => r.authorityId === authorities.uwb.id)?.status, 'closed');
    assert.match((await listMessages(runtime.ctx, anna, applicationId)).at(-1)!.body, /andere Behörde zuständig/);
  });

  it('keeps notes internal and sets a Wiedervorlage that moves the due date', async () => {
    const applicationId = await submitNotification(runtime, anna);
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    await addNote(runtime.ctx, worker, id, 'Lage im Hohlraumgebiet prüfen.');
    await assert.rejects(addNote(runtime.ctx, worker, id, '  '), ValidationError);
    await setResubmission(runtime.ctx, worker, id, await version(id), '2026-03-10');
    const kase = await caseAt(runtime, applicationId, authorities.lfulg.id);
    assert.equal(kase.resubmission_date, '2026-03-10');
    assert.equal(kase.due_date, '2026-03-10', 'earlier than the processing deadline (12.03.)');
    await assert.rejects(setResubmission(runtime.ctx, worker, id, await version(id), '2020-01-01'), ValidationError);
    // The reminder is due one working day before (Monday 09.03., today: so at once), into the timeline and the authority's mailbox
    runtime.clock.set(new Date('2026-03-09T10:00:00Z'));
    await createWorker(runtime).runDue();
    const reminders = await runtime.ctx.db.selectFrom('case_events').select('details').where('case_id', '=', id).where('kind', '=', 'reminder').execute();
    assert.ok(reminders.some((r) => JSON.parse(r.details).kind === 'resubmission' && JSON.parse(r.details).due === '2026-03-10'));
    if (authorities.lfulg.email) {
      const mails = await runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', 'mail.send').execute();
      assert.ok(mails.some((m) => m.payload.includes('Frist am 10.03.2026')));
    }
    assert.ok((await listMessages(runtime.ctx, anna, applicationId)).every((m) => !m.body.includes('Hohlraum')));
    const reads = await audits('case.read', id);
    await getCaseView(runtime.ctx, worker, id);
    assert.equal((await audits('case.read', id)).length, reads.length + 1, 'staff reads of personal data are audited');
  });
});
