import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, follow, heading, press, signIn, useBrowserHarness } from './helpers/journeys.js';
import { newVariantPage, say, variants } from './helpers/variants.js';

/**
 * What applicants expect besides (issue #15, item 9): starting a new drilling notification as a
 * copy of an earlier one, and withdrawing a submitted one (Rücknahme) — found by what the pages
 * show, in both variants, axe on every page.
 */
describe('withdrawing an application and starting a new one from it, in Chromium', () => {
  const harness = useBrowserHarness();

  for (const variant of variants) {
    it(`copies an earlier Bohranzeige into a new draft, then withdraws the earlier one (${variant.name})`, async () => {
      const { runtime } = harness();
      const erika = await demoCitizen(runtime);
      const applicationId = await submitNotification(runtime, erika);
      const reference = (await runtime.ctx.db.selectFrom('applications').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference!;

      const page = await newVariantPage(harness(), variant);
      await page.goto('/anmelden');
      await signIn(page, 'erika.mustermann@example.org');
      await follow(page.getByRole('navigation', { name: say(variant, 'layout.mainNav') }).getByRole('link', { name: say(variant, 'applications.nav.mine') }));
      assert.equal(await heading(page), say(variant, 'applications.mine.title'));
      await expectNoAxeViolations(page);

      // The copy: a new draft at the first page, the answers there, the site plan not.
      await press(page, `${say(variant, 'applications.mine.copy')} (${reference})`);
      assert.match(page.url(), /\/antraege\/[^/]+\/seite\/applicant$/);
      assert.equal(await page.locator('#f-applicantName').inputValue(), 'Wärme & Bohr GmbH');
      assert.equal(await page.locator('#f-email').inputValue(), 'info@waerme-bohr.example');
      await expectNoAxeViolations(page);
      const draftId = page.url().split('/')[4]!;
      await page.goto(`/antraege/${draftId}/seite/attachments`);
      assert.equal(await page.locator('a[href*="/dateien/"]').count(), 0, 'no file of the earlier application in the copy');

      // The earlier application: withdraw it, with a reason.
      await page.goto('/antraege');
      await follow(page.getByRole('link', { name: new RegExp(`^${reference} – `) }));
      assert.equal(await heading(page), say(variant, 'applications.detail.title', { reference }));
      await expectNoAxeViolations(page);
      await follow(page.getByRole('link', { name: say(variant, 'applications.detail.withdraw') }));
      assert.equal(await heading(page), say(variant, 'cases.withdrawal.title'));
      assert.ok(await page.getByRole('listitem').filter({ hasText: 'Oberbergamt' }).isVisible(), 'the authorities that stop are named');
      assert.ok(await page.getByText(say(variant, 'cases.withdrawal.final')).isVisible(), 'told that it cannot be undone');
      await expectNoAxeViolations(page);

      await page.getByLabel(say(variant, 'cases.withdrawal.reason')).fill('Wir haben uns für eine Luftwärmepumpe entschieden.');
      await press(page, say(variant, 'cases.withdrawal.submit'));
      assert.equal(await heading(page), say(variant, 'applications.detail.title', { reference }));
      assert.ok(await page.getByText(say(variant, 'applications.detail.withdrawn')).isVisible());
      assert.ok((await page.getByText(say(variant, 'applications.status.withdrawn'), { exact: true }).count()) >= 3, 'every authority shows the application as withdrawn');
      const confirmation = say(variant, 'cases.withdrawal.message.subject', { reference });
      assert.ok((await page.getByRole('heading', { name: confirmation }).count()) >= 1, `the confirmation "${confirmation}" is in the Postfach`);
      assert.equal(await page.getByRole('link', { name: say(variant, 'applications.detail.withdraw') }).count(), 0, 'nothing left to withdraw');
      await expectNoAxeViolations(page);

      // Trying again (an old tab): a clear message, not an error.
      await page.goto(`/antraege/${applicationId}/zuruecknehmen`);
      assert.ok(await page.getByText(say(variant, 'cases.withdrawal.none')).isVisible());
      await expectNoAxeViolations(page);

      const cases = await runtime.ctx.db.selectFrom('cases').select(['result', 'open']).where('application_id', '=', applicationId).where('kind', '=', 'case').execute();
      assert.deepEqual(
        cases.map((c) => [c.result, Number(c.open)]),
        cases.map(() => ['withdrawn', 0]),
      );
    });
  }
});
