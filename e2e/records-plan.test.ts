import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { seedDemoRecordPlans } from '../src/modules/records/plan/index.js';
import { staffSession } from '../test/catalog/staff.js';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

/**
 * The LfULG's records manager keeps the Aktenplan in Chromium without JavaScript: browses the demo
 * plan, adds a unit (after a refused first try), retires one, reads the history, sets the records
 * settings and is refused a faulty CSV file line by line. Every page is axe-clean.
 */
describe('Aktenplan administration in Chromium', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
    await seedDemoRecordPlans(harness.runtime.ctx);
  });
  after(async () => {
    await harness?.close();
  });

  it('a records manager browses, extends and retires units, reads the history and sets the settings', async () => {
    const db = harness.runtime.ctx.db;
    const tenant = await db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow();
    const lfulg = await db.selectFrom('authorities').select('id').where('tenant_id', '=', tenant.id).where('key', '=', 'lfulg').executeTakeFirstOrThrow();
    const { token } = await staffSession(harness.runtime, tenant.id, 'recordsManager', 'Rita Registratur', lfulg.id);
    const context = await harness.newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name: sessionCookie, value: token, url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();

    await page.goto('/konto');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Aktenplan' }).click();
    await page.waitForURL(/\/verwaltung\/aktenplan$/);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Aktenplan des LfULG (Demo)' }).click();
    await page.waitForURL(/\/verwaltung\/aktenplan\/[^/]+$/);
    assert.ok(await page.getByText('Anzeigen geologischer Untersuchungen (§ 8 GeolDG)').isVisible());
    await expectNoAxeViolations(page);
    const planUrl = page.url();

    // A new unit: first without a title and with a bad retention, then right.
    await page.getByRole('link', { name: 'Neue Einheit anlegen' }).click();
    await page.getByLabel('Kennzeichen').fill('52.10.40');
    await page.getByLabel('Übergeordnete Einheit').selectOption({ label: '52.10 Geologische Untersuchungen Dritter (Geologiedatengesetz)' });
    await page.getByLabel('Aufbewahrungsfrist').fill('ewig');
    await page.getByRole('button', { name: 'Einheit anlegen' }).click();
    assert.ok(await page.getByRole('heading', { name: 'Es gibt ein Problem' }).isVisible());
    assert.ok(await page.getByRole('link', { name: 'Geben Sie den Titel ein.' }).isVisible());
    await expectNoAxeViolations(page);
    await page.getByLabel('Titel', { exact: true }).fill('Geothermische Untersuchungen');
    await page.getByLabel('Aufbewahrungsfrist').fill('30');
    await page.getByLabel('B – bewerten').check();
    await page.getByLabel('Eine Akte je Standort').check();
    await page.getByRole('button', { name: 'Einheit anlegen' }).click();
    await page.waitForURL(/hinweis=angelegt/);
    assert.ok(await page.getByText('Die Einheit wurde angelegt.').isVisible());
    assert.ok(await page.getByText('Geothermische Untersuchungen').isVisible());
    await expectNoAxeViolations(page);

    // Retire the general-enquiries unit with a reason.
    await page.getByRole('link', { name: 'Bearbeiten 52.10.10' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Grund der Stilllegung').fill('Auskünfte laufen über das Servicekonto');
    await page.getByRole('button', { name: 'Einheit stilllegen' }).click();
    await page.waitForURL(/hinweis=stillgelegt/);

    await page.getByRole('link', { name: 'Änderungshistorie' }).click();
    assert.ok(await page.getByRole('cell', { name: 'Auskünfte laufen über das Servicekonto' }).isVisible());
    assert.ok(await page.getByRole('cell', { name: 'Rita Registratur' }).first().isVisible());
    await expectNoAxeViolations(page);

    // A faulty file is refused as a whole, each line named.
    await page.goto(planUrl);
    await page.getByLabel('Datei (CSV oder XDOMEA 0301)').setInputFiles({
      name: 'plan.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'kennzeichen;uebergeordnet;titel;aufbewahrung_jahre;aussonderungsart;aktenbildung;gueltig_ab;gueltig_bis;stillgelegt\n52.40;52;Bodenkunde;10;X;case;;;nein\n',
      ),
    });
    await page.getByLabel('Grund der Änderung').fill('Ergänzung Bodenkunde');
    await page.getByRole('button', { name: 'Datei prüfen und importieren' }).click();
    assert.ok(await page.getByRole('link', { name: /^Zeile 2, Spalte aussonderungsart:/ }).isVisible());
    await expectNoAxeViolations(page);

    // The records settings of the LfULG.
    await page.goto('/verwaltung/aktenplan');
    await page.getByRole('link', { name: /E-Akte: Sächsisches Landesamt für Umwelt/ }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('In einem anderen DMS (Abgabe als XDOMEA 0401)').check();
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    assert.ok(await page.getByRole('link', { name: /absoluten Ordnerpfad/ }).isVisible());
    await expectNoAxeViolations(page);
    await page.getByLabel('Ziel der Abgabe').fill('https://eakte.sachsen.example/xdomea/eingang');
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    await page.waitForURL(/gespeichert=1/);
    assert.ok(await page.getByText('Die Einstellungen wurden gespeichert.').isVisible());
    await expectNoAxeViolations(page);
  });
});
