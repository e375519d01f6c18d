import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { staffSession } from '../test/catalog/staff.js';
import { fileHistory, tenantId } from '../test/steering/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { follow, press, useBrowserHarness } from './helpers/journeys.js';

/**
 * The steering role in Chromium without JavaScript: from the header to the processing times
 * (chart and table), the use, the OZG maturity, and sets a service's level by hand — refused without
 * a reason first. Every page is axe-clean.
 */
describe('steering in Chromium', () => {
  const harness = useBrowserHarness();

  it('the steering role reads the figures and sets a maturity level with a reason', async () => {
    const { runtime, baseUrl } = harness();
    const tenant = await tenantId(runtime);
    const history = await fileHistory(runtime, tenant);
    runtime.clock.set(new Date('2026-04-20T10:00:00Z'));
    const { token } = await staffSession(runtime, tenant, 'steering', 'Stefan Steuer');
    const context = await harness().newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name: sessionCookie, value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();

    await page.goto('/konto');
    await follow(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Steuerung' }));
    assert.match(page.url(), /\/steuerung$/);
    await expectNoAxeViolations(page);

    await follow(page.getByRole('main').getByRole('link', { name: 'Bearbeitungszeiten' }));
    const row = page.getByRole('row').filter({ hasText: history.authorities.lfulg.name });
    assert.deepEqual((await row.getByRole('cell').allInnerTexts()).slice(2, 5), ['5', '8', '10']);
    assert.ok(await page.getByRole('figure', { name: /Mittlere Dauer bis zur Entscheidung/ }).isVisible());
    await expectNoAxeViolations(page);

    await page.goto('/steuerung');
    await follow(page.getByRole('main').getByRole('link', { name: 'Nutzung' }));
    const use = page.getByRole('row').filter({ hasText: 'Bohranzeige' });
    assert.deepEqual((await use.getByRole('cell').allInnerTexts()).slice(1), ['7', '6', '85,7 %']);
    await expectNoAxeViolations(page);

    await page.goto('/steuerung');
    await follow(page.getByRole('main').getByRole('link', { name: 'Reifegrad der Leistungen (OZG)' }));
    await expectNoAxeViolations(page);
    await follow(page.locator('a[href="/steuerung/reifegrad/bohranzeige"]'));
    assert.match((await page.locator('h1').textContent()) ?? '', /^Reifegrad festlegen: /);
    await expectNoAxeViolations(page);
    await page.getByLabel('Reifegrad', { exact: true }).selectOption({ label: 'Reifegrad 2' });
    await press(page, 'Speichern');
    assert.ok(await page.getByRole('link', { name: 'Bitte geben Sie eine Begründung an.' }).isVisible());
    await expectNoAxeViolations(page);
    await page.getByLabel('Begründung').fill('Der Antrag läuft über das Bundesportal');
    await press(page, 'Speichern');
    assert.match(page.url(), /\/steuerung\/reifegrad$/);
    assert.ok(await page.getByRole('cell', { name: 'Der Antrag läuft über das Bundesportal' }).isVisible());
  });
});
