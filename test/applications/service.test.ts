import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { inTransaction } from '../../src/core/db/index.js';
import { enqueueJob } from '../../src/core/jobs/index.js';
import { createWorker } from '../../src/runtime.js';
import { addAttachment } from '../../src/modules/applications/attachments.js';
import { StaleVersionError, StepUpRequiredError } from '../../src/modules/applications/errors.js';
import { listMessages, replyToAuthority, sendToApplicant } from '../../src/modules/applications/postfach.js';
import { isValidReference } from '../../src/modules/applications/reference.js';
import { ensureReceipt, renderReceipt } from '../../src/modules/applications/receipt.js';
import { checkMayApply, getApplication, hashAnswers, startApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { applicationStatus } from '../../src/modules/applications/status.js';
import { listAuthoritiesByKind } from '../../src/modules/catalog/index.js';
import { currentProcedureVersion } from '../../src/modules/procedures/index.js';
import { readPdf } from '../helpers/pdf-text.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { fakeSitePlan, sampleNotification, shallowNotification } from '../procedures/bohranzeige-sample.js';
import { applicationTestModules, caseWorker, citizen, fileInput, tenantId, tinyPdf, tinyPng, type Actor } from './helpers.js';

describe('applications service', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let anna: Actor;
  before(async () => {
    runtime = await createTestRuntime({ modules: applicationTestModules });
    tenant = await tenantId(runtime);
    anna = citizen(tenant);
  });
  after(() => runtime.dispose());

  const jobsOf = (type: string) => runtime.ctx.db.selectFrom('outbox_jobs').selectAll().where('type', '=', type).execute();

  /** A complete draft, ready to submit: the site plan uploaded, the other answers saved. */
  async function submittedDraft(actor: Actor, data = sampleNotification()) {
    const draft = await startApplication(runtime.ctx, actor, 'bohranzeige');
    await addAttachment(runtime.ctx, actor, draft.id, '/sitePlan', fileInput('lageplan.pdf', tinyPdf));
    const { sitePlan } = (await getApplication(runtime.ctx, actor, draft.id)).data;
    await updateDraft(runtime.ctx, actor, draft.id, { data: { ...data, sitePlan }, strict: true });
    return draft;
  }

  it('asks anonymous visitors and too-low trust levels to sign in (step-up), never silently refuses', async () => {
    await assert.rejects(startApplication(runtime.ctx, { kind: 'anonymous', tenantId: tenant }, 'bohranzeige'), StepUpRequiredError);
    const procedure = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.procedure;
    assert.throws(
      () => checkMayApply(anna, { ...procedure, trustLevel: 'substanziell' }),
      (error: unknown) => error instanceof StepUpRequiredError && error.required === 'substanziell',
    );
    assert.doesNotThrow(() => checkMayApply({ ...anna, trustLevel: 'hoch' } as Actor, { ...procedure, trustLevel: 'substanziell' }));
  });

  it('keeps drafts private: another citizen or tenant gets "not found"', async () => {
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    await assert.rejects(getApplication(runtime.ctx, citizen(tenant), draft.id), NotFoundError);
    await assert.rejects(getApplication(runtime.ctx, { ...anna, tenantId: await tenantId(runtime, 'bw') } as Actor, draft.id), NotFoundError);
  });

  it('saves incomplete drafts but refuses unusable answers as a whole (API)', async () => {
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    const saved = await updateDraft(runtime.ctx, anna, draft.id, { data: { applicantName: 'Anna' }, strict: true });
    assert.equal(saved.application.revision, 2);
    assert.ok(saved.validation.errors.some((e) => e.code === 'forms.required'));
    await assert.rejects(
      updateDraft(runtime.ctx, anna, draft.id, { data: { applicantName: 'Anna', applicantAddress: 'Dresden', nonsense: 1 }, strict: true }),
      (error: unknown) => error instanceof ValidationError && assert.deepEqual(error.fields.map((f) => f.pointer).sort(), ['/applicantAddress', '/nonsense']) === undefined,
    );
    assert.equal((await getApplication(runtime.ctx, anna, draft.id)).revision, 2, 'nothing saved');
    await assert.rejects(updateDraft(runtime.ctx, anna, draft.id, { data: {}, strict: true, procedureVersion: 99 }), StaleVersionError);
  });

  it('refuses file answers that name no upload of this application', async () => {
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    await assert.rejects(
      updateDraft(runtime.ctx, anna, draft.id, { data: { sitePlan: fakeSitePlan }, strict: true }),
      (error: unknown) => error instanceof ValidationError && error.fields[0]!.pointer === '/sitePlan/0' && error.fields[0]!.code === 'applications.upload.unknownFile',
    );
    const other = await submittedDraft(anna);
    const borrowed = (await getApplication(runtime.ctx, anna, other.id)).data.sitePlan;
    await assert.rejects(updateDraft(runtime.ctx, anna, draft.id, { data: { sitePlan: borrowed }, strict: true }), ValidationError, 'an upload of another application');
  });

  it('refuses to submit an incomplete draft and leaves it a draft', async () => {
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    await assert.rejects(
      submitApplication(runtime.ctx, anna, draft.id),
      (error: unknown) => error instanceof ValidationError && error.fields.some((f) => f.pointer === '/applicantName'),
    );
    assert.equal((await getApplication(runtime.ctx, anna, draft.id)).status, 'draft');
  });

  it('submits in one go: frozen normalised answers, hash, reference, recipients, audit and jobs', async () => {
    const draft = await submittedDraft(anna);
    const mailsBefore = (await jobsOf('mail.send')).length;
    const result = await submitApplication(runtime.ctx, anna, draft.id, { idempotencyKey: 'k-1' });
    const { application } = result;
    assert.equal(result.repeated, false);
    assert.equal(application.status, 'submitted');
    assert.ok(isValidReference(application.reference!), application.reference!);
    assert.match(application.reference!, /^SN-2026-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    assert.equal(application.dataHash, hashAnswers(application.data));
    assert.equal((application.data.site as { lat: number }).lat > 51, true, 'coordinates are stored normalised');
    assert.equal(application.expiresAt, null);
    assert.deepEqual(
      result.recipients.map((r) => r.name.split(' ')[0]),
      ['Sächsisches', 'Sächsisches', 'Stadtverwaltung'],
    );
    const status = await applicationStatus(runtime.ctx, anna, draft.id);
    assert.deepEqual(
      status.timeline.map((e) => e.kind),
      ['submitted'],
    );
    assert.equal(status.recipients.length, 3);
    const audit = await runtime.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('object_id', '=', draft.id).where('action', '=', 'application.submit').execute();
    assert.equal(audit.length, 1);
    assert.equal((await jobsOf('applications.receipt')).filter((j) => j.payload.includes(draft.id)).length, 0, 'no receipt job: it renders on first download');
    const mails = (await jobsOf('mail.send')).slice(mailsBefore).map((j) => JSON.parse(j.payload) as { to: string; text: string });
    const confirmation = mails.find((m) => m.to === 'info@waerme-bohr.example');
    assert.ok(confirmation, 'confirmation mail to the contact address');
    assert.ok(confirmation.text.includes(application.reference!));
    assert.ok(!confirmation.text.includes('Wärme & Bohr'), 'no personal data beyond the reference');
    assert.ok(
      mails.some((m) => m.to === 'poststelle@oba.sachsen.de'),
      'the Oberbergamt is notified',
    );
  });

  it('yields one application for a double submit, also when both arrive at once', async () => {
    const draft = await submittedDraft(anna, shallowNotification());
    const [first, second] = await Promise.all([submitApplication(runtime.ctx, anna, draft.id), submitApplication(runtime.ctx, anna, draft.id)]);
    assert.equal(first.application.reference, second.application.reference);
    assert.deepEqual([first.repeated, second.repeated].sort(), [false, true]);
    const recipients = await runtime.ctx.db.selectFrom('application_recipients').select('authority_name').where('application_id', '=', draft.id).execute();
    assert.equal(recipients.length, 1, 'only the LfULG for a shallow boring');
    const again = await submitApplication(runtime.ctx, anna, draft.id);
    assert.equal(again.repeated, true);
  });

  it('draws the reference again when the drawn one is taken (about one in a hundred at a few hundred thousand a year)', async (t) => {
    // The first three draws of five random bytes give the same reference: the second submission draws it twice, then a free one.
    let sameDraws = 0;
    const randomBytes = crypto.randomBytes;
    t.mock.method(crypto, 'randomBytes', (size: number) => (size === 5 && sameDraws++ < 3 ? Buffer.alloc(5) : randomBytes(size)));
    const first = await submitApplication(runtime.ctx, anna, (await submittedDraft(anna, shallowNotification())).id);
    const draft = await submittedDraft(anna, shallowNotification());
    const second = await submitApplication(runtime.ctx, anna, draft.id);
    assert.match(first.application.reference!, /^SN-\d{4}-0000-0/);
    assert.notEqual(second.application.reference, first.application.reference);
    assert.equal(sameDraws, 4, 'two taken draws, then a free one');
    const stored = await runtime.ctx.db.selectFrom('applications').select(['status', 'reference']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'submitted', reference: second.application.reference });
    assert.equal(
      (await runtime.ctx.db.selectFrom('application_recipients').select('id').where('application_id', '=', draft.id).execute()).length,
      1,
      'nothing of the failed attempts is left',
    );
  });

  it('answers a retry with the same Idempotency-Key, and refuses another key', async () => {
    const draft = await submittedDraft(anna);
    const first = await submitApplication(runtime.ctx, anna, draft.id, { idempotencyKey: 'abc' });
    const retry = await submitApplication(runtime.ctx, anna, draft.id, { idempotencyKey: 'abc' });
    assert.equal(retry.application.reference, first.application.reference);
    await assert.rejects(submitApplication(runtime.ctx, anna, draft.id, { idempotencyKey: 'other' }), ConflictError);
  });

  it('checks uploads by content, size and count, and records their SHA-256', async () => {
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    const uploaded = await addAttachment(runtime.ctx, anna, draft.id, '/sitePlan', fileInput('C:\\Pläne\\lageplan.pdf', tinyPdf));
    assert.equal(uploaded.type, 'application/pdf');
    assert.equal(uploaded.name, 'lageplan.pdf');
    assert.match(uploaded.sha256, /^[0-9a-f]{64}$/);
    const data = (await getApplication(runtime.ctx, anna, draft.id)).data;
    assert.deepEqual(data.sitePlan, [uploaded]);

    const refusal = async (pointer: string, name: string, bytes: Buffer) => {
      try {
        await addAttachment(runtime.ctx, anna, draft.id, pointer, fileInput(name, bytes));
      } catch (error) {
        assert.ok(error instanceof ValidationError);
        return error.fields[0]!.code;
      }
      return 'accepted';
    };
    assert.equal(await refusal('/ownerConsent', 'zustimmung.pdf', tinyPng), 'applications.upload.type', 'a PNG named .pdf');
    assert.equal(await refusal('/ownerConsent', 'leer.pdf', Buffer.alloc(0)), 'applications.upload.empty');
    assert.equal(await refusal('/ownerConsent', 'programm.pdf', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])), 'applications.upload.type');
    assert.equal(await refusal('/sitePlan', 'riesig.pdf', Buffer.concat([tinyPdf, Buffer.alloc(10 * 1024 * 1024)])), 'applications.upload.tooLarge');
    assert.equal(await refusal('/applicantName', 'x.pdf', tinyPdf), 'applications.upload.noSuchField');
    assert.equal(await refusal('/sitePlan', 'b.png', tinyPng), 'accepted');
    assert.equal(await refusal('/sitePlan', 'c.png', tinyPng), 'accepted');
    assert.equal(await refusal('/sitePlan', 'd.png', tinyPng), 'applications.upload.tooMany');
    assert.equal(((await getApplication(runtime.ctx, anna, draft.id)).data.sitePlan as unknown[]).length, 3);
  });

  it('refuses an upload the virus scanner flags, and one it cannot scan', async () => {
    const infected = await createTestRuntime({ modules: applicationTestModules, env: { VIRUS_SCAN_COMMAND: 'false' } });
    const broken = await createTestRuntime({ modules: applicationTestModules, env: { VIRUS_SCAN_COMMAND: '/nonexistent/scanner' } });
    const clean = await createTestRuntime({ modules: applicationTestModules, env: { VIRUS_SCAN_COMMAND: 'cat' } });
    try {
      for (const [rt, expected] of [
        [infected, 'applications.upload.infected'],
        [broken, 'applications.upload.scanFailed'],
        [clean, 'ok'],
      ] as const) {
        const actor = citizen(await tenantId(rt));
        const draft = await startApplication(rt.ctx, actor, 'bohranzeige');
        const outcome = await addAttachment(rt.ctx, actor, draft.id, '/sitePlan', fileInput('a.pdf', tinyPdf)).then(
          () => 'ok',
          (error: ValidationError) => error.fields[0]!.code,
        );
        assert.equal(outcome, expected);
      }
    } finally {
      await Promise.all([infected.dispose(), broken.dispose(), clean.dispose()]);
    }
  });

  it('renders the receipt on first download and keeps it: reference, time in Berlin, answers as shown, attachments with hashes', async () => {
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    const file = await addAttachment(runtime.ctx, anna, draft.id, '/sitePlan', fileInput('lageplan.pdf', tinyPdf));
    const data = { ...sampleNotification(), sitePlan: (await getApplication(runtime.ctx, anna, draft.id)).data.sitePlan };
    await updateDraft(runtime.ctx, anna, draft.id, { data, strict: true });
    const { application } = await submitApplication(runtime.ctx, anna, draft.id);
    await createWorker(runtime).runDue();
    assert.equal((await getApplication(runtime.ctx, anna, draft.id)).receiptSha256, null, 'the worker renders no receipt');
    const pdf = (await ensureReceipt(runtime.ctx, tenant, draft.id))!;
    const stored = await getApplication(runtime.ctx, anna, draft.id);
    assert.equal(stored.receiptSha256, crypto.createHash('sha256').update(pdf).digest('hex'), 'the first download stores what it rendered');
    assert.ok(pdf.equals((await ensureReceipt(runtime.ctx, tenant, draft.id))!), 'a second download gets the stored receipt');
    const text = readPdf(pdf).pages.join('\n');
    assert.ok(text.includes(application.reference!));
    assert.ok(text.includes('2. März 2026 um 10:00'), 'time in Europe/Berlin');
    assert.ok(text.includes('Wärme & Bohr GmbH'));
    assert.ok(text.includes('Erdwärmesonde'), 'code list label, not the code');
    // The worker formats the answers without the web app, which registers the forms module's words otherwise.
    assert.ok(!/\bforms\.[a-z]/.test(text), `no message keys: ${/\bforms\.[\w.]+/.exec(text)?.[0]}`);
    assert.match(text, /Sind Sie selbst der\s+Auftraggeber\?\nJa\n/);
    assert.ok(text.includes('Rechtswert (Ostwert) in m: 411500,'), 'coordinates without thousands separators');
    assert.ok(text.includes(file.sha256.slice(0, 20)));
    assert.ok(text.includes('Sächsisches Oberbergamt'));
  });

  it('renders the same receipt bytes whenever it is rendered, and refuses answers that no longer match their hash', async () => {
    const draft = await submittedDraft(anna);
    const { application } = await submitApplication(runtime.ctx, anna, draft.id);
    const first = await renderReceipt(runtime.ctx, application);
    runtime.clock.advance(3 * 24 * 3600 * 1000); // rendered days later: the creation date stays the time of receipt
    await ensureReceipt(runtime.ctx, tenant, draft.id); // and after other documents filled the shared layout caches
    const again = await renderReceipt(runtime.ctx, await getApplication(runtime.ctx, anna, draft.id));
    assert.ok(first.equals(again), 'byte for byte the same');
    assert.ok(readPdf(first).pages.join('').replace(/\s/g, '').includes(application.dataHash!), 'it shows the hash recorded at submit');
    const altered = { ...application, data: { ...application.data, applicantName: 'Mallory' } };
    await assert.rejects(renderReceipt(runtime.ctx, altered), /no longer match the hash recorded at submit/);
  });

  it('drains a receipt job an earlier version queued, without rendering: the download does that', async () => {
    const draft = await submittedDraft(anna);
    await submitApplication(runtime.ctx, anna, draft.id);
    const id = await inTransaction(runtime.ctx.db, (trx) =>
      enqueueJob(trx, runtime.ctx, { type: 'applications.receipt', payload: { tenantId: tenant, applicationId: draft.id }, tenantId: tenant }),
    );
    await createWorker(runtime).runDue();
    const job = await runtime.ctx.db.selectFrom('outbox_jobs').select(['status', 'last_error']).where('id', '=', id!).executeTakeFirstOrThrow();
    assert.deepEqual(job, { status: 'done', last_error: null });
    assert.equal((await getApplication(runtime.ctx, anna, draft.id)).receiptSha256, null);
  });

  it('reminds before a draft expires and deletes it afterwards; saving moves the date', async () => {
    const rt = await createTestRuntime({ modules: applicationTestModules });
    try {
      const actor = citizen(await tenantId(rt));
      const draft = await startApplication(rt.ctx, actor, 'bohranzeige', { email: 'anna@example.org' });
      const worker = createWorker(rt);
      const day = 24 * 3600 * 1000;
      rt.clock.set(new Date(rt.clock.now().getTime() + 10 * day));
      await updateDraft(rt.ctx, actor, draft.id, { data: { email: 'anna@example.org', applicantName: 'Anna' }, strict: true });
      rt.clock.set(new Date(rt.clock.now().getTime() + 22 * day));
      await worker.runDue();
      let mails = await rt.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', 'mail.send').execute();
      assert.equal(mails.length, 0, 'not yet: the save moved the expiry');
      rt.clock.set(new Date(rt.clock.now().getTime() + 2 * day));
      await worker.runDue();
      mails = await rt.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', 'mail.send').execute();
      assert.equal(mails.length, 1);
      const mail = JSON.parse(mails[0]!.payload) as { subject: string; text: string };
      assert.equal(mail.subject, 'Ihr Antragsentwurf wird bald gelöscht / Your draft application will soon be deleted');
      // Both halves name the same Berlin day, in each language's words.
      const german = /wird am (\d+)\. (\p{L}+) 2026 gelöscht/u.exec(mail.text);
      const english = /deleted on (\d+) (\p{L}+) 2026 unless/u.exec(mail.text);
      assert.ok(german && english, mail.text);
      assert.equal(german[1], english[1]);
      assert.ok(mail.text.indexOf('Guten Tag') < mail.text.indexOf('Hello'), 'German first');
      rt.clock.set(new Date(rt.clock.now().getTime() + 8 * day));
      await worker.runDue();
      await assert.rejects(getApplication(rt.ctx, actor, draft.id), NotFoundError);
    } finally {
      await rt.dispose();
    }
  });

  it('carries messages both ways in the Postfach, with a content-free mail to the applicant', async () => {
    const draft = await submittedDraft(anna);
    await assert.rejects(replyToAuthority(runtime.ctx, anna, (await startApplication(runtime.ctx, anna, 'bohranzeige')).id, { body: 'Hallo' }), ConflictError);
    await submitApplication(runtime.ctx, anna, draft.id);
    const lfulg = (await listAuthoritiesByKind(runtime.ctx, tenant, 'geology'))[0]!;
    const worker = caseWorker(tenant, lfulg.id);
    await sendToApplicant(runtime.ctx, worker, draft.id, lfulg.id, { subject: 'Rückfrage', body: 'Bitte senden Sie das Schichtenverzeichnis.' });
    await assert.rejects(sendToApplicant(runtime.ctx, caseWorker(tenant, 'another-authority'), draft.id, lfulg.id, { body: 'x' }));
    const reply = await replyToAuthority(runtime.ctx, anna, draft.id, {
      body: 'Anbei.',
      files: [fileInput('schichten.csv', Buffer.from('tiefe;schicht\n0;Mutterboden\n1;Sand\n'))],
    });
    assert.equal(reply.attachments[0]!.type, 'text/csv');
    const messages = await listMessages(runtime.ctx, anna, draft.id);
    assert.deepEqual(
      messages.map((m) => m.direction),
      ['out', 'in'],
    );
    const mail = (await jobsOf('mail.send')).map((j) => JSON.parse(j.payload) as { subject: string; text: string }).find((m) => m.subject.startsWith('Neue Nachricht'));
    assert.ok(mail && !mail.text.includes('Schichtenverzeichnis'), 'the mail says there is a message, not what it says');
    assert.match(
      mail.text,
      /unter „Meine Anträge“\.[\s\S]*you have a new message about your application [\s\S]*under "My applications"/,
      'German, then English, from the catalogue',
    );
    await assert.rejects(replyToAuthority(runtime.ctx, anna, draft.id, { body: '   ' }), ValidationError);
  });
});
