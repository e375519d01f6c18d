import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

/** The LeiKa skeleton in the portal: a search finds an information-only entry, whose page says so; axe-clean. */
describe('LeiKa entries in the Leistungsportal, in Chromium', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness({ env: { LEIKA_CATALOG: 'true' } });
  });
  after(async () => {
    await harness?.close();
  });

  it('finds an entry by its name, marks it "Nur Information" and shows its legal bases and Typisierung', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.goto('/suche');
    await page.getByLabel('Suchbegriff').fill('Altpapier Entsorgung');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/\/suche\?q=/);
    const hit = page
      .getByRole('main')
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'Altpapier Entsorgung' }) });
    assert.match(await hit.innerText(), /Nur Information/);
    await expectNoAxeViolations(page);

    await hit.getByRole('link', { name: 'Altpapier Entsorgung' }).click();
    await page.waitForURL(/\/leistungen\/99001002004000$/);
    assert.match(await page.getByRole('note').innerText(), /Nur Information[\s\S]*nicht online beantragen/);
    assert.ok(await page.getByRole('link', { name: 'Kreislaufwirtschaftsgesetz (KrWG)' }).isVisible());
    assert.match(await page.getByRole('region', { name: 'Angaben zur Leistung' }).innerText(), /2\/3 – Bund regelt, Land oder Kommune vollzieht/);
    assert.equal(await page.getByRole('link', { name: 'Online beantragen' }).count(), 0);
    await expectNoAxeViolations(page);
  });

  it('shows the Bohranzeige with its OZG-ID instead of a LeiKa key', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.goto('/leistungen/99042004006000');
    await expectNoAxeViolations(page);
    await page.goto('/leistungen/bohranzeige');
    const facts = await page.getByRole('region', { name: 'Angaben zur Leistung' }).innerText();
    assert.match(facts, /Keiner: Die Leistung steht nicht im Leistungskatalog \(LeiKa\)/);
    assert.match(facts, /10502/);
    await expectNoAxeViolations(page);
  });
});
