import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { staffSession } from '../test/catalog/staff.js';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

/**
 * A procedure administrator adds a synonym to "Hund anmelden"; the public search then finds the
 * service by it. The editing pages (list, form, version diff, jurisdictions) must be axe-clean.
 */
describe('catalogue editing in Chromium', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it('a procedure administrator adds a synonym and the public search finds the service by it', async () => {
    const tenant = await harness.runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow();
    const { token } = await staffSession(harness.runtime, tenant.id, 'procedureAdmin', 'Paula Pflege');
    const context = await harness.newContext();
    // The session as the login would leave it (password and TOTP are covered by the identity journeys).
    await context.addCookies([{ name: sessionCookie, value: token, url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();

    // The way in: "Leistungen bearbeiten" in the main navigation of every page.
    await page.goto('/konto');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Leistungen bearbeiten' }).click();
    await page.waitForURL(/\/verwaltung\/leistungen$/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Leistung suchen').fill('Hundesteuer');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/\/verwaltung\/leistungen\?q=/);
    await page
      .getByRole('row', { name: /Hund anmelden/ })
      .getByRole('link', { name: 'Texte Deutsch' })
      .click();
    await page.waitForURL(/\/verwaltung\/leistungen\/[^/]+\/de$/);
    await expectNoAxeViolations(page);

    const synonyms = page.getByLabel('Suchbegriffe (Synonyme)');
    await synonyms.fill(`${await synonyms.inputValue()}\nVierbeinerabgabe`);
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.waitForURL(/\?gespeichert=\d+$/);
    assert.ok(await page.getByRole('heading', { name: /Gespeichert als Version \d+/ }).isVisible());
    await expectNoAxeViolations(page);

    await page
      .getByRole('link', { name: /: Unterschiede$/ })
      .first()
      .click();
    await page.waitForURL(/\/versionen\/\d+$/);
    assert.equal((await page.locator('ins').textContent())?.replace(/\s+/g, ' '), '[hinzugefügt: Vierbeinerabgabe]');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Zurück zum Formular' }).click();
    await page.getByRole('link', { name: 'Zuständigkeiten' }).click();
    await page.waitForURL(/\/zustaendigkeiten$/);
    await expectNoAxeViolations(page);

    // Anyone, not signed in, now finds the service by the new word.
    const visitor = await (await harness.newContext()).newPage();
    await visitor.goto('/');
    await visitor.getByLabel('Suchbegriff').fill('Vierbeinerabgabe');
    await visitor.getByRole('button', { name: 'Suchen' }).click();
    await visitor.waitForURL(/\/suche\?q=/);
    assert.equal(await visitor.getByRole('main').locator('h3 a').first().innerText(), 'Hund anmelden (Hundesteuer)');
  });

  it('sends a visitor who is not signed in to the login page', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.goto('/verwaltung/leistungen');
    assert.match(page.url(), /\/anmelden\?zurueck=%2Fverwaltung%2Fleistungen$/);
  });
});
