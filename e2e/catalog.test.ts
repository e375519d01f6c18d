import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

/**
 * The Leistungsportal journey: search → service page → choose the place by postcode → see every
 * responsible authority. Run with and without JavaScript; every page must be axe-clean.
 */
describe('Leistungsportal journey in Chromium', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });

  // axe needs JavaScript in the page, so the run without JavaScript checks behaviour only; the
  // same server-rendered pages are checked with axe in the run with JavaScript.
  async function journey(page: Page, checkAxe: boolean): Promise<void> {
    const expectNoViolations = checkAxe ? expectNoAxeViolations : async () => {};
    await page.goto('/');
    await expectNoViolations(page);
    await page.getByLabel('Suchbegriff').fill('Erdwärme');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/\/suche\?q=/);
    await expectNoViolations(page);
    await page.getByRole('main').getByRole('link', { name: 'Bohrung und geologische Untersuchung anzeigen (Bohranzeige)' }).first().click();
    await page.waitForURL(/\/leistungen\/bohranzeige$/);
    assert.equal(await page.locator('h1').textContent(), 'Bohrung und geologische Untersuchung anzeigen (Bohranzeige)');
    await expectNoViolations(page);

    await page.getByLabel('Postleitzahl, Ort oder Gemeindeschlüssel').fill('01067');
    await page.getByRole('button', { name: 'Ort übernehmen' }).click();
    await page.waitForURL(/\/leistungen\/bohranzeige\?ort=14612000$/);
    const responsible = page.locator('.aw-responsible');
    assert.match(await responsible.innerText(), /Sächsisches Landesamt für Umwelt, Landwirtschaft und Geologie \(LfULG\)/);
    assert.match(await responsible.innerText(), /Sächsisches Oberbergamt/);
    assert.match(await responsible.innerText(), /Stadtverwaltung Dresden – Untere Wasserbehörde/);
    assert.match(await responsible.innerText(), /tiefer als 100 Meter/);
    await expectNoViolations(page);

    // The place is remembered: another service page shows its authority straight away.
    await page.goto('/leistungen/personalausweis');
    assert.match(await page.locator('.aw-responsible').innerText(), /Stadtverwaltung Dresden/);
  }

  it('works with JavaScript', async () => {
    await journey(await (await harness.newContext()).newPage(), true);
  });

  it('works without JavaScript', async () => {
    await journey(await harness.newPageWithoutJavaScript(), false);
  });

  it('asks which Gemeinde an ambiguous postcode means, axe-clean', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.goto('/leistungen/personalausweis');
    await page.getByLabel('Postleitzahl, Ort oder Gemeindeschlüssel').fill('01454');
    await page.getByRole('button', { name: 'Ort übernehmen' }).click();
    await page.waitForURL(/\/ort\?/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Wachau').check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.waitForURL(/\/leistungen\/personalausweis\?ort=\d{8}$/);
    assert.match(await page.locator('.aw-responsible').innerText(), /Gemeindeverwaltung Wachau/);
  });

  it('proposes places while typing (ARIA combobox, keyboard only), axe-clean with the list open', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.goto('/leistungen/bohranzeige');
    const field = page.getByRole('combobox', { name: 'Postleitzahl, Ort oder Gemeindeschlüssel' });
    assert.equal(await field.getAttribute('aria-expanded'), 'false');
    await field.pressSequentially('Freib');
    await page.getByRole('option', { name: 'Freiberg (Stadt)' }).waitFor();
    assert.equal(await field.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('.aw-combobox [role="status"]').textContent(), '1 Vorschlag. Mit Pfeil nach unten auswählen.');
    await expectNoAxeViolations(page);
    await field.press('ArrowDown');
    const active = await field.getAttribute('aria-activedescendant');
    assert.ok(active);
    assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
    await field.press('Enter');
    assert.equal(await field.inputValue(), 'Freiberg (Stadt)');
    assert.equal(await field.getAttribute('aria-expanded'), 'false');
    await field.press('Enter');
    await page.waitForURL(/\/leistungen\/bohranzeige\?ort=14522180$/);
    assert.match(await page.locator('.aw-responsible').innerText(), /Mittelsachsen/);

    // In a new visit (no place remembered): a postcode prefix proposes its places; Escape closes the list.
    const visit = await (await harness.newContext()).newPage();
    await visit.goto('/leistungen/personalausweis');
    const again = visit.getByRole('combobox', { name: 'Postleitzahl, Ort oder Gemeindeschlüssel' });
    await again.pressSequentially('0106');
    await visit.getByRole('option').first().waitFor();
    assert.match(await visit.getByRole('option').first().innerText(), /^0106\d Dresden/);
    await again.press('Escape');
    assert.equal(await again.getAttribute('aria-expanded'), 'false');
    assert.ok(await visit.getByRole('listbox').isHidden());
  });

  it('shows a search error next to the field and in the summary, and the authority directory, axe-clean', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.goto(`/suche?q=${'a'.repeat(300)}`);
    assert.match(await page.getByRole('alert').innerText(), /höchstens 200 Zeichen/);
    await expectNoAxeViolations(page);
    await page.goto('/behoerden?q=Oberbergamt');
    await expectNoAxeViolations(page);
    await page.getByRole('main').getByRole('link', { name: 'Sächsisches Oberbergamt' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Sächsisches Oberbergamt');
    await expectNoAxeViolations(page);
    await page.goto('/lebenslagen/erdwaerme-bohrungen');
    await expectNoAxeViolations(page);
    await page.goto(`/suche?q=${encodeURIComponent('Antrag Nachweis Behörde anmelden Hund Bohrung')}&seite=2`);
    assert.match(await page.getByRole('navigation', { name: 'Seiten der Ergebnisliste' }).innerText(), /Seite 2 von 2/);
    await expectNoAxeViolations(page);
  });
});
