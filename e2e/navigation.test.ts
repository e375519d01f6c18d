import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { sendToApplicant } from '../src/modules/applications/index.js';
import { startApplication, updateDraft } from '../src/modules/applications/service.js';
import { authoritiesOf, staff, submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, follow, heading, newCaseWorker, signIn, useBrowserHarness } from './helpers/journeys.js';
import { newVariantPage, pick, say, sayPattern, variantOptions, variants } from './helpers/variants.js';

/**
 * Finding one's way (issue #15, items 2 and 8): the header leads applicants to their applications
 * and their Postfach (with the unread count), staff to their inbox (where they land after signing
 * in); drafts are told apart; the inbox tabs are a row of tabs; the case page is grouped with an
 * in-page navigation; sessions name browser and system; authority cards and repeat legends keep
 * their words whole and apart. Each in both variants.
 */

/** The top of an element's box, and its left edge. */
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

describe('navigation and layout in Chromium', () => {
  const harness = useBrowserHarness();

  for (const variant of variants) {
    it(`gives an applicant Meine Anträge and the Postfach with its unread count, and tells their drafts apart (${variant.name})`, async () => {
      const { runtime } = harness();
      const applicant = await demoCitizen(runtime);
      const applicationId = await submitNotification(runtime, applicant);
      const reference = (await runtime.ctx.db.selectFrom('applications').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference!;
      const { lfulg } = await authoritiesOf(runtime, applicant.tenantId);
      const subject = `Rückfrage zur Bohrtiefe (${variant.language})`;
      await sendToApplicant(runtime.ctx, staff(applicant.tenantId, lfulg.id, 'caseWorker'), applicationId, lfulg.id, { subject, body: 'Bitte nennen Sie die Endteufe.' });
      const titles = [`EWS Einfamilienhaus Pirna (${variant.language})`, `Brunnen Gartenstraße (${variant.language})`];
      for (const title of titles) {
        const draft = await startApplication(runtime.ctx, applicant, 'bohranzeige');
        await updateDraft(runtime.ctx, applicant, draft.id, { data: { applicantName: 'Wärme & Bohr GmbH', investigation: { title } }, strict: false });
      }

      const page = await newVariantPage(harness(), variant);
      await page.goto('/anmelden');
      await signIn(page, 'erika.mustermann@example.org');
      assert.equal(await heading(page), say(variant, 'identity.account.title'), 'an applicant without a page to return to lands on Mein Konto');
      const header = page.getByRole('navigation', { name: say(variant, 'layout.mainNav') });
      assert.ok(await header.getByRole('link', { name: say(variant, 'applications.nav.mine') }).isVisible());
      const postfachName = say(variant, 'applications.nav.postfach');
      const postfach = header.getByRole('link', { name: `${postfachName} 1 ${say(variant, 'applications.nav.unread')}` });
      assert.equal(
        await postfach.locator('.kern-badge').evaluate((badge) => badge.firstChild?.textContent),
        '1',
        'the count is shown beside the label, what it counts is read out',
      );
      await expectNoAxeViolations(page);

      await follow(postfach);
      assert.equal(await heading(page), say(variant, 'applications.postfach.title'));
      assert.equal(await header.getByRole('link', { name: postfachName }).getAttribute('aria-current'), 'page');
      const message = page.getByRole('listitem').filter({ hasText: subject });
      const text = await message.innerText();
      // Marked unread, then who sent it about which application (in German: "vom Sächsischen Landesamt …").
      assert.ok(text.includes(`${say(variant, 'applications.nav.unread')}\n${say(variant, 'applications.inbox.meta', { name: lfulg.name, reference, time: '' })}`), text);
      await expectNoAxeViolations(page);
      await follow(message.getByRole('link', { name: subject }));
      assert.equal(await heading(page), say(variant, 'applications.detail.title', { reference }));
      assert.ok(await header.getByRole('link', { name: postfachName, exact: true }).isVisible(), 'read: the count is gone');

      // The drafts show when they were started and what tells them apart.
      await follow(header.getByRole('link', { name: say(variant, 'applications.nav.mine') }));
      assert.equal(await heading(page), say(variant, 'applications.mine.title'));
      assert.equal(await header.getByRole('link', { name: say(variant, 'applications.nav.mine') }).getAttribute('aria-current'), 'page');
      const startedAt = sayPattern(variant, 'applications.mine.startedAt', { time: /\d+\.? \S+ \d{4}.*/ });
      for (const title of titles) {
        const draft = await page.getByRole('listitem').filter({ hasText: title }).innerText();
        assert.match(draft, startedAt);
        assert.ok(draft.includes(` · ${pick(variant, { de: 'Bezeichnung', en: 'Name' })}: ${title}`), draft);
      }
      await expectNoAxeViolations(page);
    });

    it(`lands staff on their inbox, shows its tabs as one row, groups the case page and names the sessions’ browsers (${variant.name})`, async () => {
      const { runtime } = harness();
      const applicant = await demoCitizen(runtime);
      const applicationId = await submitNotification(runtime, applicant);
      const reference = (await runtime.ctx.db.selectFrom('applications').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference!;

      // Signing in from the sign-in page, not from a staff page: the first sign-in sets up the second factor, then the inbox.
      const page = await newCaseWorker(
        harness(),
        'lfulg',
        { email: `sachbearbeitung.${variant.language}@example.org`, name: 'Gerda Geologin' },
        { context: variantOptions(variant, { viewport: { width: 1440, height: 900 } }), from: '/anmelden' },
      );
      assert.equal(new URL(page.url()).pathname, '/bearbeitung');
      assert.equal(await heading(page), say(variant, 'cases.inbox.title'), 'staff land on their inbox, not on Mein Konto');
      const header = page.getByRole('navigation', { name: say(variant, 'layout.mainNav') });
      assert.equal(await header.getByRole('link', { name: say(variant, 'cases.inbox.title') }).getAttribute('aria-current'), 'page');
      assert.equal(await header.getByRole('link', { name: say(variant, 'applications.nav.mine') }).count(), 0, 'staff have no applicant links');

      // The tabs: one row of links, the current one marked; a tab is an ordinary link.
      const tabs = page.getByRole('navigation', { name: say(variant, 'cases.inbox.tabs') }).getByRole('link');
      const tops = await Promise.all((await tabs.all()).map(async (tab) => (await tab.boundingBox())!.y));
      assert.ok(tops.length >= 4 && tops.every((top) => top === tops[0]), `tabs in one row: ${tops.join(', ')}`);
      assert.equal(await tabs.filter({ hasText: say(variant, 'cases.tab.new') }).getAttribute('aria-current'), 'page');
      await follow(tabs.filter({ hasText: say(variant, 'cases.tab.closed') }));
      assert.equal(
        await page
          .locator('[aria-current="page"]')
          .filter({ hasText: say(variant, 'cases.tab.closed') })
          .count(),
        1,
      );
      await expectNoAxeViolations(page);

      // The case page: the in-page navigation and the summary beside the work on a wide screen.
      await page.goto('/bearbeitung');
      await follow(page.getByRole('link', { name: reference }));
      const sections = page.getByRole('navigation', { name: say(variant, 'cases.page.onThisPage') });
      for (const key of ['summary', 'actions', 'application', 'postfach', 'documents', 'timeline']) {
        const name = say(variant, `cases.page.${key}`);
        assert.ok(await sections.getByRole('link', { name, exact: true }).isVisible(), name);
      }
      const summary = await box(page, '#ueberblick');
      const steps = await box(page, '#schritte');
      assert.ok(summary.x + summary.width < steps.x, 'the summary stands left of the next steps');
      assert.ok(Math.abs(summary.y - steps.y) < 400, 'both near the top');
      const timeline = await box(page, '#verlauf');
      assert.ok(timeline.x + timeline.width < steps.x, 'the timeline stands in the left column too, below the overview');
      const wideHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      await sections.getByRole('link', { name: say(variant, 'cases.page.timeline') }).click();
      await page.waitForURL(/#verlauf$/);
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 390, height: 800 });
      const narrowSummary = await box(page, '#ueberblick');
      const narrowSteps = await box(page, '#schritte');
      assert.ok(narrowSteps.y > narrowSummary.y && Math.abs(narrowSteps.x - narrowSummary.x) < 2, 'one column on a phone');
      assert.ok((await box(page, '#verlauf')).y > (await box(page, '#dokumente')).y, 'on a phone the record follows the work');
      const narrowHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      assert.ok(wideHeight < narrowHeight * 0.75, `two columns shorten the page: ${wideHeight} px wide, ${narrowHeight} px narrow`);
      console.log(`case page height (${variant.name}): ${wideHeight} px at 1440 px wide, ${narrowHeight} px at 390 px`);

      // Mein Konto names the session's browser and system, not the User-Agent header.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto('/konto');
      const sessions = page.getByRole('table', { name: say(variant, 'identity.account.sessions') });
      assert.ok((await sessions.innerText()).includes(`${say(variant, 'identity.account.deviceOn', { browser: 'Chrome', system: 'Linux' })} (`));
      assert.doesNotMatch(await sessions.innerText(), /Mozilla|AppleWebKit/);
      await expectNoAxeViolations(page);
    });
  }

  for (const variant of variants) {
    it(`keeps the words of authority cards whole, lets only addresses break, and sets repeat legends apart (${variant.name})`, async () => {
      for (const width of [1280, 320]) {
        const page = await newVariantPage(harness(), variant, { viewport: { width, height: 900 } });
        await page.goto('/leistungen/bohranzeige?ort=14612000');
        const cards = page.locator('.aw-responsible > li');
        assert.ok((await cards.count()) > 0);
        const problems = await cards.evaluateAll((items) =>
          items.flatMap((card) => {
            const found: string[] = [];
            const right = card.getBoundingClientRect().right;
            for (const term of Array.from(card.querySelectorAll('dt'))) {
              const range = document.createRange();
              range.selectNodeContents(term);
              const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
              if (lines.size > 1) found.push(`label "${term.textContent}" on ${lines.size} lines`);
            }
            for (const link of Array.from(card.querySelectorAll('a'))) if (link.getBoundingClientRect().right > right + 0.5) found.push(`"${link.textContent}" overflows the card`);
            return found;
          }),
        );
        assert.deepEqual(problems, [], `at ${width} px`);
        if (width === 320) await expectNoAxeViolations(page);
      }

      // The drilling notification's boreholes (a drilling with one borehole): "Bohrungen" and "Bohrung 1" on lines of their own.
      const { runtime } = harness();
      const applicant = await demoCitizen(runtime);
      const draft = await startApplication(runtime.ctx, applicant, 'bohranzeige');
      await updateDraft(runtime.ctx, applicant, draft.id, { data: { investigation: { method: 'drilling' }, boreholes: [{ designation: 'BS 1' }] }, strict: false });
      const page = await newVariantPage(harness(), variant);
      await page.goto(`/anmelden?zurueck=/antraege/${draft.id}/seite/boreholes`);
      await signIn(page, 'erika.mustermann@example.org');
      const outer = page.locator('legend', { hasText: new RegExp(`^${pick(variant, { de: 'Bohrungen', en: 'Boreholes' })}`) });
      const item = page.locator('legend', { hasText: new RegExp(`^${pick(variant, { de: 'Bohrung 1', en: 'Borehole 1' })}$`) });
      const outerBox = (await outer.boundingBox())!;
      const itemBox = (await item.boundingBox())!;
      assert.ok(itemBox.y >= outerBox.y + outerBox.height, `"Bohrung 1" (top ${itemBox.y}) below "Bohrungen" (bottom ${outerBox.y + outerBox.height})`);
      await expectNoAxeViolations(page);
    });
  }
});
