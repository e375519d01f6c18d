import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorker } from '../src/runtime.js';
import { submitNotification } from '../test/cases/helpers.js';
import { demoUnits, givePlan } from '../test/records/files/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, heading, press, staffSignIn, useBrowserHarness } from './helpers/journeys.js';

/** The records search in Chromium: a filed Bohranzeige is found by a stemmed word of its receipt, refused input is shown at its field; both pages pass axe. */
describe('records search in Chromium', () => {
  const harness = useBrowserHarness();

  it('finds a filed application by a word of its text and opens its Akte', async () => {
    const { runtime } = harness();
    const erika = await demoCitizen(runtime);
    const lfulg = await runtime.ctx.db.selectFrom('authorities').select('id').where('tenant_id', '=', erika.tenantId).where('key', '=', 'lfulg').executeTakeFirstOrThrow();
    const settings = await runtime.ctx.db.selectFrom('record_settings').select('plan_id').where('authority_id', '=', lfulg.id).executeTakeFirst();
    if (!settings) await givePlan(runtime, erika.tenantId, lfulg.id, demoUnits.geology!);
    await submitNotification(runtime, erika);
    await createWorker(runtime).runDue();

    const worker = await staffSignIn(harness(), 'sachbearbeitung.lfulg@example.org');
    await worker.goto('/bearbeitung/akten/suche');
    await worker.getByLabel('Dokumentdatum von').fill('gestern');
    await press(worker, 'Suchen');
    assert.ok(await worker.locator('#von-error').isVisible());
    await expectNoAxeViolations(worker);

    await worker.getByLabel('Dokumentdatum von').fill('');
    await worker.getByLabel('Suchbegriffe').fill('Eingangsbestätigungen');
    await worker.getByLabel('Dokumenttyp').selectOption('antrag');
    await press(worker, 'Suchen');
    const link = worker.locator('table tbody tr a').first();
    assert.match((await link.textContent()) ?? '', /^52\.10\.20-\d{4}\/2026-1$/);
    await expectNoAxeViolations(worker);
    await link.click();
    assert.match((await heading(worker)) ?? '', /^Akte 52\.10\.20-\d{4}\/2026$/);
  });
});
