import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

describe('home page in Chromium', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it('is in German by default and has no WCAG 2.1 A/AA violations', async () => {
    const { page } = harness;
    const response = await page.goto('/');
    assert.equal(response?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await page.locator('h1').textContent(), 'Verwaltung online erledigen');
    await expectNoAxeViolations(page);
  });

  it('switches to English with the header link, remembers it, and stays axe-clean', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.goto('/');
    await page.getByRole('banner').getByRole('link', { name: 'Sprache wechseln: English' }).click();
    await page.waitForURL(/lang=en/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('h1').textContent(), 'Deal with the administration online');
    await expectNoAxeViolations(page);

    // The choice lives in a cookie, so a plain address keeps the language.
    await page.goto('/');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('banner').getByRole('link', { name: 'Change language: Deutsch' }).click();
    await page.waitForURL(/lang=de/);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
  });

  it('works with JavaScript disabled: content, links and the language switch', async () => {
    const page = await harness.newPageWithoutJavaScript();
    const response = await page.goto('/');
    assert.equal(response?.status(), 200);
    assert.equal(await page.locator('h1').textContent(), 'Verwaltung online erledigen');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Sprache wechseln: English' }).click();
    await page.waitForURL(/lang=en/);
    assert.equal(await page.locator('h1').textContent(), 'Deal with the administration online');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Data sources' }).click();
    await page.waitForURL(/\/datenquellen$/);
    assert.equal(await page.locator('h1').textContent(), 'Data sources');
  });

  it('lets a keyboard user skip to the main content (Tab, Enter)', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.goto('/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    assert.equal(focused, 'Zum Inhalt springen');
    assert.ok(await page.getByRole('link', { name: 'Zum Inhalt springen' }).isVisible(), 'the focused skip link is visible');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
  });

  it('shows an axe-clean 404 page in the same layout', async () => {
    const { page } = harness;
    const response = await page.goto('/gibt-es-nicht');
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Seite nicht gefunden');
    assert.equal(await page.getByRole('main').count(), 1);
    await expectNoAxeViolations(page);
  });
});
