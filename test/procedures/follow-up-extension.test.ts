import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listFollowUps } from '../../src/modules/applications/follow-ups.js';
import { listMessages } from '../../src/modules/applications/postfach.js';
import { getApplication, startApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { performAction } from '../../src/modules/cases/service.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { caseTestModules, citizen, staff, submitNotification, tenantId, type Actor } from '../cases/helpers.js';

/**
 * § 11(4) GeolDG: the LfULG grants an extension request of the results procedure; the open duty
 * of the notification moves to the requested date and its pending reminders move with it. A refused
 * request, or one of another person, moves nothing.
 */
describe('follow-up duties: a granted extension moves the due date and the reminders', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let anna: Actor;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    anna = citizen(tenant);
  });
  after(() => runtime.dispose());

  async function requestExtension(actor: Actor, notification: string, requestedDate: string): Promise<string> {
    const draft = await startApplication(runtime.ctx, actor, 'bohrergebnisse');
    const data = {
      notification,
      kind: 'extension',
      applicantName: 'Wärme & Bohr GmbH',
      email: 'info@waerme-bohr.example',
      requestedDate,
      extensionReason: 'Das Labor ist überlastet.',
    };
    await updateDraft(runtime.ctx, actor, draft.id, { data, strict: true });
    await submitApplication(runtime.ctx, actor, draft.id);
    return draft.id;
  }

  /** The LfULG confirms the request and then grants or refuses it. */
  async function decide(requestId: string, action: 'grantExtension' | 'refuseExtension', inputs: Record<string, string> = {}) {
    const caseOf = () => runtime.ctx.db.selectFrom('cases').select(['id', 'version', 'authority_id']).where('application_id', '=', requestId).executeTakeFirstOrThrow();
    const worker = staff(tenant, (await caseOf()).authority_id, 'caseWorker');
    for (const [name, values] of [
      ['confirmReceipt', {}],
      [action, inputs],
    ] as const) {
      const kase = await caseOf();
      await performAction(runtime.ctx, worker, kase.id, { action: name, version: Number(kase.version), inputs: values });
    }
  }

  const reminders = async (dutyId: string) =>
    (await runtime.ctx.db.selectFrom('outbox_jobs').select(['run_at', 'dedupe_key']).where('type', '=', 'applications.followUpReminder').where('status', '=', 'pending').execute())
      .filter((job) => job.dedupe_key?.startsWith(`${dutyId}:`))
      .map((job) => job.run_at)
      .sort();

  it('moves the Fachdaten duty to the granted date, with the reminders 14 days before and 1 and 14 days after it', async () => {
    const id = await submitNotification(runtime, anna);
    const reference = (await getApplication(runtime.ctx, anna, id)).reference!;
    const dutyId = (await runtime.ctx.db.selectFrom('application_follow_ups').select('id').where('application_id', '=', id).executeTakeFirstOrThrow()).id;
    assert.deepEqual(
      (await listFollowUps(runtime.ctx, anna, id)).map((d) => d.dueOn),
      ['2026-07-10'],
    );

    const refused = await requestExtension(anna, reference, '2026-08-31');
    await decide(refused, 'refuseExtension', { reason: 'Keine Gründe nach § 11 Abs. 4 GeolDG.' });
    const receipt = (await listMessages(runtime.ctx, anna, refused)).find((message) => message.subject.startsWith('Eingangsbestätigung'))!;
    assert.match(
      receipt.body,
      /Ihre Übermittlung SN-[A-Z0-9-]+ vom \d{2}\.\d{2}\.2026 ist beim Sächsischen Landesamt für Umwelt/,
      'a transmission, not an "Anzeige", received "beim" authority',
    );
    assert.deepEqual(
      (await listFollowUps(runtime.ctx, anna, id)).map((d) => d.dueOn),
      ['2026-07-10'],
      'a refused request moves nothing',
    );

    const strangers = await requestExtension(citizen(tenant), reference, '2026-08-31');
    await decide(strangers, 'grantExtension');
    assert.deepEqual(
      (await listFollowUps(runtime.ctx, anna, id)).map((d) => d.dueOn),
      ['2026-07-10'],
      'another person cannot move the duty',
    );

    const granted = await requestExtension(anna, reference, '2026-09-30');
    await decide(granted, 'grantExtension');
    const [duty] = await listFollowUps(runtime.ctx, anna, id);
    assert.deepEqual([duty!.dueOn, duty!.status], ['2026-09-30', 'open']);
    assert.deepEqual(await reminders(dutyId), ['2026-09-16T07:00:00.000Z', '2026-10-01T07:00:00.000Z', '2026-10-14T07:00:00.000Z']);
  });
});
