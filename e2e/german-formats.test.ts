import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { sendToApplicant } from '../src/modules/applications/index.js';
import { authoritiesOf, staff, submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { follow, heading, press, signIn, staffSignIn, useBrowserHarness, demoCitizen } from './helpers/journeys.js';

/**
 * German formats and grammar as people meet them (issue #15, item 6): a date typed as
 * "23.4.1980" is taken and shown as 23.04.1980, the service page's release date reads
 * 15.01.2026, a message comes "vom Sächsischen Landesamt …", and a count of one is singular
 * ("1 Vorgang" in the inbox). Without JavaScript, every page axe-clean.
 */
describe('German formats and grammar in Chromium', () => {
  const harness = useBrowserHarness();

  const mainText = (page: Page) => page.getByRole('main').innerText();

  it('takes and shows dates the German way, declines the sender’s name and counts one case in the singular', async () => {
    const { runtime } = harness();
    const applicant = await demoCitizen(runtime);
    const applicationId = await submitNotification(runtime, applicant);
    const { lfulg } = await authoritiesOf(runtime, applicant.tenantId);
    await sendToApplicant(runtime.ctx, staff(applicant.tenantId, lfulg.id, 'caseWorker'), applicationId, lfulg.id, {
      subject: 'Rückfrage zur Endteufe',
      body: 'Bitte nennen Sie die Endteufe.',
    });

    const page = await harness().newPageWithoutJavaScript();
    await page.goto('/leistungen/bohranzeige');
    assert.match(await mainText(page), /Freigegeben\s+am 15\.01\.2026 durch /, 'the release date as 15.01.2026');
    await expectNoAxeViolations(page);

    await page.goto('/anmelden');
    await signIn(page, 'erika.mustermann@example.org');
    assert.equal(await heading(page), 'Mein Konto');
    const birthDate = page.getByLabel('Geburtsdatum');
    assert.match(await mainText(page), /Im Format TT\.MM\.JJJJ, zum Beispiel 23\.04\.1980\./);
    await birthDate.fill('31.02.1980');
    await press(page, 'Angaben speichern');
    assert.match(await page.locator('.aw-error-summary').innerText(), /Geburtsdatum in der Vergangenheit im Format TT\.MM\.JJJJ/, 'a day that does not exist is refused');
    await expectNoAxeViolations(page);
    await page.getByLabel('Geburtsdatum').fill('23.4.1980');
    await press(page, 'Angaben speichern');
    assert.equal(await page.getByLabel('Geburtsdatum').inputValue(), '23.04.1980', 'taken as typed, shown with two digits');
    await expectNoAxeViolations(page);
    await page.goto('/konto?lang=en');
    assert.equal(await page.getByLabel('Date of birth').inputValue(), '23/04/1980');
    await page.goto('/konto?lang=de');

    // The Postfach names the sender in the dative.
    await follow(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: /^Postfach/ }));
    const message = page.getByRole('listitem').filter({ hasText: 'Rückfrage zur Endteufe' });
    assert.match(await message.innerText(), /vom Sächsischen Landesamt für Umwelt, Landwirtschaft und Geologie \(LfULG\) zu Antrag /);
    await follow(message.getByRole('link', { name: 'Rückfrage zur Endteufe' }));
    assert.match(await mainText(page), /Neue Nachricht vom Sächsischen Landesamt/, 'the history says it the same way');
    await expectNoAxeViolations(page);

    // The drilling is deeper than 100 m: its one case waits at the Oberbergamt, counted in the singular.
    const worker = await staffSignIn(harness(), 'sachbearbeitung.oba@example.org');
    await worker.goto('/bearbeitung');
    assert.equal(await worker.locator('caption').innerText(), 'Neu und nicht zugewiesen: 1 Vorgang');
    await expectNoAxeViolations(worker);
  });
});
