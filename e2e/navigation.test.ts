import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { sendToApplicant } from '../src/modules/applications/index.js';
import { startApplication, updateDraft } from '../src/modules/applications/service.js';
import { authoritiesOf, staff, submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { follow, heading, press, signIn, useBrowserHarness, demoCitizen } from './helpers/journeys.js';

/**
 * Finding one's way (issue #15, items 2 and 8): the header leads applicants to their applications
 * and their Postfach (with the unread count), staff to their inbox (where they land after signing
 * in); drafts are told apart; the inbox tabs are a row of tabs; the case page is grouped with an
 * in-page navigation; sessions name browser and system; authority cards and repeat legends keep
 * their words whole and apart.
 */

/** The top of an element's box, and its left edge. */
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

describe('navigation and layout in Chromium', () => {
  const harness = useBrowserHarness();

  it('gives an applicant Meine Anträge and the Postfach with its unread count, and tells their drafts apart', async () => {
    const { runtime } = harness();
    const applicant = await demoCitizen(runtime);
    const applicationId = await submitNotification(runtime, applicant);
    const { lfulg } = await authoritiesOf(runtime, applicant.tenantId);
    await sendToApplicant(runtime.ctx, staff(applicant.tenantId, lfulg.id, 'caseWorker'), applicationId, lfulg.id, {
      subject: 'Rückfrage zur Bohrtiefe',
      body: 'Bitte nennen Sie die Endteufe.',
    });
    for (const title of ['EWS Einfamilienhaus Pirna', 'Brunnen Gartenstraße']) {
      const draft = await startApplication(runtime.ctx, applicant, 'bohranzeige');
      await updateDraft(runtime.ctx, applicant, draft.id, { data: { applicantName: 'Wärme & Bohr GmbH', investigation: { title } }, strict: false });
    }

    const page = await (await harness().newContext()).newPage();
    await page.goto('/anmelden');
    await signIn(page, 'erika.mustermann@example.org');
    assert.equal(await heading(page), 'Mein Konto', 'an applicant without a page to return to lands on Mein Konto');
    const header = page.getByRole('navigation', { name: 'Hauptnavigation' });
    assert.ok(await header.getByRole('link', { name: 'Meine Anträge' }).isVisible());
    const postfach = header.getByRole('link', { name: 'Postfach 1 ungelesen' });
    assert.equal(await postfach.locator('.kern-badge').evaluate((badge) => badge.firstChild?.textContent), '1', 'the count is shown beside the label, what it counts is read out');
    await expectNoAxeViolations(page);

    await follow(postfach);
    assert.equal(await heading(page), 'Postfach');
    assert.equal(await header.getByRole('link', { name: 'Postfach 1 ungelesen' }).getAttribute('aria-current'), 'page');
    const message = page.getByRole('listitem').filter({ hasText: 'Rückfrage zur Bohrtiefe' });
    assert.match(await message.innerText(), /ungelesen\nvom Sächsischen Landesamt .+ zu Antrag \S+, \d+\. \S+ \d{4}/);
    await expectNoAxeViolations(page);
    await follow(message.getByRole('link', { name: 'Rückfrage zur Bohrtiefe' }));
    assert.match((await heading(page))!, /^Antrag /);
    assert.ok(await header.getByRole('link', { name: 'Postfach', exact: true }).isVisible(), 'read: the count is gone');

    // Without JavaScript the header is the same links; the drafts show when they were started and what tells them apart.
    const plain = await harness().newPageWithoutJavaScript({ storageState: await page.context().storageState() });
    await plain.goto('/konto');
    await follow(plain.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Anträge' }));
    assert.equal(await heading(plain), 'Meine Anträge');
    const drafts = plain.getByRole('listitem').filter({ hasText: '(Bohranzeige) fortsetzen' });
    const texts = await drafts.allInnerTexts();
    assert.equal(texts.length, 2, texts.join('\n'));
    for (const title of ['EWS Einfamilienhaus Pirna', 'Brunnen Gartenstraße'])
      assert.ok(
        texts.some((text) => new RegExp(`begonnen am \\d+\\. \\S+ \\d{4}.* · Bezeichnung: ${title}`).test(text)),
        texts.join('\n'),
      );
    await expectNoAxeViolations(plain);

    // In English the same header and the same hints.
    await page.goto('/antraege?lang=en');
    assert.equal(await heading(page), 'My applications');
    const english = page.getByRole('navigation', { name: 'Main navigation' });
    assert.equal(await english.getByRole('link', { name: 'My applications' }).getAttribute('aria-current'), 'page');
    assert.ok(await english.getByRole('link', { name: 'Mailbox', exact: true }).isVisible());
    assert.equal(await page.getByText(/^started on \d+ \S+ \d{4}.* · Name: /).count(), 2);
    await expectNoAxeViolations(page);
  });

  it('lands staff on their inbox, shows its tabs as one row, groups the case page and names the sessions’ browsers', async () => {
    const { runtime } = harness();
    const applicant = await demoCitizen(runtime);
    const applicationId = await submitNotification(runtime, applicant);
    const reference = (await runtime.ctx.db.selectFrom('applications').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference!;

    // Signing in from the start page, not from a staff page: the first sign-in sets up the second factor.
    const page = await (await harness().newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto('/anmelden');
    await signIn(page, 'sachbearbeitung.lfulg@example.org');
    const secret = (await page.locator('#totp-secret').textContent())!;
    await page.getByLabel('Code aus der App').fill(await generate({ secret, epoch: Math.floor(runtime.clock.now().getTime() / 1000) }));
    await press(page, 'Einrichtung abschließen');
    await Promise.all([page.waitForURL(/\/bearbeitung$/), page.getByRole('link', { name: 'Weiter' }).click()]);
    assert.equal(await heading(page), 'Posteingang', 'staff land on their inbox, not on Mein Konto');
    const header = page.getByRole('navigation', { name: 'Hauptnavigation' });
    assert.equal(await header.getByRole('link', { name: 'Posteingang' }).getAttribute('aria-current'), 'page');
    assert.equal(await header.getByRole('link', { name: 'Meine Anträge' }).count(), 0, 'staff have no applicant links');

    // The tabs: one row of links, the current one marked; a tab is an ordinary link (works without JavaScript).
    const tabs = page.getByRole('navigation', { name: 'Ansichten' }).getByRole('link');
    const tops = await Promise.all((await tabs.all()).map(async (tab) => (await tab.boundingBox())!.y));
    assert.ok(tops.length >= 4 && tops.every((top) => top === tops[0]), `tabs in one row: ${tops.join(', ')}`);
    assert.equal(await tabs.filter({ hasText: 'Neu und nicht zugewiesen' }).getAttribute('aria-current'), 'page');
    await follow(tabs.filter({ hasText: 'Abgeschlossen' }));
    assert.equal(await page.locator('[aria-current="page"]').filter({ hasText: 'Abgeschlossen' }).count(), 1);
    await expectNoAxeViolations(page);

    // The case page: the in-page navigation and the summary beside the work on a wide screen.
    await page.goto('/bearbeitung');
    await follow(page.getByRole('link', { name: reference }));
    const sections = page.getByRole('navigation', { name: 'Auf dieser Seite' });
    for (const name of ['Überblick', 'Nächste Schritte', 'Antrag', 'Postfach', 'Dokumente', 'Verlauf'])
      assert.ok(await sections.getByRole('link', { name, exact: true }).isVisible(), name);
    const summary = await box(page, '#ueberblick');
    const steps = await box(page, '#schritte');
    assert.ok(summary.x + summary.width < steps.x, 'the summary stands left of the next steps');
    assert.ok(Math.abs(summary.y - steps.y) < 400, 'both near the top');
    const timeline = await box(page, '#verlauf');
    assert.ok(timeline.x + timeline.width < steps.x, 'the timeline stands in the left column too, below the overview');
    const wideHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    await sections.getByRole('link', { name: 'Verlauf' }).click();
    assert.ok(page.url().endsWith('#verlauf'));
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 800 });
    const narrowSummary = await box(page, '#ueberblick');
    const narrowSteps = await box(page, '#schritte');
    assert.ok(narrowSteps.y > narrowSummary.y && Math.abs(narrowSteps.x - narrowSummary.x) < 2, 'one column on a phone');
    assert.ok((await box(page, '#verlauf')).y > (await box(page, '#dokumente')).y, 'on a phone the record follows the work');
    const narrowHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(wideHeight < narrowHeight * 0.75, `two columns shorten the page: ${wideHeight} px wide, ${narrowHeight} px narrow`);
    console.log(`case page height: ${wideHeight} px at 1440 px wide, ${narrowHeight} px at 390 px`);

    // Mein Konto names the session's browser and system, not the User-Agent header.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/konto');
    const sessions = page.getByRole('table', { name: 'Angemeldete Geräte' });
    assert.match(await sessions.innerText(), /Chrome auf Linux \(/);
    assert.doesNotMatch(await sessions.innerText(), /Mozilla|AppleWebKit/);
    await expectNoAxeViolations(page);
  });

  it('keeps the words of authority cards whole, lets only addresses break, and sets repeat legends apart', async () => {
    for (const width of [1280, 320]) {
      const page = await (await harness().newContext({ viewport: { width, height: 900 } })).newPage();
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
    const page = await (await harness().newContext()).newPage();
    await page.goto(`/anmelden?zurueck=/antraege/${draft.id}/seite/boreholes`);
    await signIn(page, 'erika.mustermann@example.org');
    const outer = page.locator('legend', { hasText: /^Bohrungen/ });
    const item = page.locator('legend', { hasText: /^Bohrung 1$/ });
    const outerBox = (await outer.boundingBox())!;
    const itemBox = (await item.boundingBox())!;
    assert.ok(itemBox.y >= outerBox.y + outerBox.height, `"Bohrung 1" (top ${itemBox.y}) below "Bohrungen" (bottom ${outerBox.y + outerBox.height})`);
    await expectNoAxeViolations(page);
  });
});
