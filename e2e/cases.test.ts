import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorker } from '../src/runtime.js';
import { tinyPng } from '../test/applications/helpers.js';
import { submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, heading, press, signIn, staffSignIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * Case processing end to end: a case worker signs in with TOTP, takes the demo drilling
 * notification from the inbox, asks for a document; the applicant answers in the Postfach; the
 * worker drafts the decision; a team lead approves; the applicant finds the Bescheid in the Postfach.
 */
describe('case processing journey in Chromium', () => {
  const harness = useBrowserHarness();

  it('takes, requests, receives the reply, decides, approves and delivers the Bescheid', async () => {
    const { runtime } = harness();
    const erika = await demoCitizen(runtime);
    const applicationId = await submitNotification(runtime, erika);
    const reference = (await runtime.ctx.db.selectFrom('applications').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference!;

    // The case worker: inbox → case → take → confirm → request a document
    const worker = await staffSignIn(harness(), 'sachbearbeitung.lfulg@example.org');
    await worker.goto('/bearbeitung');
    assert.equal(await heading(worker), 'Posteingang');
    await expectNoAxeViolations(worker);
    await worker.getByRole('link', { name: reference }).click();
    assert.equal(await heading(worker), `Vorgang ${reference}`);
    await expectNoAxeViolations(worker);
    await press(worker, 'Vorgang übernehmen');
    await press(worker, 'Eingang bestätigen und prüfen');
    await worker.getByLabel('Was soll die antragstellende Person nachreichen?').fill('Bitte laden Sie ein Foto des Bohrplatzes hoch.');
    await worker.getByLabel('Antwort bis').fill('2026-03-20');
    await press(worker, 'Unterlagen nachfordern');
    assert.ok(await worker.getByText('Nachforderung – wartet auf Antwort').first().isVisible());
    await expectNoAxeViolations(worker);

    // The applicant answers in the Postfach with a photo
    const applicant = await (await harness().newContext()).newPage();
    await applicant.goto('/anmelden');
    await signIn(applicant, 'erika.mustermann@example.org');
    await applicant.goto(`/antraege/${applicationId}`);
    assert.ok(await applicant.getByText('Bitte laden Sie ein Foto des Bohrplatzes hoch.').isVisible());
    await applicant.getByLabel('Ihre Nachricht').fill('Hier ist das Foto.');
    await applicant.locator('#files').setInputFiles({ name: 'bohrplatz.png', mimeType: 'image/png', buffer: tinyPng });
    await press(applicant, 'Nachricht senden');
    await createWorker(runtime).runDue();

    // Back with the worker: the reply is in the case, which is in review again; draft the decision, ask for issue
    await worker.reload();
    assert.ok(await worker.getByText('Hier ist das Foto.').isVisible());
    await worker.getByLabel('Bestätigt mit Hinweisen und Auflagen').check();
    await worker.getByLabel('Begründung und Hinweise').fill('Die Bohrung ist ordnungsgemäß angezeigt. Bohrkerne sind aufzubewahren.');
    await press(worker, 'Bescheid entwerfen');
    await press(worker, /Bescheid erlassen und zustellen/);
    assert.ok(await worker.getByText(/wartet auf Freigabe durch eine Teamleitung/).isVisible());
    await expectNoAxeViolations(worker);

    // The team lead approves (four eyes)
    const lead = await staffSignIn(harness(), 'teamleitung.lfulg@example.org');
    await lead.goto('/bearbeitung?tab=team');
    await lead.getByRole('link', { name: reference }).click();
    await expectNoAxeViolations(lead);
    await lead.getByLabel('Kommentar').fill('Geprüft.');
    await press(lead, 'Freigeben');
    assert.ok(await lead.getByText('Abgeschlossen').first().isVisible());

    // The applicant finds the Bescheid in the Postfach
    await applicant.goto(`/antraege/${applicationId}`);
    assert.ok(await applicant.getByRole('heading', { name: new RegExp(`Bescheid zur Anzeige ${reference}`) }).isVisible());
    assert.ok(await applicant.getByRole('link', { name: `Bescheid-${reference}.pdf` }).isVisible());
    await expectNoAxeViolations(applicant);
  });
});
