import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { performAction } from '../../src/modules/cases/service.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { applyInCall, openRound } from '../calls/helpers.js';
import { caseTestModules, citizen, encodeActor, staff, tenantId, type Actor } from './helpers.js';

describe("lehrerbewerbung: the applicant answers an offer on the application's page", () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
    },
    { modules: caseTestModules, now: new Date('2026-04-06T08:00:00Z') },
  );

  /** Clara applies in a new round; her case (read fresh each time) and a staff member of its Standort. */
  async function applicationInRound(role: 'caseWorker' | 'teamLead', title?: string) {
    const clara = citizen(tenant, { trustLevel: 'substanziell' });
    const applicationId = await applyInCall(runtime, clara, (await openRound(runtime, tenant, title ? { title } : {})).id);
    const caseRow = () => runtime.ctx.db.selectFrom('cases').selectAll().where('application_id', '=', applicationId).where('kind', '=', 'case').executeTakeFirstOrThrow();
    const worker = staff(tenant, (await caseRow()).authority_id, role);
    const perform = async (steps: readonly (readonly [string, Record<string, string>])[]) => {
      for (const [action, inputs] of steps) await performAction(runtime.ctx, worker, (await caseRow()).id, { action, version: Number((await caseRow()).version), inputs });
    };
    return { clara, applicationId, caseRow, worker, perform };
  }

  /** The steps up to an offer, with the Leipzig Personalrat agreeing to `question`. */
  async function stepsToOffer(question: string): Promise<[string, Record<string, string>][]> {
    const council = await runtime.ctx.db
      .selectFrom('authorities')
      .select('id')
      .where('tenant_id', '=', tenant)
      .where('key', '=', 'personalrat-lasub-leipzig')
      .executeTakeFirstOrThrow();
    return [
      ['confirmReceipt', {}],
      ['rank', { group: 'a1' }],
      ['involveStaffCouncil', { authority: council.id, question }],
      ['representativesAgreed', { staffCouncil: 'agreed' }],
      ['makeOffer', { school: '102. Oberschule Leipzig', startDate: '2026-08-01' }],
    ];
  }

  it("starts the Personalrat choice at the case's own LaSuB Standort", async () => {
    const { caseRow, worker, perform } = await applicationInRound('caseWorker', 'Runde Personalrat');
    await perform([
      ['confirmReceipt', {}],
      ['rank', { group: 'a1' }],
    ]);
    const page = await app.inject({ method: 'GET', url: `/bearbeitung/vorgaenge/${(await caseRow()).id}`, headers: { authorization: `Test ${encodeActor(worker)}` } });
    const select = /<select[^>]*id="action-involveStaffCouncil-authority"[^>]*>([\s\S]*?)<\/select>/.exec(page.body)?.[1] ?? '';
    const options = [...select.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
    assert.ok(options.length > 1, 'every Standort’s Personalrat can still be chosen');
    assert.equal(options[0], 'Personalrat der Lehrkräfte beim Landesamt für Schule und Bildung, Standort Leipzig', 'the case is at the Standort Leipzig');
  });

  it('shows accept and decline to the applicant only, and declining moves the case', async () => {
    const { clara, applicationId, caseRow, worker, perform } = await applicationInRound('teamLead');
    await perform(await stepsToOffer('Einstellung an der 102. Oberschule Leipzig zum 01.08.2026'));

    const as = (actor: Actor) => ({ authorization: `Test ${encodeActor(actor)}` });
    const casePage = await app.inject({ method: 'GET', url: `/bearbeitung/vorgaenge/${(await caseRow()).id}`, headers: as(worker) });
    assert.match(
      casePage.body,
      /Aus den Angaben abgeleitet[\s\S]*Bewerbergruppe<\/dt>\s*<dd[^>]*>A1<\/dd>[\s\S]*A1: grundständig ausgebildete Lehrkraft/,
      'staff see the derived group with its reason',
    );
    const page = await app.inject({ method: 'GET', url: `/antraege/${applicationId}/antworten`, headers: as(clara) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Ihre Antwort an die Behörde<\/h1>/);
    assert.match(
      page.body,
      /<dt[^>]*>Schule<\/dt>\s*<dd[^>]*>102\. Oberschule Leipzig<\/dd>[\s\S]*<dt[^>]*>Einstellungstermin<\/dt>\s*<dd[^>]*>01\.08\.2026<\/dd>[\s\S]*Bitte antworten Sie bis zum \d\d\.\d\d\.2026\.[\s\S]*kern-btn--primary[^>]*><span[^>]*>Angebot annehmen[\s\S]*name="step" value="ask"[\s\S]*kern-btn--secondary[^>]*><span[^>]*>Angebot ablehnen/,
      'the offer and its deadline before the buttons; declining is secondary and asks first',
    );
    const stranger = await app.inject({ method: 'GET', url: `/antraege/${applicationId}/antworten`, headers: as(citizen(tenant)) });
    assert.equal(stranger.statusCode, 404, "someone else's application is not found");
    assert.doesNotMatch(stranger.body, /Angebot annehmen/);

    const kase = await caseRow();
    const payload = new URLSearchParams({ caseId: kase.id, version: String(kase.version), action: 'declineOffer' }).toString();
    const refused = await app.inject({
      method: 'POST',
      url: `/antraege/${applicationId}/antworten`,
      headers: { ...as(citizen(tenant)), 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    assert.equal(refused.statusCode, 404);
    const ask = await app.inject({
      method: 'POST',
      url: `/antraege/${applicationId}/antworten`,
      headers: { ...as(clara), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${payload}&step=ask`,
    });
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /<h1[^>]*>Möchten Sie das Angebot wirklich ablehnen\?<\/h1>[\s\S]*102\. Oberschule Leipzig/);
    assert.doesNotMatch(ask.body, /name="step"/, 'the confirmation posts the action itself');
    assert.equal((await caseRow()).state, 'offered', 'asking changes nothing');
    const declined = await app.inject({
      method: 'POST',
      url: `/antraege/${applicationId}/antworten`,
      headers: { ...as(clara), 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    assert.equal(declined.statusCode, 303);
    assert.equal(declined.headers.location, `/antraege/${applicationId}/antworten?erledigt=${encodeURIComponent(`${kase.id}.declineOffer`)}`);
    assert.equal((await caseRow()).state, 'declined');
  });

  it('confirms an accepted offer to the applicant, with what happens next', async () => {
    const { clara, applicationId, caseRow, perform } = await applicationInRound('teamLead', 'Runde Annahme');
    await perform(await stepsToOffer('Einstellung'));
    const kase = await caseRow();
    const headers = { authorization: `Test ${encodeActor(clara)}` };
    const accepted = await app.inject({
      method: 'POST',
      url: `/antraege/${applicationId}/antworten`,
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ caseId: kase.id, version: String(kase.version), action: 'acceptOffer' }).toString(),
    });
    assert.equal(accepted.statusCode, 303, 'accepting needs no confirmation step');
    assert.equal((await caseRow()).state, 'accepted');
    const page = await app.inject({ method: 'GET', url: accepted.headers.location as string, headers });
    assert.match(page.body, /kern-alert--success[\s\S]*Sie haben das Angebot angenommen\. Das Landesamt für Schule und Bildung bereitet Ihren Arbeitsvertrag vor/);
    assert.doesNotMatch(page.body, /Zurzeit erwartet die Behörde keine Entscheidung/, 'the confirmation, not an empty list');
    const english = await app.inject({ method: 'GET', url: accepted.headers.location as string, headers: { ...headers, 'accept-language': 'en' } });
    assert.match(english.body, /You have accepted the offer\./);
  });
});
