import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { tinyPdf } from '../test/applications/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { fillContractorDetails, fillDrillingApplicant, fillInvestigation, fillSite, heading, signIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * The drilling notification as a drilling company files it, without JavaScript: service page →
 * sign-in → every page of the form with two heat-probe boreholes, one deeper than 100 m → the
 * check page with the map of Saxony → confirmation naming the LfULG, the Oberbergamt and the
 * water authority of Dresden. Every page is checked with axe.
 */
describe('drilling notification journey in Chromium', () => {
  const harness = useBrowserHarness();
  async function next(page: Page, expected: string) {
    await page.getByRole('button', { name: 'Weiter' }).last().click();
    assert.equal(await heading(page), expected);
    await expectNoAxeViolations(page);
  }

  it('files two boreholes, one deeper than 100 m, from the service page to the confirmation', async () => {
    const page = await harness().newPageWithoutJavaScript();
    await page.goto('/leistungen/bohranzeige');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Online beantragen' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Anmelden und Antrag beginnen' }).click();
    await signIn(page, 'erika.mustermann@example.org');
    await page.getByRole('button', { name: 'Antrag beginnen' }).click();

    assert.equal(await heading(page), 'Wer zeigt die Untersuchung an?');
    await expectNoAxeViolations(page);
    assert.equal(await page.locator('#f-representative').count(), 0, 'no representative asked of a natural person');
    await fillDrillingApplicant(page, 'Erika Mustermann');
    await page.getByRole('button', { name: 'Weiter' }).last().click();
    await expectNoAxeViolations(page);

    await page.locator('#f-clientIsApplicant').check();
    await page.locator('#f-ownerIsApplicant').check();
    await page.getByRole('button', { name: 'Weiter' }).last().click();
    await expectNoAxeViolations(page);

    await page.locator('#f-contractor-name').fill('Sächsische Bohr AG');
    await fillContractorDetails(page);
    await page.locator('#f-planningOffice-name').fill('Hydrogeologie Elbtal GbR');
    await page.getByRole('button', { name: 'Weiter' }).last().click();
    await expectNoAxeViolations(page);

    await fillInvestigation(page, 'Erdwärmesonden Einfamilienhaus', 'Heizung mit Erdwärme');
    await page.getByRole('button', { name: 'Weiter' }).last().click();
    await expectNoAxeViolations(page);

    await fillSite(page);
    await next(page, 'Bohrungen');

    if ((await page.locator('#f-boreholes-0-designation').count()) === 0) await page.getByRole('button', { name: /hinzufügen/ }).click();
    await page.getByRole('button', { name: /hinzufügen/ }).click();
    assert.equal(await heading(page), 'Bohrungen');
    const boreholes = [
      { designation: 'B1', depth: '120', easting: '411500', groundwater: '' },
      { designation: 'B2', depth: '99', easting: '411510', groundwater: '-1' },
    ];
    for (const [index, b] of boreholes.entries()) {
      const id = (name: string) => `#f-boreholes-${index}-${name}`;
      await page.locator(id('designation')).fill(b.designation);
      await page.locator(id('purpose')).selectOption('ews');
      await page.locator(id('depth')).fill(b.depth);
      await page.locator(id('direction')).check();
      await page.locator(`${id('drillingMethod')}-2`).check();
      await page.locator(`${id('groundwater')}${b.groundwater}`).check();
      await page.locator(id('position-crs')).check();
      await page.locator(id('position-easting')).fill(b.easting);
      await page.locator(id('position-northing')).fill('5656000');
    }
    await expectNoAxeViolations(page);
    // A flushing method opens "Spülungszusätze" for each borehole: the page comes back to ask it.
    await next(page, 'Bohrungen');
    assert.ok(await page.getByRole('status').getByRole('link', { name: 'Bohrung 2 – Spülungszusätze' }).isVisible());
    await page.locator('#f-boreholes-0-additives').fill('Bentonit');
    await page.locator('#f-boreholes-1-additives').fill('Bentonit');
    await next(page, 'Erdwärmesonden');

    await page.locator('#f-probeCount').fill('2');
    await page.locator('#f-heatingCapacityKw').fill('12,5');
    await page.locator('#f-probeType').check();
    await page.locator('#f-fluidWgk').check();
    await page.locator('#f-grout').fill('ThermoCem Plus');
    await next(page, 'Unterlagen');

    const file = `${harness().runtime.dataDir}/lageplan.pdf`;
    fs.writeFileSync(file, tinyPdf);
    await page.locator('#f-sitePlan').setInputFiles(file);
    await next(page, 'Angaben prüfen');

    const map = page.getByRole('img', { name: 'Lage der Untersuchung' });
    assert.ok(await map.isVisible(), 'the SVG map of Saxony');
    assert.match((await page.locator('figure.aw-map figcaption').textContent()) ?? '', /Kreisfreie Stadt Dresden/);
    assert.equal(await page.locator('figure.aw-map circle').count(), 3, 'two boreholes and the site');

    await page.getByLabel(/Ich versichere/).check();
    await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    assert.equal(await heading(page), 'Antrag eingegangen');
    await expectNoAxeViolations(page);
    assert.match((await page.locator('.aw-reference').textContent()) ?? '', /^SN-2026-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    assert.ok(await page.getByText('Sächsisches Landesamt für Umwelt, Landwirtschaft und Geologie').first().isVisible());
    assert.ok(await page.getByText('Sächsisches Oberbergamt').first().isVisible(), 'deeper than 100 m');
    const recipients = await harness().runtime.ctx.db.selectFrom('application_recipients').select('authority_name').orderBy('created_at').orderBy('id').execute();
    assert.equal(recipients.length, 3);
    const water = recipients[2]!.authority_name;
    assert.match(water, /Dresden/, 'the water authority of the city');
    assert.ok(await page.getByText(water).first().isVisible(), 'each authority shown to the applicant');

    // The application's page: the status per authority and the duty to transmit the Fachdaten.
    await page.goto(new URL(page.url()).pathname.replace(/\/bestaetigung$/, ''));
    await expectNoAxeViolations(page);
    assert.ok(await page.getByText('Ihre weiteren Pflichten').isVisible());
    assert.ok(await page.getByText(/^offen, fällig am 10\. Juli 2026/).isVisible(), 'three months after the notified end');
    assert.ok(await page.getByRole('link', { name: 'Jetzt erledigen' }).isVisible());
  });
});
