import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from '../../src/core/ids.js';
import type { HttpApp } from '../../src/core/module.js';
import { getApplication, updateDraft } from '../../src/modules/applications/service.js';
import { Agent } from '../identity/helpers.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import { applicationTestModules, citizen, encodeActor, multipartBody, tenantId, tinyPdf, type Actor } from './helpers.js';

describe('application pages', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let anna: Actor;
  let browser: Agent;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      anna = citizen(await tenantId(runtime));
      browser = new Agent(app, { 'x-test-actor': encodeActor(anna) });
    },
    { modules: applicationTestModules },
  );

  const idOf = (location: unknown) => /\/antraege\/([0-9a-f-]{36})\//.exec(String(location))![1]!;

  async function start(): Promise<string> {
    const response = await browser.post('/antrag/bohranzeige', {});
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /\/seite\/applicant$/);
    return idOf(response.headers.location);
  }

  async function postMultipart(url: string, from: string, fields: [string, string][], files: Parameters<typeof multipartBody>[1], csrf = true) {
    await browser.get(from);
    const body = multipartBody([...(csrf ? [['_csrf', browser.csrfToken()] as [string, string]] : []), ...fields], files);
    return app.inject({
      method: 'POST',
      url,
      headers: { 'x-test-actor': encodeActor(anna), cookie: `aw_csrf=${browser.cookie('aw_csrf')}`, 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  it('asks anonymous visitors to sign in on the start page (a prompt, not an error)', async () => {
    const response = await app.inject({ method: 'GET', url: '/antrag/bohranzeige' });
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes('/anmelden?zurueck=%2Fantrag%2Fbohranzeige'));
    assert.ok(!response.body.includes('action="/antrag/bohranzeige"'));
    const signedIn = await browser.get('/antrag/bohranzeige');
    assert.ok(signedIn.body.includes('action="/antrag/bohranzeige"'));
  });

  it('shows errors next to the fields and in the summary, saves every page, and moves on', async () => {
    const id = await start();
    const page = `/antraege/${id}/seite/applicant`;
    const invalid = await browser.post(page, { applicantName: '', email: 'kein-mail' });
    assert.equal(invalid.statusCode, 422);
    assert.ok(invalid.body.includes('aw-error-summary'));
    assert.ok(invalid.body.includes('Speichern und später fortsetzen'));
    assert.equal((await getApplication(runtime.ctx, anna, id)).data.email, 'kein-mail', 'what was typed is kept');
    assert.equal((await getApplication(runtime.ctx, anna, id)).currentPage, 'applicant', 'resumes on the page still to answer');
    const valid = await browser.post(page, {
      applicantKind: 'natural',
      applicantName: 'Anna Schmidt',
      'applicantAddress[street]': 'Hauptstraße',
      'applicantAddress[houseNumber]': '5',
      'applicantAddress[postalCode]': '01067',
      'applicantAddress[city]': 'Dresden',
      email: 'anna@example.org',
    });
    assert.equal(valid.statusCode, 303, valid.body);
    assert.equal(valid.headers.location, `/antraege/${id}/seite/client`);
    assert.equal((await getApplication(runtime.ctx, anna, id)).currentPage, 'client');
  });

  it('"Speichern und später fortsetzen" saves and lists the draft under "Meine Anträge" to resume where it stopped', async () => {
    const id = await start();
    const saved = await browser.post(`/antraege/${id}/seite/applicant`, { applicantName: 'Halb fertig', _action: 'save' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/antraege?gespeichert=1');
    const list = await browser.get('/antraege?gespeichert=1');
    assert.ok(list.body.includes(`/antraege/${id}/seite/applicant`));
    const resumed = await browser.get(`/antraege/${id}/seite/applicant`);
    assert.ok(resumed.body.includes('value="Halb fertig"'));
  });

  it('uploads on the page (checked by content, message next to the field), checks answers and submits once', async () => {
    const id = await start();
    const data = sampleNotification();
    delete data.sitePlan;
    await updateDraft(runtime.ctx, anna, id, { data, strict: true });
    const page = `/antraege/${id}/seite/attachments`;
    const lying = await postMultipart(
      page,
      page,
      [['_shown', '/sitePlan']],
      [{ field: 'sitePlan', name: 'lageplan.pdf', type: 'application/pdf', bytes: Buffer.from('MZ this is a program') }],
    );
    assert.equal(lying.statusCode, 422);
    assert.ok(lying.body.includes('geprüft wird der Inhalt'), 'message next to the field');
    const forged = await postMultipart(page, page, [], [{ field: 'sitePlan', name: 'lageplan.pdf', type: 'application/pdf', bytes: tinyPdf }], false);
    assert.equal(forged.statusCode, 403, 'multipart posts need the CSRF token too');
    const good = await postMultipart(page, page, [['_shown', '/sitePlan,/ownerConsent']], [{ field: 'sitePlan', name: 'lageplan.pdf', type: 'application/pdf', bytes: tinyPdf }]);
    assert.equal(good.statusCode, 303, good.body);
    assert.equal(good.headers.location, `/antraege/${id}/pruefen`);

    const check = await browser.get(`/antraege/${id}/pruefen`);
    assert.equal(check.statusCode, 200);
    assert.ok(check.body.includes(`/antraege/${id}/seite/applicant#`), 'change links');
    const undeclared = await browser.post(`/antraege/${id}/absenden`, {}, `/antraege/${id}/pruefen`);
    assert.equal(undeclared.statusCode, 422);
    assert.ok(undeclared.body.includes('Bitte bestätigen Sie die Erklärung'));
    const token = browser.csrfToken();
    const [first, second] = await Promise.all([
      browser.postRaw(`/antraege/${id}/absenden`, { _csrf: token, declaration: 'yes' }),
      browser.postRaw(`/antraege/${id}/absenden`, { _csrf: token, declaration: 'yes' }),
    ]);
    assert.deepEqual([first.statusCode, second.statusCode], [303, 303]);
    assert.equal(first.headers.location, `/antraege/${id}/bestaetigung`);
    assert.equal(second.headers.location, `/antraege/${id}/bestaetigung`);
    const recipients = await runtime.ctx.db.selectFrom('application_recipients').select('id').where('application_id', '=', id).execute();
    assert.equal(recipients.length, 3, 'one application, one row per authority');

    const confirmation = await browser.get(`/antraege/${id}/bestaetigung`);
    const reference = (await getApplication(runtime.ctx, anna, id)).reference!;
    assert.ok(confirmation.body.includes(reference));
    const pdf = await browser.get(`/antraege/${id}/eingangsbestaetigung.pdf`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

    const detail = await browser.get(`/antraege/${id}`);
    assert.ok(detail.body.includes('Postfach'));
    const reply = await postMultipart(
      `/antraege/${id}/nachrichten`,
      `/antraege/${id}`,
      [['body', 'Anbei der Lageplan in besserer Qualität.']],
      [{ field: 'files', name: 'plan.pdf', type: 'application/pdf', bytes: tinyPdf }],
    );
    assert.equal(reply.statusCode, 303, reply.body);
    const after = await browser.get(`/antraege/${id}?gesendet=1`);
    assert.ok(after.body.includes('Anbei der Lageplan'));
    assert.ok(after.body.includes('plan.pdf'));
    const list = await browser.get('/antraege');
    assert.ok(list.body.includes(reference));
  });

  it('sends anonymous visitors of account pages to the login and back', async () => {
    const response = await app.inject({ method: 'GET', url: '/antraege' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/anmelden?zurueck=%2Fantraege');
  });

  it('a page whose answer opens questions comes back with them named (no error for them); the next "Weiter" goes on', async () => {
    const id = await start();
    const page = `/antraege/${id}/seite/client`;
    const opened = await browser.post(page, { clientIsApplicant: 'no', ownerIsApplicant: 'yes', _shown: '/clientIsApplicant,/ownerIsApplicant' });
    assert.equal(opened.statusCode, 200, 'the same page, not the next');
    assert.match(opened.body, /Ihre Antwort hat eine weitere Frage auf dieser Seite geöffnet\./);
    assert.match(opened.body, /<a class="kern-link" href="#f-client">Auftraggeber<\/a>/);
    assert.ok(opened.body.includes('id="f-client-name"'), "the client's name is asked");
    assert.ok(!opened.body.includes('aw-error-summary'), 'no error for a question not yet asked');
    assert.equal((await getApplication(runtime.ctx, anna, id)).currentPage, 'client', 'resumes here');

    const shown = /name="_shown" value="([^"]*)"/.exec(opened.body)![1]!;
    const unanswered = await browser.post(page, { clientIsApplicant: 'no', ownerIsApplicant: 'yes', _shown: shown });
    assert.equal(unanswered.statusCode, 422, 'asked now, so required');
    const preview = await browser.post(page, { clientIsApplicant: 'yes', _action: 'preview', _shown: shown });
    assert.equal(preview.statusCode, 200);
    assert.ok(!preview.body.includes('id="f-client-name"'), 'the preview renders the page for the answers sent');
    assert.equal((await getApplication(runtime.ctx, anna, id)).data.clientIsApplicant, 'no', 'a preview saves nothing (the draft keeps what was typed before)');
  });

  it('the check page names the question of every error and links to its input on its page', async () => {
    const id = await start();
    const data = sampleNotification();
    data.clientIsApplicant = false;
    delete data.client;
    await updateDraft(runtime.ctx, anna, id, { data, strict: false });
    const check = await browser.get(`/antraege/${id}/pruefen`);
    assert.equal(check.statusCode, 422);
    assert.ok(
      check.body.includes(`<a class="kern-link" href="/antraege/${id}/seite/client#f-client-name">Auftraggeber – Name: Bitte machen Sie hier eine Angabe.</a>`),
      'named and linked to the field',
    );
    const english = await browser.get(`/antraege/${id}/pruefen?lang=en`);
    assert.ok(english.body.includes(`#f-client-name">Commissioning party – Name: Please answer this question.</a>`));
  });

  it('the start page names the trust level a company needs, and the step-up notice the level needed', async () => {
    const tenant = await tenantId(runtime);
    const company = new Agent(app, { 'x-test-actor': encodeActor(citizen(tenant, { actingFor: { accountId: newId(), name: 'Bohr GmbH' } })) });
    const start = await company.get('/antrag/bohranzeige');
    assert.match(start.body, /Als Privatperson: Basisregistrierung \(Benutzername und Passwort\)\. Für ein Unternehmen: substanziell/);
    assert.match(start.body, /Für diesen Antrag müssen Sie sich mit dem Vertrauensniveau substanziell \(z\. B\. ELSTER-Zertifikat\) ausweisen\./);
    assert.ok(start.body.includes('/anmelden/vertrauensniveau?niveau=substanziell&amp;'));
  });
});
