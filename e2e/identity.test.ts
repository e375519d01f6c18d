import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { demoPassword } from '../src/modules/identity/seed.js';
import { deliverOutbox } from '../test/identity/helpers.js';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

describe('identity journeys in Chromium', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });

  const newPage = async (javaScript = true): Promise<Page> => {
    const page = javaScript ? await (await harness.newContext()).newPage() : await harness.newPageWithoutJavaScript();
    return page;
  };
  const heading = (page: Page) => page.locator('h1').textContent();

  it('registers, confirms the address from the mail in /dev/mail, signs in and out (without JavaScript)', async () => {
    const page = await newPage(false);
    await page.goto('/');
    await page.getByRole('banner').getByRole('link', { name: 'Anmelden' }).click();
    assert.equal(await heading(page), 'Anmelden');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Noch kein Konto? Jetzt registrieren' }).click();
    assert.equal(await heading(page), 'Registrieren');
    await expectNoAxeViolations(page);

    // First with a common password: the message stands next to the field and in the summary.
    await page.getByLabel('Vorname').fill('Clara');
    await page.getByLabel('Nachname').fill('Browser');
    await page.getByLabel('E-Mail-Adresse').fill('clara@example.org');
    await page.getByLabel('Neues Passwort').fill('qwerty123456');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    assert.ok(
      await page
        .getByRole('alert')
        .getByRole('link', { name: /sehr verbreitet/ })
        .isVisible(),
    );
    await expectNoAxeViolations(page);
    await page.getByLabel('Neues Passwort').fill('Clara liest gern im Park');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    assert.equal(await heading(page), 'Bitte prüfen Sie Ihr E-Mail-Postfach');
    await expectNoAxeViolations(page);

    await deliverOutbox(harness.runtime);
    await page.goto('/dev/mail');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Bitte bestätigen Sie Ihre E-Mail-Adresse' }).click();
    await expectNoAxeViolations(page);
    const link = await page.locator('main pre a').getAttribute('href');
    assert.ok(link);
    await page.goto(new URL(link).pathname + new URL(link).search);
    assert.equal(await heading(page), 'E-Mail-Adresse bestätigen');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'E-Mail-Adresse bestätigen' }).click();
    assert.equal(await heading(page), 'E-Mail-Adresse bestätigt');
    await page.getByRole('link', { name: 'Zur Anmeldung' }).click();

    await page.getByLabel('E-Mail-Adresse').fill('clara@example.org');
    await page.getByLabel('Passwort').fill('Clara liest gern im Park');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    assert.equal(await heading(page), 'Mein Konto');
    assert.ok(await page.getByRole('banner').getByText('Clara Browser').isVisible());
    await expectNoAxeViolations(page);
    await page.getByRole('banner').getByRole('button', { name: 'Abmelden' }).click();
    assert.ok(await page.getByRole('banner').getByRole('link', { name: 'Anmelden' }).isVisible());
  });

  it('signs in with the demo identity provider at substanziell', async () => {
    const page = await newPage();
    await page.goto('/anmelden');
    await page.getByRole('link', { name: /Demo-Identitätsdienst/ }).click();
    assert.equal(await heading(page), 'Demo-Identitätsdienst');
    await expectNoAxeViolations(page);
    await page.getByLabel('Erika Mustermann (Privatperson)').check();
    await page.getByLabel('Vertrauensniveau substanziell').check();
    await page.getByRole('button', { name: 'Als Demo-Person anmelden' }).click();
    assert.equal(await heading(page), 'Mein Konto');
    assert.match((await page.locator('main p').first().textContent()) ?? '', /Erika Mustermann .*Vertrauensniveau substanziell/);
  });

  it('staff sign in with password and a TOTP code, set up at the first login', async () => {
    const page = await newPage();
    await page.goto('/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill('teamleitung.oba@example.org');
    await page.getByLabel('Passwort').fill(demoPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    assert.equal(await heading(page), 'Zweiten Faktor einrichten');
    await expectNoAxeViolations(page);
    const secret = (await page.locator('#totp-secret').textContent())!;
    const code = () => generate({ secret, epoch: Math.floor(harness.runtime.clock.now().getTime() / 1000) });
    await page.getByLabel('Code aus der App').fill('123456');
    await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();
    assert.ok(
      await page
        .getByRole('alert')
        .getByText(/nicht richtig oder abgelaufen/)
        .isVisible(),
    );
    await expectNoAxeViolations(page);
    await page.getByLabel('Code aus der App').fill(await code());
    await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();
    assert.equal(await heading(page), 'Ihre Wiederherstellungscodes');
    assert.equal(await page.locator('#recovery-codes li').count(), 10);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Weiter' }).click();
    assert.equal(await heading(page), 'Posteingang', 'staff land on their inbox');

    // The next login asks for the code.
    await page.getByRole('banner').getByRole('button', { name: 'Abmelden' }).click();
    harness.runtime.clock.advance(60_000);
    await page.goto('/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill('teamleitung.oba@example.org');
    await page.getByLabel('Passwort').fill(demoPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    assert.equal(await heading(page), 'Bestätigungscode eingeben');
    await expectNoAxeViolations(page);
    await page.getByLabel('Code', { exact: true }).fill(await code());
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    assert.equal(await heading(page), 'Posteingang');
  });

  it('locks an account after ten wrong passwords and says so', async () => {
    const page = await newPage();
    for (let attempt = 1; attempt <= 10; attempt++) {
      harness.runtime.clock.advance(61_000); // past the growing delay
      await page.goto('/anmelden');
      await page.getByLabel('E-Mail-Adresse').fill('erika.mustermann@example.org');
      await page.getByLabel('Passwort').fill(`falsch-${attempt}-falsch-falsch`);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      assert.ok(await page.getByText('E-Mail-Adresse oder Passwort sind nicht richtig.').isVisible(), `attempt ${attempt}`);
    }
    await page.getByLabel('Passwort').fill(demoPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    assert.ok(await page.getByText(/Die Anmeldung ist für 15 Minuten gesperrt/).isVisible());
    await expectNoAxeViolations(page);
  });
});
