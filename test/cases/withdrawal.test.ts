import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorker } from '../../src/runtime.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { performAction } from '../../src/modules/cases/service.js';
import { withdrawApplication, withdrawalOf, withdrawalState } from '../../src/modules/cases/withdrawal.js';
import { workflowOf } from '../../src/modules/cases/workflow/load.js';
import { deliveredMails } from '../identity/helpers.js';
import type { HttpApp } from '../../src/core/module.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, encodeActor, staff, submitNotification, tenantId, type Actor } from './helpers.js';

describe('Rücknahme: the applicant withdraws a submitted application', () => {
  let runtime: TestRuntime;
  let app: HttpApp;
  useTestApp((opened) => ({ runtime, app } = opened), { modules: caseTestModules });

  const version = async (id: string) => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  const act = async (actor: Actor, id: string, action: string, inputs: Record<string, unknown> = {}) =>
    performAction(runtime.ctx, actor, id, { action, version: await version(id), inputs });
  const casesOf = (applicationId: string) =>
    runtime.ctx.db.selectFrom('cases').selectAll().where('application_id', '=', applicationId).where('kind', '=', 'case').orderBy('created_at').orderBy('id').execute();

  it('finds the closing state of every shipped workflow from its own withdrawn result', () => {
    for (const key of ['bohranzeige', 'bohrergebnisse', 'lehrerbewerbung']) assert.equal(withdrawalState(workflowOf(runtime.ctx, key)!), 'closed', key);
  });

  it('closes every open case with the result withdrawn, tells the authorities and the applicant, withdraws waiting involvements', async () => {
    const tenant = await tenantId(runtime);
    const authorities = await authoritiesOf(runtime, tenant);
    const anna = citizen(tenant);
    const applicationId = await submitNotification(runtime, anna);
    const lfulg = await caseAt(runtime, applicationId, authorities.lfulg.id);
    const worker = staff(tenant, authorities.lfulg.id, 'caseWorker');
    await act(worker, lfulg.id, 'confirmReceipt');
    await act(worker, lfulg.id, 'involveAuthority', { authority: authorities.oba.id, question: 'Bestehen bergrechtliche Bedenken?' });
    const before = (await deliveredMails(runtime)).length; // what came before is not about the withdrawal

    const offered = await withdrawalOf(runtime.ctx, anna, applicationId);
    assert.equal(offered.cases.length, 3, 'all three receiving authorities');
    const closed = await withdrawApplication(runtime.ctx, anna, applicationId, { reason: 'Wir bohren doch nicht.', lang: 'en' });
    assert.equal(closed.length, 3);

    for (const kase of await casesOf(applicationId)) {
      assert.equal(kase.state, 'closed');
      assert.equal(Number(kase.open), 0);
      assert.equal(kase.result, 'withdrawn');
      assert.equal(kase.result_note, 'Wir bohren doch nicht.');
      assert.ok(kase.closed_at);
      const events = await runtime.ctx.db.selectFrom('case_events').selectAll().where('case_id', '=', kase.id).where('kind', '=', 'withdrawn').execute();
      assert.equal(events.length, 1, 'one timeline entry on each case');
      assert.equal(events[0]!.to_state, 'closed');
      assert.equal(events[0]!.actor_id, anna.accountId);
      const deadlines = await runtime.ctx.db.selectFrom('case_deadlines').select('cleared_at').where('case_id', '=', kase.id).execute();
      assert.ok(
        deadlines.every((d) => d.cleared_at !== null),
        'no deadline left running',
      );
    }
    const recipients = await runtime.ctx.db.selectFrom('application_recipients').select('status').where('application_id', '=', applicationId).execute();
    assert.deepEqual(
      recipients.map((r) => r.status),
      ['withdrawn', 'withdrawn', 'withdrawn'],
    );

    // The applicant's confirmation, in the language they used, from each authority.
    const messages = await runtime.ctx.db.selectFrom('messages').selectAll().where('application_id', '=', applicationId).where('direction', '=', 'out').execute();
    const confirmations = messages.filter((m) => m.subject.startsWith('Withdrawal of your application'));
    assert.equal(confirmations.length, 3);
    assert.match(confirmations[0]!.body, /Your reason: Wir bohren doch nicht\./);

    const audit = await runtime.ctx.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'case.withdrawn').execute();
    assert.equal(audit.filter((a) => closed.some((c) => c.id === a.object_id)).length, 3);

    const mails = (await deliveredMails(runtime)).slice(before);
    const reference = closed[0]!.reference;
    const toAuthorities = mails.filter((m) => m.subject === `Antrag ${reference} zurückgezogen`);
    const withAddress = [authorities.lfulg, authorities.oba, authorities.uwb].filter((a) => a.email).map((a) => a.email);
    assert.deepEqual(toAuthorities.map((m) => m.to).sort(), [...withAddress].sort(), 'each authority mailbox is told');
    assert.ok(
      toAuthorities.every((m) => !m.text.includes('Wir bohren')),
      'the mail names the reference only, not the reason',
    );
    assert.equal(mails.filter((m) => m.subject.startsWith('Neue Nachricht') && m.text.includes(reference)).length, 1, 'one mail to the applicant for the three confirmations');

    // The Oberbergamt's involvement was still waiting: it is withdrawn as when a case closes.
    await createWorker(runtime).runDue();
    const involvement = await runtime.ctx.db.selectFrom('cases').selectAll().where('parent_case_id', '=', lfulg.id).where('kind', '=', 'involvement').executeTakeFirstOrThrow();
    assert.equal(involvement.state, 'opinionWithdrawn');

    await assert.rejects(withdrawApplication(runtime.ctx, anna, applicationId, {}), (error) => error instanceof ConflictError && error.code === 'cases.withdrawal.notPossible');
    assert.equal((await withdrawalOf(runtime.ctx, anna, applicationId)).cases.length, 0);
  });

  it('leaves decided and closed cases alone, and refuses when nothing is left to withdraw', async () => {
    const tenant = await tenantId(runtime);
    const authorities = await authoritiesOf(runtime, tenant);
    const anna = citizen(tenant);
    const applicationId = await submitNotification(runtime, anna);
    const oba = await caseAt(runtime, applicationId, authorities.oba.id);
    await act(staff(tenant, authorities.oba.id, 'teamLead'), oba.id, 'closeWithoutDecision', { reason: 'duplicate' });

    const closed = await withdrawApplication(runtime.ctx, anna, applicationId, {});
    assert.equal(closed.length, 2, 'only the two open cases');
    const after = await caseAt(runtime, applicationId, authorities.oba.id);
    assert.equal(after.result, 'duplicate', 'the closed case keeps its result');

    const second = await submitNotification(runtime, anna);
    for (const kase of await casesOf(second)) {
      const lead = staff(tenant, kase.authority_id, 'teamLead');
      await act(lead, kase.id, 'closeWithoutDecision', { reason: 'duplicate' });
    }
    await assert.rejects(
      withdrawApplication(runtime.ctx, anna, second, { reason: 'zu spät' }),
      (error) => error instanceof ConflictError && error.code === 'cases.withdrawal.notPossible',
    );
    assert.deepEqual(
      (await casesOf(second)).map((c) => c.result),
      ['duplicate', 'duplicate', 'duplicate'],
    );
  });

  it('refuses a case that changed since the applicant saw the page, and a reason that is too long', async () => {
    const tenant = await tenantId(runtime);
    const authorities = await authoritiesOf(runtime, tenant);
    const anna = citizen(tenant);
    const applicationId = await submitNotification(runtime, anna);
    const seen = await withdrawalOf(runtime.ctx, anna, applicationId);
    const lfulg = await caseAt(runtime, applicationId, authorities.lfulg.id);
    await act(staff(tenant, authorities.lfulg.id, 'caseWorker'), lfulg.id, 'confirmReceipt');
    const versions = Object.fromEntries(seen.cases.map((c) => [c.caseId, c.version]));
    await assert.rejects(withdrawApplication(runtime.ctx, anna, applicationId, { versions }), (error) => error instanceof ConflictError && error.code === 'cases.changedMeanwhile');
    await assert.rejects(
      withdrawApplication(runtime.ctx, anna, applicationId, { reason: 'x'.repeat(2001) }),
      (error) => error instanceof ValidationError && error.fields[0]?.pointer === '/reason',
    );
    assert.ok(
      (await casesOf(applicationId)).every((c) => Number(c.open) === 1),
      'nothing closed',
    );
  });

  it('is only for the applicant: another citizen and the authority’s staff find nothing', async () => {
    const tenant = await tenantId(runtime);
    const authorities = await authoritiesOf(runtime, tenant);
    const anna = citizen(tenant);
    const applicationId = await submitNotification(runtime, anna);
    const strangers: Actor[] = [citizen(tenant), staff(tenant, authorities.lfulg.id, 'teamLead'), { ...anna, tenantId: 'another-tenant' }];
    for (const stranger of strangers) {
      await assert.rejects(withdrawalOf(runtime.ctx, stranger, applicationId), NotFoundError);
      await assert.rejects(withdrawApplication(runtime.ctx, stranger, applicationId, {}), NotFoundError);
    }
    assert.ok(
      (await casesOf(applicationId)).every((c) => Number(c.open) === 1),
      'nothing closed',
    );
  });

  it('pages: the link on the application, the confirmation with an optional reason, the refusal once closed', async () => {
    const tenant = await tenantId(runtime);
    const anna = citizen(tenant);
    const as = (actor: Actor, lang = 'de') => ({ authorization: `Test ${encodeActor(actor)}`, 'accept-language': lang });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const applicationId = await submitNotification(runtime, anna);

    const detail = await app.inject({ method: 'GET', url: `/antraege/${applicationId}`, headers: as(anna) });
    assert.match(detail.body, new RegExp(`href="/antraege/${applicationId}/zuruecknehmen"[^>]*>Antrag zurückziehen</a>`));
    const confirm = await app.inject({ method: 'GET', url: `/antraege/${applicationId}/zuruecknehmen`, headers: as(anna) });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /<h1[^>]*>Antrag zurückziehen<\/h1>[\s\S]*<li>[^<]*Landesamt[^<]*<\/li>[\s\S]*name="_csrf"[\s\S]*<textarea[^>]*name="reason"/);
    const english = await app.inject({ method: 'GET', url: `/antraege/${applicationId}/zuruecknehmen`, headers: as(anna, 'en') });
    assert.match(english.body, /<h1[^>]*>Withdraw the application<\/h1>/);

    const stranger = await app.inject({ method: 'GET', url: `/antraege/${applicationId}/zuruecknehmen`, headers: as(citizen(tenant)) });
    assert.equal(stranger.statusCode, 404);
    const refused = await app.inject({ method: 'POST', url: `/antraege/${applicationId}/zuruecknehmen`, headers: { ...as(citizen(tenant)), ...form }, payload: 'reason=' });
    assert.equal(refused.statusCode, 404);

    const tooLong = await app.inject({
      method: 'POST',
      url: `/antraege/${applicationId}/zuruecknehmen`,
      headers: { ...as(anna), ...form },
      payload: new URLSearchParams({ reason: 'x'.repeat(2001) }).toString(),
    });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /aw-error-summary[\s\S]*href="#reason"[\s\S]*id="reason-error"/);

    const done = await app.inject({
      method: 'POST',
      url: `/antraege/${applicationId}/zuruecknehmen`,
      headers: { ...as(anna), ...form },
      payload: new URLSearchParams({ reason: 'Grundstück verkauft' }).toString(),
    });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/antraege/${applicationId}?zurueckgezogen=1`);
    const after = await app.inject({ method: 'GET', url: done.headers.location, headers: as(anna) });
    assert.match(after.body, /kern-alert--success[\s\S]*Sie haben den Antrag zurückgezogen\./);
    assert.match(after.body, /Zurückgezogen/);
    assert.match(after.body, /Rücknahme Ihres Antrags/, 'the confirmation is in the Postfach');
    assert.doesNotMatch(after.body, /href="[^"]*zuruecknehmen"/, 'no second withdrawal offered');

    const again = await app.inject({ method: 'POST', url: `/antraege/${applicationId}/zuruecknehmen`, headers: { ...as(anna), ...form }, payload: 'reason=' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /kann nicht mehr zurückgezogen werden/);

    const kase = (await casesOf(applicationId))[0]!;
    const lead = staff(tenant, kase.authority_id, 'teamLead');
    const casePage = await app.inject({ method: 'GET', url: `/bearbeitung/vorgaenge/${kase.id}`, headers: as(lead) });
    assert.match(casePage.body, /Antrag von der antragstellenden Person zurückgezogen: Eingegangen → Abgeschlossen – Grundstück verkauft/);
    assert.match(casePage.body, /Ergebnis[\s\S]{0,80}Zurückgenommen – Grundstück verkauft/, 'the result by the label the workflow gives it, not its code');
    assert.doesNotMatch(casePage.body, /withdrawn – /);
  });

  it('API: POST /api/v1/applications/:id/withdrawal, refusals as problem+json', async () => {
    const tenant = await tenantId(runtime);
    const anna = citizen(tenant);
    const applicationId = await submitNotification(runtime, anna);
    const url = `/api/v1/applications/${applicationId}/withdrawal`;
    const as = (actor: Actor) => ({ authorization: `Test ${encodeActor(actor)}`, 'content-type': 'application/json' });

    const stranger = await app.inject({ method: 'POST', url, headers: as(citizen(tenant)), payload: {} });
    assert.equal(stranger.statusCode, 404);
    assert.match(String(stranger.headers['content-type']), /application\/problem\+json/);
    const tooLong = await app.inject({ method: 'POST', url, headers: as(anna), payload: { reason: 'x'.repeat(2001) } });
    assert.equal(tooLong.statusCode, 422);
    assert.equal(tooLong.json().errors[0].pointer, '/reason');

    const done = await app.inject({ method: 'POST', url, headers: as(anna), payload: { reason: 'Anders entschieden' } });
    assert.equal(done.statusCode, 200, done.body);
    const { cases } = done.json() as { cases: { state: string; result: string }[] };
    assert.deepEqual(
      cases.map((c) => [c.state, c.result]),
      [
        ['closed', 'withdrawn'],
        ['closed', 'withdrawn'],
        ['closed', 'withdrawn'],
      ],
    );
    const again = await app.inject({ method: 'POST', url, headers: as(anna), payload: {} });
    assert.equal(again.statusCode, 409);
    assert.match(String(again.headers['content-type']), /application\/problem\+json/);
    assert.match(again.body, /kann nicht mehr zurückgezogen werden/);
  });
});
