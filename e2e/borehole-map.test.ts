import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { getApplication, startApplication } from '../src/modules/applications/service.js';
import { submitNotification } from '../test/cases/helpers.js';
import { demoPassword } from '../src/modules/identity/seed.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, fillSite, follow, press, signIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * Issue 15, item 9: the borehole placed on a map of Saxony beside the coordinate question (no tile
 * server: the shipped Kreis outlines as SVG), and the § 9 results started from the notification
 * with its Aktenzeichen already filled in.
 */
describe('the borehole map and the results started from the notification, in Chromium', () => {
  const harness = useBrowserHarness();

  /** Erika's new drilling notification, open at the page "Wo wird untersucht?". */
  async function locationPage(page: Page): Promise<void> {
    const { runtime } = harness();
    const draft = await startApplication(runtime.ctx, await demoCitizen(runtime), 'bohranzeige');
    await page.goto('/anmelden');
    await signIn(page, 'erika.mustermann@example.org');
    await page.goto(`/antraege/${draft.id}/seite/location`);
  }

  const map = (page: Page) => page.getByRole('img', { name: /Karte zur Frage „Lage“/ });
  const marker = (page: Page) => page.locator('#f-site-map [data-marker]');

  it('with JavaScript: a click on Dresden fills the coordinates in both systems and moves the marker; typing moves it too', async () => {
    const page = await (await harness().newContext()).newPage();
    await locationPage(page);
    await map(page).waitFor();
    assert.equal(await marker(page).getAttribute('visibility'), 'hidden', 'no point yet');
    assert.equal(await page.getByRole('button', { name: 'Auf der Karte zeigen' }).count(), 0, 'the script makes the button unnecessary (and Enter still means "Weiter")');
    await expectNoAxeViolations(page);

    // Where Dresden's centre (13.7373 E, 51.0504 N) is on the screen, by the map's own frame.
    const target = await page.evaluate(() => {
      const svg = document.querySelector('#f-site-map svg') as SVGSVGElement;
      const frame = { west: Number(svg.dataset.west), north: Number(svg.dataset.north), kx: Number(svg.dataset.kx), ky: Number(svg.dataset.ky) };
      const at = (
        globalThis as unknown as { AmtswegMapPicker: { lonLatToPixel(f: typeof frame, lon: number, lat: number): { x: number; y: number } } }
      ).AmtswegMapPicker.lonLatToPixel(frame, 13.7373, 51.0504);
      const point = new DOMPoint(at.x, at.y).matrixTransform(svg.getScreenCTM()!);
      return { x: point.x, y: point.y };
    });
    await page.mouse.click(target.x, target.y);

    const number = async (id: string) => Number((await page.locator(id).inputValue()).replace(',', '.'));
    // Dresden's centre is at about 411 400 E, 5 656 100 N; one screen pixel of this map is some hundred metres.
    assert.ok(Math.abs((await number('#f-site-easting')) - 411_400) < 1500, `easting ${await number('#f-site-easting')}`);
    assert.ok(Math.abs((await number('#f-site-northing')) - 5_656_100) < 1500, `northing ${await number('#f-site-northing')}`);
    assert.match(await page.locator('#f-site-easting').inputValue(), /^\d{6}$/, 'whole metres');
    assert.equal(await marker(page).getAttribute('visibility'), 'visible');
    assert.match((await page.locator('#f-site-map [role=status]').textContent()) ?? '', /Koordinaten aus der Karte eingetragen: \d{6} \/ \d{7}\./);
    await page.getByLabel('WGS84 (geografische Länge und Breite in Grad)').check();
    assert.ok(Math.abs((await number('#f-site-lon')) - 13.7373) < 0.02 && Math.abs((await number('#f-site-lat')) - 51.0504) < 0.02, 'the other system filled too');

    // Typing moves the marker: Görlitz lies far to the east.
    const before = Number(await marker(page).getAttribute('cx'));
    await page.locator('#f-site-lon').fill('14,9872');
    await page.locator('#f-site-lat').fill('51,1528');
    assert.ok(Number(await marker(page).getAttribute('cx')) > before + 100, 'the marker followed the typed place');
    await expectNoAxeViolations(page);

    // The click's answer is a valid one, and Enter in an input still means "Weiter": the next page comes.
    await page.getByLabel('ETRS89 / UTM Zone 33N (Rechtswert, Hochwert in Metern)').check();
    await page.locator('#f-site-easting').fill('');
    await page.mouse.click(target.x, target.y);
    await page.locator('#f-municipality').fill('Dresden');
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.locator('#f-municipality').press('Enter')]);
    assert.doesNotMatch(page.url(), /seite\/location/, `moved on: ${page.url()}`);
  });

  it('in English: the map is named for the question and a click fills the pair with a decimal point', async () => {
    const page = await (await harness().newContext({ locale: 'en-GB' })).newPage();
    const { runtime } = harness();
    const draft = await startApplication(runtime.ctx, await demoCitizen(runtime), 'bohranzeige');
    await page.goto('/anmelden');
    await page.getByLabel('Email address').fill('erika.mustermann@example.org');
    await page.getByLabel('Password').fill(demoPassword);
    await press(page, 'Sign in');
    await page.goto(`/antraege/${draft.id}/seite/location`);
    const figure = page.getByRole('img', { name: /Map for the question “Location”: Saxony/ });
    await figure.waitFor();
    assert.match((await page.locator('#f-site-map figcaption').textContent()) ?? '', /click on the map to fill them in/);
    await page.getByLabel('WGS84 (longitude and latitude in degrees)').check();
    // A locator's click waits until the map is visible and still, then clicks its centre.
    await page.locator('#f-site-map svg').click();
    assert.match(await page.locator('#f-site-lon').inputValue(), /^1[2-5]\.\d+$/);
    assert.match((await page.locator('#f-site-map [role=status]').textContent()) ?? '', /Coordinates filled in from the map: 1[2-5]\.\d+ \/ 5[01]\.\d+\./);
    await expectNoAxeViolations(page);
  });

  it('without JavaScript: the point typed is drawn after "Auf der Karte zeigen" and when the page is shown again', async () => {
    const page = await harness().newPageWithoutJavaScript();
    await locationPage(page);
    assert.equal(await marker(page).getAttribute('visibility'), 'hidden');
    await fillSite(page);
    await press(page, 'Auf der Karte zeigen');
    assert.match(page.url(), /seite\/location#f-site-map$/);
    assert.equal(await marker(page).getAttribute('visibility'), 'visible');
    assert.match((await page.locator('#f-site-map desc').textContent()) ?? '', /Sie liegt in: Kreisfreie Stadt Dresden\./);
    assert.equal(await page.locator('#f-site-easting').inputValue(), '411500', 'the answer is kept');
    await expectNoAxeViolations(page);
    await press(page, 'Weiter');
    await page.goBack();
    await page.reload();
    assert.equal(await marker(page).getAttribute('visibility'), 'visible', 'after "Weiter" the page shows the saved point');
  });

  it("starts the § 9 results from the notification's duty with its Aktenzeichen and contact filled in", async () => {
    const { runtime } = harness();
    const erika = await demoCitizen(runtime);
    const id = await submitNotification(runtime, erika);
    const reference = (await getApplication(runtime.ctx, erika, id)).reference!;
    for (const withScript of [true, false]) {
      const page = withScript ? await (await harness().newContext()).newPage() : await harness().newPageWithoutJavaScript();
      await page.goto('/anmelden');
      await signIn(page, 'erika.mustermann@example.org');
      await page.goto(`/antraege/${id}`);
      await follow(page.getByRole('link', { name: 'Jetzt erledigen' }).first());
      assert.match((await page.locator('h1').textContent()) ?? '', /Ergebnisse einer geologischen Untersuchung übermitteln/);
      assert.ok(await page.getByText('Das Aktenzeichen und Ihre Angaben aus dem früheren Antrag werden übernommen.').isVisible());
      await expectNoAxeViolations(page);
      await press(page, 'Antrag beginnen');
      assert.equal(await page.getByLabel('Aktenzeichen Ihrer Anzeige').inputValue(), reference);
      assert.ok(await page.getByLabel('Fachdaten (§ 9 GeolDG, drei Monate nach dem Ende)').isChecked(), 'the duty it came from');
      assert.equal(await page.getByLabel('E-Mail-Adresse für Rückfragen').inputValue(), 'info@waerme-bohr.example');
      assert.equal(await page.getByLabel('Name der übermittelnden Person oder Firma').inputValue(), 'Wärme & Bohr GmbH');
      await expectNoAxeViolations(page);
    }
  });
});
