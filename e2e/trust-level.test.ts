import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoCitizensOf } from '../src/modules/identity/demo.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { follow, heading, press, signIn, useBrowserHarness } from './helpers/journeys.js';
import { newVariantPage, say, variants } from './helpers/variants.js';

/**
 * The trust level a company needs (issue #15, item 3): someone who acts for a drilling company
 * with a password account is told on the procedure's page that a company needs "substanziell",
 * the step-up page names that level (not the one they have), and after identifying at that level
 * they start the application where they were. In both variants, every page axe-clean.
 */
describe('the trust level a company needs, in Chromium', () => {
  const harness = useBrowserHarness();

  const mainText = (page: Page) => page.getByRole('main').innerText();

  for (const variant of variants) {
    it(`names substanziell on the procedure page and the step-up page, then lets the company start (${variant.name})`, async () => {
      const page = await newVariantPage(harness(), variant);
      await page.goto('/anmelden');
      await signIn(page, 'max.bohrer@example.org');
      assert.equal(await heading(page), say(variant, 'identity.account.title'));
      await page.getByLabel('Bohrtechnik Erzgebirge GmbH').check();
      await press(page, say(variant, 'identity.account.actingForSubmit'));

      await page.goto('/leistungen/bohranzeige');
      await follow(page.getByRole('link', { name: say(variant, 'catalog.service.applyOnline') }));
      const start = await mainText(page);
      const level = (key: string) => say(variant, `applications.trustLevel.${key}`);
      assert.ok(start.includes(say(variant, 'applications.start.trustLevelByApplicant', { person: level('basis'), organisation: level('substanziell') })), start);
      assert.ok(start.includes(say(variant, 'applications.start.stepUpText', { level: level('substanziell') })), start);
      assert.equal(await page.getByRole('button', { name: say(variant, 'applications.start.begin') }).count(), 0, 'no start before the step-up');
      await expectNoAxeViolations(page);

      await follow(page.getByRole('link', { name: say(variant, 'applications.start.stepUp') }));
      assert.equal(await heading(page), say(variant, 'identity.stepUp.title'));
      const stepUp = await mainText(page);
      const trust = (key: string) => say(variant, `identity.trust.${key}`);
      assert.ok(stepUp.includes(say(variant, 'identity.stepUp.text', { level: trust('substanziell') })), `the level needed: ${stepUp}`);
      assert.ok(stepUp.includes(say(variant, 'identity.stepUp.current', { level: trust('basis') })), `the level they have, told apart: ${stepUp}`);
      await expectNoAxeViolations(page);

      // Identifying at substanziell (the demo identity provider) leads back to the procedure, now open to start.
      await follow(page.getByRole('link', { name: say(variant, 'identity.login.withDemo') }));
      assert.equal(await heading(page), say(variant, 'identity.demo.title'));
      await expectNoAxeViolations(page);
      await page.getByLabel(demoCitizensOf('sn')!.labels.organisation[variant.language]).check();
      await page.getByLabel(trust('substanziell')).check();
      await press(page, say(variant, 'identity.demo.submit'));
      assert.equal(new URL(page.url()).pathname, '/antrag/bohranzeige', 'back where the step-up started');
      assert.ok(!(await mainText(page)).includes(say(variant, 'applications.start.stepUpTitle')));
      await press(page, say(variant, 'applications.start.begin'));
      assert.match(new URL(page.url()).pathname, /^\/antraege\/[^/]+\/seite\//, 'the first page of the application');
      await expectNoAxeViolations(page);
    });
  }
});
