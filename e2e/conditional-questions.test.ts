import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from './helpers/browser.js';
import { fillDrillingApplicant, follow, heading, press, signIn, useBrowserHarness } from './helpers/journeys.js';
import { newVariantPage, say, type Variant, variants } from './helpers/variants.js';

/**
 * A question that an answer opens is asked on the page of that answer: without JavaScript the page
 * comes back after "Weiter" with the new questions named in a notice (and no error for them); with
 * JavaScript they appear at once below the answer. German and English, every page checked with axe.
 */
describe('conditional questions in Chromium', () => {
  const harness = useBrowserHarness();

  /** From the start page of the drilling notification, signed in as the demo citizen, to its first page. */
  async function startDrillingNotification(page: Page, variant: Variant): Promise<void> {
    await page.goto('/antrag/bohranzeige');
    await follow(page.getByRole('link', { name: say(variant, 'applications.start.login') }));
    await signIn(page, 'erika.mustermann@example.org');
    await press(page, say(variant, 'applications.start.begin'));
  }

  // The two variants ask differently (without JavaScript the page comes back; with it the questions appear at once), so each has its own test.
  const [withoutScript, withScript] = variants as [Variant, Variant];

  it(`${withoutScript.name}: "Nein" to "Sind Sie selbst der Auftraggeber?" brings the page back with the client's questions, then goes on`, async () => {
    const page = await newVariantPage(harness(), withoutScript);
    await startDrillingNotification(page, withoutScript);
    await fillDrillingApplicant(page, 'Erika Mustermann');
    await press(page, say(withoutScript, 'forms.continue'));
    assert.equal(await heading(page), 'Auftraggeber');
    assert.equal(await page.getByRole('group', { name: 'Auftraggeber', exact: true }).count(), 0, 'no client questions before the answer');
    await page.getByRole('group', { name: 'Sind Sie selbst der Auftraggeber?' }).getByLabel('Nein').check();
    await page.getByRole('group', { name: 'Gehört Ihnen das Grundstück?' }).getByLabel('Ja').check();
    await press(page, say(withoutScript, 'forms.continue'));

    assert.equal(await heading(page), 'Auftraggeber', 'the same page again');
    const notice = page.getByRole('status').filter({ hasText: 'Ihre Antwort hat eine weitere Frage auf dieser Seite geöffnet.' });
    assert.ok(await notice.isVisible());
    assert.equal(await page.getByRole('alert').count(), 0, 'no error for questions not yet asked');
    assert.ok(await page.getByLabel('Name', { exact: true }).isVisible(), "the client's name is asked on this page");
    await expectNoAxeViolations(page);
    await notice.getByRole('link', { name: 'Auftraggeber' }).click();
    assert.ok(page.url().endsWith('#f-client'));

    await page.getByLabel('Name', { exact: true }).fill('Stadtwerke Freiberg');
    await page.getByLabel('Straße').fill('Poststraße');
    await page.getByLabel('Hausnummer').fill('1');
    await page.getByLabel('Postleitzahl').fill('09599');
    await page.getByLabel('Ort').fill('Freiberg');
    await page.getByRole('group', { name: 'Art des Auftraggebers' }).getByRole('radio').first().check();
    await press(page, say(withoutScript, 'forms.continue'));
    assert.notEqual(await heading(page), 'Auftraggeber', 'answered: on to the next page');
  });

  it(`${withScript.name}: "No" shows the client's questions at once, and a legal person is asked for its representative`, async () => {
    const page = await newVariantPage(harness(), withScript);
    await startDrillingNotification(page, withScript);

    // First page: a legal person has a representative, asked at once.
    assert.equal(await page.locator('#f-representative').count(), 0);
    await page.locator('#f-applicantKind-1').check();
    await page.locator('#f-representative').waitFor();
    assert.ok(await page.locator('#f-applicantKind-1').isChecked(), 'the choice stays made');
    await expectNoAxeViolations(page);
    await page.locator('#f-applicantKind').check();
    await page.locator('#f-representative').waitFor({ state: 'detached' });
    await fillDrillingApplicant(page, 'Erika Mustermann');
    await press(page, say(withScript, 'forms.continue'));

    const url = page.url();
    await page.getByRole('group', { name: 'Are you the commissioning party yourself?' }).getByLabel('No').check();
    await page.getByRole('group', { name: 'Commissioning party', exact: true }).waitFor();
    assert.equal(page.url(), url, 'no page load');
    await expectNoAxeViolations(page);
    await page.getByRole('group', { name: 'Commissioning party', exact: true }).getByLabel('Name', { exact: true }).fill('Freiberg Utilities');
    await page
      .getByRole('group', { name: /Do you own the plot/ })
      .getByLabel('Yes')
      .check();
    await press(page, say(withScript, 'forms.continue'));
    // Shown at once, so asked like any other question: the missing parts are errors now.
    assert.equal(await heading(page), 'Commissioning party');
    assert.ok(
      await page
        .getByRole('alert')
        .getByRole('link', { name: /Please answer this question/ })
        .first()
        .isVisible(),
    );
    assert.equal(await page.getByRole('group', { name: 'Commissioning party', exact: true }).getByLabel('Name', { exact: true }).inputValue(), 'Freiberg Utilities');
    await expectNoAxeViolations(page);
  });
});
