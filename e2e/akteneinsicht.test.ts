import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anAkte } from '../test/records/export/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { heading, press, staffSignIn, useBrowserHarness } from './helpers/journeys.js';

/** Akteneinsicht in Chromium: from the Akte page to the form; a refused form keeps its input and both pass axe. */
describe('Akteneinsicht in Chromium', () => {
  const harness = useBrowserHarness();

  it('offers the export form from the Akte page and shows what is missing', async () => {
    const akte = await anAkte(harness().runtime);
    const worker = await staffSignIn(harness(), 'sachbearbeitung.lfulg@example.org');
    await worker.goto(`/bearbeitung/akten/${akte.fileId}`);
    await worker.getByRole('link', { name: 'Akteneinsicht (PDF oder ZIP) erstellen' }).click();
    assert.match((await heading(worker)) ?? '', /^Akteneinsicht in die Akte 52\.10\.20-\d{4}\/2026$/);
    await expectNoAxeViolations(worker);
    await worker.getByLabel('Anlass').fill('Antrag vom 1. März 2026');
    await press(worker, 'Akteneinsicht erstellen');
    assert.ok(await worker.locator('#export-recipient-error').isVisible());
    assert.equal(await worker.locator('#export-purpose-error').count(), 0);
    assert.equal(await worker.getByLabel('Anlass').inputValue(), 'Antrag vom 1. März 2026');
    await expectNoAxeViolations(worker);
  });
});
