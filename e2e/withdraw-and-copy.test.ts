import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, follow, heading, press, signIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * What applicants expect besides (issue #15, item 9): starting a new drilling notification as a
 * copy of an earlier one, and withdrawing a submitted one (Rücknahme) — without JavaScript, found
 * by what the pages show, in German and once in English, axe on every page.
 */
describe('withdrawing an application and starting a new one from it, in Chromium', () => {
  const harness = useBrowserHarness();

  it('copies an earlier Bohranzeige into a new draft, then withdraws the earlier one', async () => {
    const { runtime } = harness();
    const erika = await demoCitizen(runtime);
    const applicationId = await submitNotification(runtime, erika);
    const reference = (await runtime.ctx.db.selectFrom('applications').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference!;

    const page = await harness().newPageWithoutJavaScript();
    await page.goto('/anmelden');
    await signIn(page, 'erika.mustermann@example.org');
    await follow(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Anträge' }));
    assert.equal(await heading(page), 'Meine Anträge');
    await expectNoAxeViolations(page);

    // The copy: a new draft at the first page, the answers there, the site plan not.
    await press(page, `Als Vorlage für einen neuen Antrag verwenden (${reference})`);
    assert.match(page.url(), /\/antraege\/[^/]+\/seite\/applicant$/);
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Wärme & Bohr GmbH');
    assert.equal(await page.getByLabel('E-Mail-Adresse').inputValue(), 'info@waerme-bohr.example');
    await expectNoAxeViolations(page);
    const draftUrl = page.url();
    const draftId = draftUrl.split('/')[4]!;
    await page.goto(`/antraege/${draftId}/seite/attachments`);
    assert.equal(await page.locator('a[href*="/dateien/"]').count(), 0, 'no file of the earlier application in the copy');

    // The earlier application: withdraw it, with a reason.
    await page.goto('/antraege');
    await follow(page.getByRole('link', { name: new RegExp(`^${reference} – `) }));
    assert.equal(await heading(page), `Antrag ${reference}`);
    await expectNoAxeViolations(page);
    await follow(page.getByRole('link', { name: 'Antrag zurückziehen' }));
    assert.equal(await heading(page), 'Antrag zurückziehen');
    assert.ok(await page.getByRole('listitem').filter({ hasText: 'Oberbergamt' }).isVisible(), 'the authorities that stop are named');
    await expectNoAxeViolations(page);

    // Once in English: the same confirmation page.
    await page.goto(`/antraege/${applicationId}/zuruecknehmen?lang=en`);
    assert.equal(await heading(page), 'Withdraw the application');
    assert.ok(await page.getByText('You cannot undo this.').isVisible());
    await expectNoAxeViolations(page);
    await page.goto(`/antraege/${applicationId}/zuruecknehmen?lang=de`);

    await page.getByLabel(/^Grund/).fill('Wir haben uns für eine Luftwärmepumpe entschieden.');
    await press(page, 'Antrag zurückziehen');
    assert.equal(await heading(page), `Antrag ${reference}`);
    assert.ok(await page.getByText('Sie haben den Antrag zurückgezogen.').isVisible());
    assert.ok((await page.getByText('Zurückgezogen').count()) >= 3, 'every authority shows the application as withdrawn');
    assert.ok((await page.getByRole('heading', { name: /Rücknahme Ihres Antrags/ }).count()) >= 1, 'the confirmation is in the Postfach');
    assert.equal(await page.getByRole('link', { name: 'Antrag zurückziehen' }).count(), 0, 'nothing left to withdraw');
    await expectNoAxeViolations(page);

    // Trying again (an old tab): a clear message, not an error.
    await page.goto(`/antraege/${applicationId}/zuruecknehmen`);
    assert.ok(await page.getByText('Dieser Antrag kann nicht mehr zurückgezogen werden').isVisible());
    await expectNoAxeViolations(page);

    const cases = await runtime.ctx.db.selectFrom('cases').select(['result', 'open']).where('application_id', '=', applicationId).where('kind', '=', 'case').execute();
    assert.deepEqual(
      cases.map((c) => [c.result, Number(c.open)]),
      cases.map(() => ['withdrawn', 0]),
    );
  });
});
