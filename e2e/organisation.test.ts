import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoPassword } from '../src/modules/identity/seed.js';
import { deliverOutbox } from '../test/identity/helpers.js';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

describe('organisation members in Chromium', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });

  const heading = (page: Page) => page.locator('h1').textContent();
  const signIn = async (page: Page, email: string) => {
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(demoPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
  };

  it('an administrator invites a person by mail; she accepts after signing in and acts for the organisation (without JavaScript)', async () => {
    const admin = await harness.newPageWithoutJavaScript();
    await admin.goto('/anmelden');
    await signIn(admin, 'max.bohrer@example.org');
    assert.equal(await heading(admin), 'Mein Konto');
    await admin.getByRole('link', { name: 'Mitglieder von Bohrtechnik Erzgebirge GmbH' }).click();
    assert.equal(await heading(admin), 'Mitglieder von Bohrtechnik Erzgebirge GmbH');
    assert.ok(await admin.getByRole('cell', { name: /Max Bohrer \(Sie\)/ }).isVisible());
    await expectNoAxeViolations(admin);

    // A wrong address first: the message stands next to the field and in the summary.
    await admin.getByLabel('E-Mail-Adresse').fill('erika.mustermann');
    await admin.getByRole('button', { name: 'Einladung senden' }).click();
    assert.ok(
      await admin
        .getByRole('alert')
        .getByRole('link', { name: /E-Mail-Adresse wie/ })
        .isVisible(),
    );
    await expectNoAxeViolations(admin);
    await admin.getByLabel('E-Mail-Adresse').fill('erika.mustermann@example.org');
    await admin.getByRole('radio', { name: 'Mitglied', exact: true }).check();
    await admin.getByRole('button', { name: 'Einladung senden' }).click();
    assert.ok(await admin.getByText('Die Einladung ist unterwegs.').isVisible());
    assert.ok(await admin.getByRole('cell', { name: 'erika.mustermann@example.org', exact: true }).isVisible(), 'listed as open invitation');
    await expectNoAxeViolations(admin);

    await deliverOutbox(harness.runtime);
    const invitee = await harness.newPageWithoutJavaScript();
    await invitee.goto('/dev/mail');
    await invitee.getByRole('link', { name: 'Einladung: für Bohrtechnik Erzgebirge GmbH handeln' }).click();
    const link = await invitee.locator('main pre a').getAttribute('href');
    assert.ok(link);
    await invitee.goto(new URL(link).pathname + new URL(link).search);
    assert.equal(await heading(invitee), 'Einladung in eine Organisation');
    assert.ok(await invitee.getByText(/für Bohrtechnik Erzgebirge GmbH zu handeln \(Rolle: Mitglied\)/).isVisible());
    await expectNoAxeViolations(invitee);
    await invitee.getByRole('link', { name: 'Anmelden und Einladung annehmen' }).click();
    await signIn(invitee, 'erika.mustermann@example.org');
    assert.equal(await heading(invitee), 'Einladung in eine Organisation', 'back at the invitation after signing in');
    await expectNoAxeViolations(invitee);
    await invitee.getByRole('button', { name: 'Einladung annehmen' }).click();
    assert.equal(await heading(invitee), 'Mein Konto');
    assert.ok(await invitee.getByText(/Sie sind jetzt Mitglied der Organisation/).isVisible());
    await expectNoAxeViolations(invitee);

    await invitee.getByLabel('Bohrtechnik Erzgebirge GmbH').check();
    await invitee.getByRole('button', { name: 'Auswahl übernehmen' }).click();
    assert.ok(await invitee.getByRole('banner').getByText('Erika Mustermann (Bohrtechnik Erzgebirge GmbH)').isVisible());
    // The link worked once.
    await invitee.goto(new URL(link).pathname + new URL(link).search);
    assert.equal(await heading(invitee), 'Dieser Link funktioniert nicht mehr');

    // The administrator sees the new member and may make her an administrator.
    await admin.reload();
    assert.ok(await admin.getByRole('cell', { name: 'Erika Mustermann', exact: true }).isVisible());
    await admin.getByRole('button', { name: /Zur Administration machen.*Erika Mustermann/ }).click();
    assert.ok(await admin.getByText('Die Rolle wurde geändert.').isVisible());
    await expectNoAxeViolations(admin);
  });
});
