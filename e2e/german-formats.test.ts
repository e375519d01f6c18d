import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { sendToApplicant } from '../src/modules/applications/index.js';
import { authoritiesOf, staff, submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, follow, heading, newCaseWorker, press, signIn, useBrowserHarness } from './helpers/journeys.js';
import { newVariantPage, pick, say, variantOptions, variants } from './helpers/variants.js';

/**
 * German formats and grammar as people meet them (issue #15, item 6): a date typed as
 * "23.4.1980" is taken and shown as 23.04.1980, the service page's release date reads
 * 15.01.2026, a message comes "vom Sächsischen Landesamt …", and a count of one is singular
 * ("1 Vorgang" in the inbox). In English the same pages use the English forms (23/04/1980,
 * "from Sächsisches Landesamt …", "1 case"). Both variants, every page axe-clean.
 */
describe('German formats and grammar in Chromium', () => {
  const harness = useBrowserHarness();

  const mainText = (page: Page) => page.getByRole('main').innerText();

  for (const variant of variants) {
    it(`takes and shows dates in the reader's format, declines the sender’s name and counts one case in the singular (${variant.name})`, async () => {
      const { runtime } = harness();
      const applicant = await demoCitizen(runtime);
      const applicationId = await submitNotification(runtime, applicant);
      const { lfulg } = await authoritiesOf(runtime, applicant.tenantId);
      const subject = `Rückfrage zur Endteufe (${variant.language})`;
      await sendToApplicant(runtime.ctx, staff(applicant.tenantId, lfulg.id, 'caseWorker'), applicationId, lfulg.id, { subject, body: 'Bitte nennen Sie die Endteufe.' });
      const date = (day: string, month: string, year: string) => pick(variant, { de: `${day}.${month}.${year}`, en: `${day}/${month}/${year}` });

      const page = await newVariantPage(harness(), variant);
      await page.goto('/leistungen/bohranzeige');
      const released = `${say(variant, 'catalog.service.released')}\n${say(variant, 'catalog.service.releasedBy', { date: date('15', '01', '2026'), by: '' })}`;
      assert.ok((await mainText(page)).includes(released), `the release date as ${date('15', '01', '2026')}`);
      await expectNoAxeViolations(page);

      await page.goto('/anmelden');
      await signIn(page, 'erika.mustermann@example.org');
      assert.equal(await heading(page), say(variant, 'identity.account.title'));
      const birthDate = page.getByLabel(say(variant, 'identity.field.birthDate'));
      assert.ok((await mainText(page)).includes(say(variant, 'identity.profile.birthDateHint')));
      await birthDate.fill(date('31', '02', '1980'));
      await press(page, say(variant, 'identity.account.saveProfile'));
      assert.ok((await page.locator('.aw-error-summary').innerText()).includes(say(variant, 'identity.profile.birthDateInvalid')), 'a day that does not exist is refused');
      await expectNoAxeViolations(page);
      await birthDate.fill(date('23', '4', '1980'));
      await press(page, say(variant, 'identity.account.saveProfile'));
      assert.equal(await birthDate.inputValue(), date('23', '04', '1980'), 'taken as typed, shown with two digits');
      await expectNoAxeViolations(page);

      // The Postfach names the sender (in German in the dative).
      const postfach = page
        .getByRole('navigation', { name: say(variant, 'layout.mainNav') })
        .getByRole('link', { name: new RegExp(`^${say(variant, 'applications.nav.postfach')}`) });
      await follow(postfach);
      const message = page.getByRole('listitem').filter({ hasText: subject });
      const from = pick(variant, { de: 'vom Sächsischen Landesamt für Umwelt, Landwirtschaft und Geologie (LfULG) zu Antrag ', en: `from ${lfulg.name} on application ` });
      assert.ok((await message.innerText()).includes(from), await message.innerText());
      await expectNoAxeViolations(page);
      await follow(message.getByRole('link', { name: subject }));
      assert.ok((await mainText(page)).includes(say(variant, 'applications.event.message', { authority: lfulg.name })), 'the history says it the same way');
      await expectNoAxeViolations(page);

      // The drilling is deeper than 100 m: its case waits at the Oberbergamt, one counted in the singular.
      // A case worker of its own per variant: the seed's has set up the second factor in the first one.
      const worker = await newCaseWorker(harness(), 'oba', { email: `oba.${variant.language}@example.org`, name: 'Otto Bergmann' }, { context: variantOptions(variant) });
      await worker.goto('/bearbeitung');
      // Each variant files one notification, so the first one (German) sees one case, the second two.
      const count = variants.indexOf(variant) + 1;
      assert.equal(await worker.locator('caption').innerText(), say(variant, 'cases.inbox.caption', { tab: say(variant, 'cases.tab.new'), count }));
      await expectNoAxeViolations(worker);
    });
  }
});
