import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { writeXdomeaMessage } from '../src/modules/records/xdomea/index.js';
import { createWorker } from '../src/runtime.js';
import { staffSession } from '../test/catalog/staff.js';
import { closedVorgang, useDms } from '../test/records/abgabe/helpers.js';
import { demoUnits, givePlan } from '../test/records/files/helpers.js';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

/**
 * The LfULG's records manager in Chromium without JavaScript: a hand-over to the external DMS
 * failed (the folder is missing), is delivered again from the work list, a wrong file is refused at
 * the upload field, and the DMS's 0402 completes it. Every page is axe-clean.
 */
describe('Abgabe to an external DMS in Chromium', () => {
  let harness: BrowserHarness;
  let folder: string;
  before(async () => {
    harness = await startBrowserHarness();
    folder = await mkdtemp(join(tmpdir(), 'amtsweg-abgabe-e2e-'));
  });
  after(async () => {
    await harness?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('a records manager retries a failed hand-over and imports the DMS’s confirmation', async () => {
    const runtime = harness.runtime;
    const db = runtime.ctx.db;
    const tenant = await db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow();
    const lfulg = await db.selectFrom('authorities').select(['id', 'key']).where('tenant_id', '=', tenant.id).where('key', '=', 'lfulg').executeTakeFirstOrThrow();
    if (await db.selectFrom('record_settings').select('plan_id').where('authority_id', '=', lfulg.id).executeTakeFirst())
      await db.deleteFrom('record_settings').where('authority_id', '=', lfulg.id).execute();
    const units = await givePlan(runtime, tenant.id, lfulg.id, demoUnits.geology!);
    await useDms(runtime, tenant.id, lfulg.id, join(folder, 'fehlt'));
    const { processId } = await closedVorgang(runtime, { tenantId: tenant.id, authority: lfulg, unitId: units['52.10.20']!, kennzeichen: '52.10.20' }, 'Erdwärmesonde Löbtau');
    await createWorker(runtime).runDue();
    await useDms(runtime, tenant.id, lfulg.id, folder);

    const { token } = await staffSession(runtime, tenant.id, 'recordsManager', 'Rita Registratur', lfulg.id);
    const context = await harness.newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name: sessionCookie, value: token, url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    await page.goto('/bearbeitung/abgabe');
    const failed = page.getByRole('table', { name: 'Fehlgeschlagene Abgaben' });
    assert.match((await failed.textContent()) ?? '', /Erdwärmesonde Löbtau.*ENOENT/s);
    await expectNoAxeViolations(page);

    await failed.getByRole('button', { name: /Erneut zustellen/ }).click();
    await page.waitForURL(/wiederholt=1/);
    assert.ok(await page.getByText('Die Abgabe wird erneut zugestellt.').isVisible());
    await expectNoAxeViolations(page);
    await createWorker(runtime).runDue();
    await page.goto('/bearbeitung/abgabe');
    assert.match((await page.getByRole('table', { name: 'Warten auf die Importbestätigung' }).textContent()) ?? '', /Erdwärmesonde Löbtau/);

    await page.getByLabel('XDOMEA-Nachricht 0402 oder 0403 (XML oder ZIP)').setInputFiles({ name: '0402.xml', mimeType: 'application/xml', buffer: Buffer.from('<kein-xdomea/>') });
    await page.getByRole('button', { name: 'Einlesen' }).click();
    assert.ok(await page.locator('#message-error').isVisible());
    assert.ok(await page.getByRole('heading', { name: 'Es gibt ein Problem' }).isVisible());
    await expectNoAxeViolations(page);

    const prozessId = (await db.selectFrom('record_handovers').select('id').where('process_id', '=', processId).executeTakeFirstOrThrow()).id;
    const us = { behoerdenschluessel: { code: lfulg.key } };
    const reply = writeXdomeaMessage({
      code: '0402',
      header: { prozessId, erstellungszeitpunkt: new Date(), absender: us, empfaenger: us },
      ergebnisse: [{ id: processId, erfolgreich: true, fehlermeldungen: [] }],
    });
    await page.getByLabel('XDOMEA-Nachricht 0402 oder 0403 (XML oder ZIP)').setInputFiles({ name: '0402.xml', mimeType: 'application/xml', buffer: Buffer.from(reply) });
    await page.getByRole('button', { name: 'Einlesen' }).click();
    await page.waitForURL(/ergebnis=confirmed/);
    assert.ok(await page.getByText(/Der Vorgang 52\.10\.20-\d{4}\/2026-1 ist abgegeben\./).isVisible());
    assert.equal(await page.getByRole('table').count(), 0, 'nothing left to do');
    await expectNoAxeViolations(page);
  });
});
