import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { staffSession } from '../test/catalog/staff.js';
import { fileHistory, tenantId } from '../test/steering/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { follow, press, useBrowserHarness } from './helpers/journeys.js';

/**
 * The steering role in Chromium without JavaScript: from the header to the processing times
 * (chart and table), the use (with where drafts give up and who submits), the Leistungsvergleich
 * with its map, the OZG maturity, and sets a service's level by hand — refused without
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
    const use = page.getByRole('table', { name: 'Nach Verfahren' }).getByRole('row').filter({ hasText: 'Bohranzeige' });
    assert.deepEqual((await use.getByRole('cell').allInnerTexts()).slice(1), ['7', '6', '85,7 %']);
    // The draft never submitted gave up on the first page; the six submissions were persons' with sign-in level basis.
    const abandoned = page.getByRole('table', { name: 'Wo abgebrochen wird' }).getByRole('row').filter({ hasText: 'Bohranzeige' });
    assert.equal((await abandoned.getByRole('cell').allInnerTexts())[2], '< 5');
    const submitters = page.getByRole('table', { name: 'Wer einreicht' }).getByRole('row').filter({ hasText: 'Bohranzeige' });
    assert.deepEqual((await submitters.getByRole('cell').allInnerTexts()).slice(1, 7), ['6', '0', '0', '0', '6', '0']);
    await expectNoAxeViolations(page);

    // The Leistungsvergleich: the Wasserbehörden side by side, the map coloured by the open cases after choosing it (no script: a GET form).
    await page.goto('/steuerung');
    await follow(page.getByRole('main').getByRole('link', { name: 'Leistungsvergleich' }));
    assert.equal(await page.getByRole('table', { name: 'Behörden im Vergleich' }).getByRole('row').count(), 14);
    await expectNoAxeViolations(page);
    await page.getByLabel('Kennzahl für die Karte').selectOption({ label: 'Offene Vorgänge' });
    await press(page, 'Anzeigen');
    assert.match(page.url(), /figure=open/);
    assert.ok(await page.getByRole('figure', { name: 'Kreise nach Offene Vorgänge' }).isVisible());
    const dresden = page.getByRole('row').filter({ hasText: history.authorities.uwb.name });
    assert.deepEqual((await dresden.getByRole('cell').allInnerTexts()).slice(1, 4), ['554.649', '6', '0,1']);
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
