import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assignCase, setResubmission } from '../../src/modules/cases/service.js';
import { deactivateStaff } from '../../src/modules/identity/staff.js';
import { deliveredMails, type SentMail } from '../identity/helpers.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, staff, staffAccount, submitNotification, tenantId, type Actor, type Authorities, type Staff } from './helpers.js';

/** Deadline and Wiedervorlage reminders: to the assignee's own address, else to the authority's mailbox. */
describe('cases deadline reminders', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let anna: Actor;
  let admin: Staff;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    anna = citizen(tenant);
    admin = staff(tenant, null, 'tenantAdmin');
  });
  after(() => runtime.dispose());

  /** A real staff account (the reminder looks its address up), signed in as a case worker at the Oberbergamt. */
  async function caseWorker(name: string): Promise<Staff & { email: string }> {
    const worker = await staffAccount(runtime, tenant, authorities.oba.id, 'caseWorker', name);
    const account = await runtime.ctx.db.selectFrom('accounts').select('email').where('id', '=', worker.accountId).executeTakeFirstOrThrow();
    return { ...worker, email: account.email! };
  }

  const version = async (id: string) => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);

  /** An Oberbergamt case with a Wiedervorlage on Tuesday 10.03.2026, taken by `worker` (or nobody); returns the case. */
  async function caseWithResubmission(worker: Staff | null) {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const applicationId = await submitNotification(runtime, anna);
    const kase = await caseAt(runtime, applicationId, authorities.oba.id);
    const someone = worker ?? staff(tenant, authorities.oba.id, 'caseWorker');
    if (worker) await assignCase(runtime.ctx, worker, kase.id, await version(kase.id), { kind: 'take' });
    await setResubmission(runtime.ctx, someone, kase.id, await version(kase.id), '2026-03-10');
    return kase;
  }

  /** The reminders for one case sent on Monday 09.03. (one working day before the Wiedervorlage). */
  async function remindersFor(reference: string): Promise<SentMail[]> {
    runtime.clock.set(new Date('2026-03-09T10:00:00Z'));
    return (await deliveredMails(runtime)).filter((m) => m.subject.includes(reference) && m.subject.includes('10.03.2026'));
  }

  it('mails the assignee, naming only the reference, the date, the kind of deadline and a link', async () => {
    const worker = await caseWorker('Gerda Geologin');
    const kase = await caseWithResubmission(worker);
    const mails = await remindersFor(kase.reference);
    assert.deepEqual(
      mails.map((m) => m.to),
      [worker.email],
    );
    const [mail] = mails;
    assert.equal(mail!.subject, `Frist am 10.03.2026: Vorgang ${kase.reference}`);
    assert.match(mail!.text, /Wiedervorlage/);
    assert.ok(mail!.text.includes(`${runtime.config.baseUrl.replace(/\/$/, '')}/bearbeitung/vorgaenge/${kase.id}`), 'an absolute link to the case');
    for (const personal of [kase.applicant_name, 'Wärme', 'Gerda', kase.gemeinde ?? 'Dresden'])
      assert.ok(!mail!.text.includes(personal) && !mail!.subject.includes(personal), `no "${personal}" in the mail`);
    const events = await runtime.ctx.db.selectFrom('case_events').select('details').where('case_id', '=', kase.id).where('kind', '=', 'reminder').execute();
    assert.equal(events.filter((e) => JSON.parse(e.details).kind === 'resubmission').length, 1, 'the reminder is in the timeline once');
  });

  it("falls back to the authority's mailbox for an unassigned case and for a deactivated assignee", async () => {
    assert.ok(authorities.oba.email, 'the shipped catalogue gives the Oberbergamt an address');
    const unassigned = await caseWithResubmission(null);
    assert.deepEqual(
      (await remindersFor(unassigned.reference)).map((m) => m.to),
      [authorities.oba.email],
    );

    const leaver = await caseWorker('Walter Weg');
    const orphaned = await caseWithResubmission(leaver);
    await deactivateStaff(runtime.ctx, admin, tenant, leaver.accountId);
    assert.deepEqual(
      (await remindersFor(orphaned.reference)).map((m) => m.to),
      [authorities.oba.email],
    );
  });

  it('sends nothing for a deadline cleared before the reminder is due', async () => {
    const worker = await caseWorker('Frieda Frei');
    const kase = await caseWithResubmission(worker);
    await setResubmission(runtime.ctx, worker, kase.id, await version(kase.id), null);
    assert.deepEqual(await remindersFor(kase.reference), []);
  });
});
