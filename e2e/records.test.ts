import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorker } from '../src/runtime.js';
import { submitNotification } from '../test/cases/helpers.js';
import { demoUnits, givePlan } from '../test/records/files/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { decideDrillingNotification, demoCitizen, heading, press, staffSignIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * The E-Akte end to end: a drilling notification is submitted and decided (with four eyes); its
 * Vorgang with the application, its attachment, the Postfach messages and the Bescheid is in an
 * Akte under 52.10.20 at the LfULG, reached from the case page; the Akte page passes axe.
 */
describe('E-Akte journey in Chromium', () => {
  const harness = useBrowserHarness();

  it('files a decided Bohranzeige into its Akte under 52.10.20 and shows it', async () => {
    const { runtime } = harness();
    const erika = await demoCitizen(runtime);
    const lfulg = await runtime.ctx.db.selectFrom('authorities').select('id').where('tenant_id', '=', erika.tenantId).where('key', '=', 'lfulg').executeTakeFirstOrThrow();
    // The demo Aktenplan is another part's (data/records); here the LfULG gets its units directly.
    const settings = await runtime.ctx.db.selectFrom('record_settings').select('plan_id').where('authority_id', '=', lfulg.id).executeTakeFirst();
    if (!settings) await givePlan(runtime, erika.tenantId, lfulg.id, demoUnits.geology!);
    const applicationId = await submitNotification(runtime, erika);
    const reference = (await runtime.ctx.db.selectFrom('applications').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference!;

    const worker = await staffSignIn(harness(), 'sachbearbeitung.lfulg@example.org');
    await worker.goto('/bearbeitung');
    await worker.getByRole('link', { name: reference }).click();
    await press(worker, 'Vorgang übernehmen');

    // Filed as soon as the case opened: the worker adds a document to the open Vorgang by upload
    await createWorker(runtime).runDue();
    await worker.getByRole('link', { name: 'Vorgang in der E-Akte öffnen' }).click();
    assert.match((await heading(worker)) ?? '', /^Akte 52\.10\.20-\d{4}\/2026$/);
    await worker.getByText('Vermerk schreiben, Vorgang verschieben oder schließen').click();
    await expectNoAxeViolations(worker);
    await press(worker, 'Dokument zur Akte nehmen');
    assert.ok(await worker.locator('.aw-error-summary').isVisible(), 'an empty upload is refused with the error summary');
    await expectNoAxeViolations(worker);
    await worker.getByText('Vermerk schreiben, Vorgang verschieben oder schließen').click();
    await worker.getByLabel('Titel des Dokuments').fill('Aktennotiz Ortstermin');
    await worker
      .getByLabel('Datei', { exact: true })
      .setInputFiles({ name: 'ortstermin.txt', mimeType: 'text/plain', buffer: Buffer.from('Ortstermin am Bohrplatz, keine Auffälligkeiten.') });
    await press(worker, 'Dokument zur Akte nehmen');
    assert.ok(await worker.getByText('Aktennotiz Ortstermin').isVisible());
    await worker.getByRole('link', { name: 'Zum Fall in der Vorgangsbearbeitung' }).click();
    await decideDrillingNotification(harness(), worker, reference);

    await worker.reload();
    await worker.getByRole('link', { name: 'Vorgang in der E-Akte öffnen' }).click();
    assert.match((await heading(worker)) ?? '', /^Akte 52\.10\.20-\d{4}\/2026$/);
    assert.ok(await worker.getByText('E-Akte · 52.10.20 Bohranzeigen').isVisible());
    const rows = worker.locator('table tbody tr');
    const kinds = await rows.locator('td:nth-child(3)').allTextContents();
    assert.ok(kinds.includes('Antrag (Eingang)'), kinds.join('; '));
    assert.ok(kinds.includes('Anlage (Eingang)'));
    assert.ok(kinds.includes('Nachricht (Ausgang)'));
    assert.ok(kinds.includes('Bescheid (Ausgang)'));
    assert.ok(kinds.includes('Hochgeladenes Dokument (Eingang)'));
    assert.ok(
      await worker
        .getByText(/zu den Akten \(zdA\) am/)
        .first()
        .isVisible(),
    );
    await expectNoAxeViolations(worker);
  });
});
