import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { readPdf } from '../test/helpers/pdf-text.js';
import { tinyPdf } from '../test/applications/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { fillContractorDetails, fillDrillingApplicant, fillInvestigation, fillSite, heading, signIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * The demo drilling notification end to end, without JavaScript: service page → sign-in →
 * pages (with a validation error on the way) → "save and continue later" → resumed from
 * "Meine Anträge" → upload → check answers → submit (twice) → confirmation → receipt PDF.
 */
describe('online application journey in Chromium', () => {
  const harness = useBrowserHarness();
  const next = (page: Page) => page.getByRole('button', { name: 'Weiter' }).last().click();

  it('files the demo notification from the service page to the receipt PDF', async () => {
    const page = await harness().newPageWithoutJavaScript({ acceptDownloads: true });
    await page.goto('/leistungen/bohranzeige');
    await page.getByRole('link', { name: 'Online beantragen' }).click();
    assert.equal(await heading(page), 'Anzeige einer geologischen Untersuchung (Bohranzeige)');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Anmelden und Antrag beginnen' }).click();
    await signIn(page, 'erika.mustermann@example.org');
    assert.equal(new URL(page.url()).pathname, '/antrag/bohranzeige', 'back on the start page after signing in');
    await page.getByRole('button', { name: 'Antrag beginnen' }).click();

    // Applicant: first without a name, so the error summary and the field message appear.
    assert.equal(await heading(page), 'Wer zeigt die Untersuchung an?');
    await fillDrillingApplicant(page, '');
    await next(page);
    assert.ok(await page.locator('.aw-error-summary').isVisible());
    assert.match((await page.title()) ?? '', /^Fehler:/);
    await expectNoAxeViolations(page);
    await page.locator('#f-applicantName').fill('Erika Mustermann');
    await next(page);

    await page.locator('#f-clientIsApplicant').check();
    await page.locator('#f-ownerIsApplicant').check();
    await next(page);

    // Contractor: half filled, then "save and continue later".
    await page.locator('#f-contractor-name').fill('Sächsische Bohr AG');
    await page.getByRole('button', { name: 'Speichern und später fortsetzen' }).click();
    assert.equal(await heading(page), 'Meine Anträge');
    await expectNoAxeViolations(page);

    // Later: resume from "Meine Anträge" where it stopped, with the answer kept.
    await page.goto('/');
    await page.goto('/antraege');
    await page
      .getByRole('link', { name: /fortsetzen$/ })
      .first()
      .click();
    assert.equal(await page.locator('#f-contractor-name').inputValue(), 'Sächsische Bohr AG');
    await fillContractorDetails(page);
    await next(page);

    await fillInvestigation(page, 'Baugrund Neubau', 'Baugrunduntersuchung für ein Wohnhaus');
    await next(page);

    await fillSite(page);
    await next(page);

    assert.equal(await heading(page), 'Bohrungen');
    if ((await page.locator('#f-boreholes-0-designation').count()) === 0) await page.getByRole('button', { name: /hinzufügen/ }).click();
    await page.locator('#f-boreholes-0-designation').fill('BS 1');
    await page.locator('#f-boreholes-0-purpose').selectOption('foundation');
    await page.locator('#f-boreholes-0-depth').fill('120');
    await page.locator('#f-boreholes-0-direction').check();
    await page.locator('#f-boreholes-0-drillingMethod-2').check();
    await page.locator('#f-boreholes-0-groundwater').check();
    await expectNoAxeViolations(page);
    await next(page);
    // The flushing method opened "Spülungszusätze" on this page: asked before going on (optional).
    assert.equal(await heading(page), 'Bohrungen');
    assert.ok(await page.locator('#f-boreholes-0-additives').isVisible());
    await next(page);

    assert.equal(await heading(page), 'Unterlagen');
    const file = `${harness().runtime.dataDir}/lageplan.pdf`;
    fs.writeFileSync(file, tinyPdf);
    await page.locator('#f-sitePlan').setInputFiles(file);
    await next(page);

    assert.equal(await heading(page), 'Angaben prüfen');
    await expectNoAxeViolations(page);
    assert.ok(await page.getByText('Baugrundbohrung').first().isVisible(), 'answers as the applicant chose them');
    await page.getByLabel(/Ich versichere/).check();
    await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    assert.equal(await heading(page), 'Antrag eingegangen');
    await expectNoAxeViolations(page);
    const reference = (await page.locator('.aw-reference').textContent())!;
    assert.match(reference, /^SN-2026-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    assert.ok(await page.getByText('Sächsisches Oberbergamt').isVisible(), 'deeper than 100 m');

    // A second submit of the same page (back button, click again) lands on the same confirmation.
    await page.goBack();
    if (await page.getByLabel(/Ich versichere/).count()) {
      await page.getByLabel(/Ich versichere/).check();
      await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    }
    assert.equal(await page.locator('.aw-reference').textContent(), reference);
    const count = await harness().runtime.ctx.db.selectFrom('applications').select('id').where('status', '=', 'submitted').execute();
    assert.equal(count.length, 1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Eingangsbestätigung herunterladen (PDF)' }).click()]);
    const pdf = fs.readFileSync((await download.path())!);
    const text = readPdf(pdf).pages.join('\n');
    assert.ok(text.includes(reference));
    assert.ok(text.includes('Erika Mustermann'));
    assert.ok(text.includes('lageplan.pdf'));

    await page.goto('/antraege');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: new RegExp(`^${reference} – `) }).click();
    assert.equal(await heading(page), `Antrag ${reference}`);
    await expectNoAxeViolations(page);
  });
});
