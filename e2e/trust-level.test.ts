import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from './helpers/browser.js';
import { follow, heading, press, signIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * The trust level a company needs (issue #15, item 3): someone who acts for a drilling company
 * with a password account is told on the procedure's page that a company needs "substanziell",
 * the step-up page names that level (not the one they have), and after identifying at that level
 * they start the application where they were. Without JavaScript, every page axe-clean.
 */
describe('the trust level a company needs, in Chromium', () => {
  const harness = useBrowserHarness();

  const mainText = (page: Page) => page.getByRole('main').innerText();

  it('names substanziell on the procedure page and the step-up page, then lets the company start', async () => {
    const page = await harness().newPageWithoutJavaScript();
    await page.goto('/anmelden');
    await signIn(page, 'max.bohrer@example.org');
    assert.equal(await heading(page), 'Mein Konto');
    await page.getByLabel('Bohrtechnik Erzgebirge GmbH').check();
    await press(page, 'Auswahl übernehmen');

    await page.goto('/leistungen/bohranzeige');
    await follow(page.getByRole('link', { name: 'Online beantragen' }));
    const start = await mainText(page);
    assert.match(start, /Anmeldung\s+Als Privatperson: Basisregistrierung \(Benutzername und Passwort\)\. Für ein Unternehmen: substanziell \(z\. B\. ELSTER-Zertifikat\)\./);
    assert.match(start, /Für diesen Antrag müssen Sie sich mit dem Vertrauensniveau substanziell \(z\. B\. ELSTER-Zertifikat\) ausweisen\./);
    assert.equal(await page.getByRole('button', { name: 'Antrag beginnen' }).count(), 0, 'no start before the step-up');
    await expectNoAxeViolations(page);

    await follow(page.getByRole('link', { name: 'Jetzt ausweisen' }));
    assert.equal(await heading(page), 'Höheres Vertrauensniveau nötig');
    const stepUp = await mainText(page);
    assert.match(stepUp, /Für diesen Schritt müssen Sie sich mit dem Vertrauensniveau substanziell anmelden\./, 'the level needed');
    assert.match(stepUp, /Sie sind zurzeit angemeldet mit: Basisregistrierung\./, 'the level they have, told apart');
    await expectNoAxeViolations(page);

    // The same in English.
    await page.goto(`${new URL(page.url()).pathname}${new URL(page.url()).search}&lang=en`);
    assert.equal(await heading(page), 'A higher trust level is needed');
    assert.match(await mainText(page), /you need to sign in with the trust level substantial\./);
    await expectNoAxeViolations(page);
    await page.goto(`${new URL(page.url()).pathname}${new URL(page.url()).search.replace('lang=en', 'lang=de')}`);

    // Identifying at substanziell (the demo identity provider) leads back to the procedure, now open to start.
    await follow(page.getByRole('link', { name: /Demo-Identitätsdienst/ }));
    assert.equal(await heading(page), 'Demo-Identitätsdienst');
    await page.getByLabel('Max Bohrer für die Bohrtechnik Erzgebirge GmbH (Organisation)').check();
    await page.getByLabel('Vertrauensniveau substanziell').check();
    await press(page, 'Als Demo-Person anmelden');
    assert.equal(new URL(page.url()).pathname, '/antrag/bohranzeige', 'back where the step-up started');
    assert.doesNotMatch(await mainText(page), /Höheres Vertrauensniveau nötig/);
    await press(page, 'Antrag beginnen');
    assert.match(new URL(page.url()).pathname, /^\/antraege\/[^/]+\/seite\//, 'the first page of the application');
    await expectNoAxeViolations(page);
  });
});
