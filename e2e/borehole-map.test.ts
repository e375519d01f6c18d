import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { getApplication, startApplication } from '../src/modules/applications/service.js';
import { submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, fillSite, follow, press, signIn, useBrowserHarness } from './helpers/journeys.js';
import { newVariantPage, pick, say, sayPattern, type Variant, variants } from './helpers/variants.js';

/**
 * Issue 15, item 9: the borehole placed on a map of Saxony beside the coordinate question (no tile
 * server: the shipped Kreis outlines as SVG), and the § 9 results started from the notification
 * with its Aktenzeichen already filled in. Both variants; the map works differently with and
 * without JavaScript, so it has a test of its own in each.
 */
describe('the borehole map and the results started from the notification, in Chromium', () => {
  const harness = useBrowserHarness();
  const [withoutScript, withScript] = variants as [Variant, Variant];

  /** Erika's new drilling notification, open at the page "Wo wird untersucht?". */
  async function locationPage(page: Page): Promise<void> {
    const { runtime } = harness();
    const draft = await startApplication(runtime.ctx, await demoCitizen(runtime), 'bohranzeige');
    await page.goto('/anmelden');
    await signIn(page, 'erika.mustermann@example.org');
    await page.goto(`/antraege/${draft.id}/seite/location`);
  }

  const marker = (page: Page) => page.locator('#f-site-map [data-marker]');
  const status = (page: Page) => page.locator('#f-site-map [role=status]');
  /** The question the map belongs to, as the pack names it. */
  const location = (variant: Variant) => pick(variant, { de: 'Lage', en: 'Location' });

  it(`${withScript.name}: a click on Dresden fills the coordinates in both systems and moves the marker; typing moves it too`, async () => {
    const variant = withScript;
    const page = await newVariantPage(harness(), variant);
    await locationPage(page);
    await page.getByRole('img', { name: sayPattern(variant, 'forms.mapPicker.title', { label: new RegExp(location(variant)), base: /.+/ }) }).waitFor();
    assert.equal(await marker(page).getAttribute('visibility'), 'hidden', 'no point yet');
    assert.equal(
      await page.getByRole('button', { name: say(variant, 'forms.mapPicker.show') }).count(),
      0,
      'the script makes the button unnecessary (and Enter still means "Weiter")',
    );
    assert.ok(((await page.locator('#f-site-map figcaption').textContent()) ?? '').includes(say(variant, 'forms.mapPicker.caption', { label: location(variant) })));
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
    assert.match((await status(page).textContent()) ?? '', sayPattern(variant, 'forms.mapPicker.picked', { x: /\d{6}/, y: /\d{7}/ }));
    await page.getByLabel(say(variant, 'forms.coordinate.EPSG:4326')).check();
    assert.ok(Math.abs((await number('#f-site-lon')) - 13.7373) < 0.02 && Math.abs((await number('#f-site-lat')) - 51.0504) < 0.02, 'the other system filled too');

    // Typing moves the marker: Görlitz lies far to the east.
    const before = Number(await marker(page).getAttribute('cx'));
    const decimal = (value: string) => pick(variant, { de: value.replace('.', ','), en: value });
    await page.locator('#f-site-lon').fill(decimal('14.9872'));
    await page.locator('#f-site-lat').fill(decimal('51.1528'));
    assert.ok(Number(await marker(page).getAttribute('cx')) > before + 100, 'the marker followed the typed place');
    // A click in degrees announces the pair with the language's decimal separator.
    await page.locator('#f-site-map svg').click();
    const degrees = pick(variant, { de: { lon: /1[2-5],\d+/, lat: /5[01],\d+/ }, en: { lon: /1[2-5]\.\d+/, lat: /5[01]\.\d+/ } });
    assert.match((await status(page).textContent()) ?? '', sayPattern(variant, 'forms.mapPicker.picked', { x: degrees.lon, y: degrees.lat }));
    await expectNoAxeViolations(page);

    // The click's answer is a valid one, and Enter in an input still means "Weiter": the next page comes.
    await page.getByLabel(say(variant, 'forms.coordinate.EPSG:25833')).check();
    await page.locator('#f-site-easting').fill('');
    await page.mouse.click(target.x, target.y);
    await page.locator('#f-municipality').fill('Dresden');
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.locator('#f-municipality').press('Enter')]);
    assert.doesNotMatch(page.url(), /seite\/location/, `moved on: ${page.url()}`);
  });

  it(`${withoutScript.name}: the point typed is drawn after "Auf der Karte zeigen" and when the page is shown again`, async () => {
    const variant = withoutScript;
    const page = await newVariantPage(harness(), variant);
    await locationPage(page);
    assert.equal(await marker(page).getAttribute('visibility'), 'hidden');
    await fillSite(page);
    await press(page, say(variant, 'forms.mapPicker.show'));
    assert.match(page.url(), /seite\/location#f-site-map$/);
    assert.equal(await marker(page).getAttribute('visibility'), 'visible');
    assert.ok(((await page.locator('#f-site-map desc').textContent()) ?? '').includes(say(variant, 'forms.mapPicker.point', { districts: 'Kreisfreie Stadt Dresden' })));
    assert.equal(await page.locator('#f-site-easting').inputValue(), '411500', 'the answer is kept');
    await expectNoAxeViolations(page);
    await press(page, say(variant, 'forms.continue'));
    await page.goBack();
    await page.reload();
    assert.equal(await marker(page).getAttribute('visibility'), 'visible', 'after "Weiter" the page shows the saved point');
  });

  for (const variant of variants) {
    it(`starts the § 9 results from the notification's duty with its Aktenzeichen and contact filled in (${variant.name})`, async () => {
      const { runtime } = harness();
      const erika = await demoCitizen(runtime);
      const id = await submitNotification(runtime, erika);
      const reference = (await getApplication(runtime.ctx, erika, id)).reference!;
      const page = await newVariantPage(harness(), variant);
      await page.goto('/anmelden');
      await signIn(page, 'erika.mustermann@example.org');
      await page.goto(`/antraege/${id}`);
      await follow(page.getByRole('link', { name: say(variant, 'applications.followUp.start') }).first());
      assert.equal(
        await page.locator('h1').textContent(),
        pick(variant, { de: 'Ergebnisse einer geologischen Untersuchung übermitteln', en: 'Transmit the results of a geological investigation' }),
      );
      assert.ok(await page.getByText(say(variant, 'applications.start.fromEarlier')).isVisible());
      await expectNoAxeViolations(page);
      await press(page, say(variant, 'applications.start.begin'));
      const label = (de: string, en: string) => page.getByLabel(pick(variant, { de, en }));
      assert.equal(await label('Aktenzeichen Ihrer Anzeige', 'Reference of your notification').inputValue(), reference);
      assert.ok(await label('Fachdaten (§ 9 GeolDG, drei Monate nach dem Ende)', 'Fachdaten (section 9 GeolDG, three months after the end)').isChecked(), 'the duty it came from');
      assert.equal(await label('E-Mail-Adresse für Rückfragen', 'Email address for questions').inputValue(), 'info@waerme-bohr.example');
      assert.equal(await label('Name der übermittelnden Person oder Firma', 'Name of the person or company transmitting').inputValue(), 'Wärme & Bohr GmbH');
      await expectNoAxeViolations(page);
    });
  }
});
