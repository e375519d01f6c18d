import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { recordBlobs } from '../src/modules/records/files/write.js';
import { readXdomeaMessage, validateXdomea, writeXdomeaMessage } from '../src/modules/records/xdomea/index.js';
import { createWorker } from '../src/runtime.js';
import { staffSession } from '../test/catalog/staff.js';
import { submitNotification } from '../test/cases/helpers.js';
import { closedAkte } from '../test/records/aussonderung/helpers.js';
import { demoUnits, givePlan } from '../test/records/files/helpers.js';
import { expectNoAxeViolations, type BrowserHarness } from './helpers/browser.js';
import { decideDrillingNotification, demoCitizen, heading, press, staffSignIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * The Aussonderung end to end (issue #12 item 11): a Bohranzeige is submitted and decided, its
 * Vorgang with every document is in its Akte under 52.10.20; 31 years later the records manager
 * offers the Akte on the page, downloads the 0501, uploads the archive's 0502 (built from that
 * 0501), downloads the 0505 receipt and the 0503 ZIP, uploads the 0506 — and the Akte is gone but
 * for the Löschprotokoll, its blobs with it. A second Akte the archive declines (V) is destroyed
 * with four eyes. Every page visited passes axe.
 */

const archive = { behoerdenschluessel: { code: 'SStA' }, institution: 'Sächsisches Staatsarchiv' };

/** A records manager of the LfULG in a context without JavaScript (the pages need none). */
async function recordsManager(harness: BrowserHarness, tenantId: string, authorityId: string, name: string): Promise<Page> {
  const { token } = await staffSession(harness.runtime, tenantId, 'recordsManager', name, authorityId);
  const context = await harness.newContext({ javaScriptEnabled: false, acceptDownloads: true });
  await context.addCookies([{ name: sessionCookie, value: token, url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  return context.newPage();
}

/** Clicks a download link and returns what arrived. */
async function download(page: Page, href: RegExp): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href$="${href.source}"]`).first().click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

/** The button of a row's form: its label, then (for screen readers) the object it acts on. */
const rowButton = (label: string, object: string) => new RegExp(`^${label}\\W+${object.replace(/[./]/g, '\\$&')}$`);

/** Uploads an archive message with the page's form. */
async function upload(page: Page, name: string, xml: string): Promise<void> {
  await page.getByLabel('XDOMEA-Nachricht (XML oder ZIP)').setInputFiles({ name, mimeType: 'application/xml', buffer: Buffer.from(xml) });
  await press(page, 'Einlesen');
}

describe('Aussonderung journey in Chromium', () => {
  const harness = useBrowserHarness();

  it('offers a decided Bohranzeige’s Akte to the archive after its retention, hands it over and deletes it; destroys a declined Akte with four eyes', async () => {
    const { runtime } = harness();
    const db = runtime.ctx.db;
    const erika = await demoCitizen(runtime);
    const tenantId = erika.tenantId;
    const lfulg = await db.selectFrom('authorities').select(['id', 'key']).where('tenant_id', '=', tenantId).where('key', '=', 'lfulg').executeTakeFirstOrThrow();
    if (!(await db.selectFrom('record_settings').select('plan_id').where('authority_id', '=', lfulg.id).executeTakeFirst()))
      await givePlan(runtime, tenantId, lfulg.id, demoUnits.geology!);
    const unit = await db
      .selectFrom('record_plan_units as u')
      .innerJoin('record_settings as s', 's.plan_id', 'u.plan_id')
      .select('u.id')
      .where('s.authority_id', '=', lfulg.id)
      .where('u.kennzeichen', '=', '52.10.20')
      .executeTakeFirstOrThrow();

    // Submitted and decided (four eyes), filed as it happens.
    const applicationId = await submitNotification(runtime, erika);
    const reference = (await db.selectFrom('applications').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference!;
    const worker = await staffSignIn(harness(), 'sachbearbeitung.lfulg@example.org');
    await worker.goto('/bearbeitung');
    await worker.getByRole('link', { name: reference }).click();
    await press(worker, 'Vorgang übernehmen');
    await decideDrillingNotification(harness(), worker, reference);

    // The Vorgang with all its documents is in its Akte under 52.10.20, closed (zdA) with the case.
    await worker.reload();
    await worker.getByRole('link', { name: 'Vorgang in der E-Akte öffnen' }).click();
    const aktenzeichen = /^Akte (52\.10\.20-\d{4}\/2026)$/.exec((await heading(worker)) ?? '')?.[1];
    assert.ok(aktenzeichen, 'the Akte page names the Akte');
    const akteId = new URL(worker.url()).pathname.split('/').pop()!;
    assert.ok(await worker.getByText('E-Akte · 52.10.20 Bohranzeigen').isVisible());
    assert.ok(
      await worker.getByRole('heading', { level: 3, name: new RegExp(`${aktenzeichen.replace(/[./]/g, '\\$&')}-1: .*${reference}`) }).isVisible(),
      'the case’s Vorgang is the Akte’s first',
    );
    const kinds = await worker.locator('table tbody tr td:nth-child(3)').allTextContents();
    for (const kind of ['Antrag (Eingang)', 'Anlage (Eingang)', 'Nachricht (Ausgang)', 'Bescheid (Ausgang)']) assert.ok(kinds.includes(kind), `${kind} in ${kinds.join('; ')}`);
    assert.ok(
      await worker
        .getByText(/zu den Akten \(zdA\) am/)
        .first()
        .isVisible(),
    );
    await expectNoAxeViolations(worker);
    const versions = await db
      .selectFrom('record_document_versions as v')
      .innerJoin('record_documents as d', 'd.id', 'v.document_id')
      .select('v.sha256')
      .where('d.file_id', '=', akteId)
      .execute();
    assert.ok(versions.length >= 4);

    // An older Akte of the same unit that the archive will decline.
    const declined = await closedAkte(runtime, { tenantId, authority: lfulg, unitId: unit.id, kennzeichen: '52.10.20' }, 'Brunnen Plauen');
    const declinedNumber = (await db.selectFrom('record_files').select('aktenzeichen').where('id', '=', declined.id).executeTakeFirstOrThrow()).aktenzeichen;

    // 30 years on (retention ends 31.12.2056): both are due.
    runtime.clock.set(new Date('2057-01-05T09:00:00Z'));
    const rita = await recordsManager(harness(), tenantId, lfulg.id, 'Rita Registratur');
    await rita.goto('/bearbeitung/aussonderung');
    assert.equal(await heading(rita), 'Aussonderung');
    await expectNoAxeViolations(rita);
    await press(rita, 'Ausgewählte Akten dem Archiv anbieten (0501)');
    assert.ok(await rita.getByRole('link', { name: 'Bitte wählen Sie mindestens eine Akte aus.' }).isVisible(), 'nothing chosen: the error summary names it');
    await expectNoAxeViolations(rita);
    await rita.getByLabel(`Akte ${aktenzeichen} anbieten`).check();
    await rita.getByLabel(`Akte ${declinedNumber} anbieten`).check();
    await press(rita, 'Ausgewählte Akten dem Archiv anbieten (0501)');
    assert.ok(await rita.getByText('Die Akten wurden dem Archiv angeboten.').isVisible());
    await expectNoAxeViolations(rita);

    // The 0501 as sent; the archive answers with a 0502 built from it (A for the Bohranzeige, V for the other) and asks for a receipt.
    const offer = await download(rita, /\/0501/);
    const anbieteverzeichnis = await readXdomeaMessage(offer.bytes, { accept: ['0501'] });
    assert.deepEqual(anbieteverzeichnis.objekte.map((o) => o.id).sort(), [akteId, declined.id].sort());
    const header = {
      prozessId: anbieteverzeichnis.header.prozessId,
      erstellungszeitpunkt: runtime.ctx.clock.now(),
      absender: archive,
      empfaenger: anbieteverzeichnis.header.absender,
    };
    const bewertungen = anbieteverzeichnis.objekte.map((o) => ({ id: o.id, aussonderungsart: o.id === akteId ? ('A' as const) : ('V' as const) }));
    await upload(rita, '0502.xml', writeXdomeaMessage({ code: '0502', header, bewertungen, empfangsbestaetigung: true }));
    assert.ok(await rita.getByText('Die Nachricht 0502 wurde eingelesen').isVisible());
    await expectNoAxeViolations(rita);
    const receipt = await download(rita, /\/0505/);
    assert.equal((await validateXdomea(receipt.bytes.toString('utf8'))).valid, true);
    assert.equal((await readXdomeaMessage(receipt.bytes, { accept: ['0505'] })).header.prozessId, header.prozessId);

    // The 0503 ZIP with the A Akte and its primary files; the archive confirms it with a 0506.
    const zip = await download(rita, /\/0503/);
    assert.match(zip.name, /\.zip$/);
    const aussonderung = await readXdomeaMessage(zip.bytes, { accept: ['0503'] });
    assert.deepEqual(
      aussonderung.objekte.map((o) => o.id),
      [akteId],
    );
    await upload(
      rita,
      '0506.xml',
      writeXdomeaMessage({
        code: '0506',
        header: { ...header, erstellungszeitpunkt: runtime.ctx.clock.now() },
        ergebnisse: [{ id: akteId, erfolgreich: true, fehlermeldungen: [], archivkennung: 'StA-DD 10001/2057' }],
      }),
    );
    assert.ok(await rita.getByText('Die Nachricht 0506 wurde eingelesen; gelöschte Akten: 1.').isVisible());
    const log = rita.locator('section', { has: rita.getByRole('heading', { name: 'Löschprotokoll' }) });
    assert.ok(await log.getByRole('cell', { name: aktenzeichen, exact: true }).isVisible(), 'the Löschprotokoll shows the Akte');
    assert.ok(await log.getByText('StA-DD 10001/2057').first().isVisible());
    await expectNoAxeViolations(rita);
    assert.equal((await rita.goto(`/bearbeitung/akten/${akteId}`))!.status(), 404, 'the Akte is gone');
    await createWorker(runtime).runDue();
    const blobs = recordBlobs(runtime.ctx);
    const remaining = [];
    for (const { sha256 } of versions) if (await blobs.exists(sha256)) remaining.push(sha256);
    assert.ok(remaining.length < versions.length, 'the blobs only the Akte held are deleted');
    for (const sha256 of remaining) {
      const holders = await Promise.all([
        db.selectFrom('application_attachments').select('id').where('sha256', '=', sha256).executeTakeFirst(),
        db.selectFrom('applications').select('id').where('receipt_sha256', '=', sha256).executeTakeFirst(),
        db.selectFrom('case_documents').select('id').where('pdf_sha256', '=', sha256).executeTakeFirst(),
      ]);
      assert.ok(holders.some(Boolean), `blob ${sha256} stays only while the application or the case still holds it`);
    }

    // V: Rita asks, may not approve her own request; Rolf approves and the Akte is gone.
    await rita.goto('/bearbeitung/aussonderung');
    await press(rita, rowButton('Vernichtung beantragen', declinedNumber));
    assert.ok(await rita.getByText('Vernichtung beantragt von Rita Registratur').isVisible());
    await press(rita, rowButton('Vernichtung freigeben', declinedNumber));
    assert.ok(
      await rita
        .locator('.aw-error-summary')
        .getByText(/Vier-Augen-Prinzip/)
        .isVisible(),
    );
    await expectNoAxeViolations(rita);
    const rolf = await recordsManager(harness(), tenantId, lfulg.id, 'Rolf Registratur');
    await rolf.goto('/bearbeitung/aussonderung');
    await press(rolf, rowButton('Vernichtung freigeben', declinedNumber));
    assert.ok(await rolf.getByText('Die Vernichtung wurde freigegeben; die Akte ist gelöscht.').isVisible());
    const deleted = rolf.getByRole('row').filter({ has: rolf.getByRole('cell', { name: declinedNumber, exact: true }) });
    assert.match((await deleted.textContent()) ?? '', /Brunnen Plauen.*Rita Registratur \/ Rolf Registratur.*vernichtet/, 'the Löschprotokoll names both pairs of eyes');
    await expectNoAxeViolations(rolf);
    assert.equal(await db.selectFrom('record_files').select('id').where('id', 'in', [akteId, declined.id]).executeTakeFirst(), undefined);
  });
});
