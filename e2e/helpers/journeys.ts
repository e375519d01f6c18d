import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { generate } from 'otplib';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { isLanguage, type Language, translate } from '../../src/core/i18n/index.js';
import { demoPassword } from '../../src/modules/identity/seed.js';
import { addStaff } from '../../src/modules/identity/staff.js';
import { createWorker } from '../../src/runtime.js';
import type { Actor } from '../../test/cases/helpers.js';
import type { TestRuntime } from '../../test/helpers/runtime.js';
import { startBrowserHarness, type BrowserHarness } from './browser.js';

/**
 * Steps that several browser journeys take: starting the harness for a suite, signing in (as an
 * applicant with a password, as staff with the TOTP set-up of the first sign-in), pressing a
 * form's button, and the pages of the drilling notification every drilling journey fills alike.
 */

/** Starts the harness before the suite's tests and closes it after them; call inside `describe`. */
export function useBrowserHarness(): () => BrowserHarness {
  let harness: BrowserHarness | undefined;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });
  return () => harness!;
}

/**
 * The tenant the journeys run in (the one at localhost). Every tenant's seed has the demo accounts,
 * so a lookup by e-mail alone picks either; on PostgreSQL which one changes once a row is updated.
 */
const journeyTenant = 'sn';

/** Erika Mustermann, the demo citizen, as the service layer sees her (for arranging what a journey starts from). */
export async function demoCitizen(runtime: TestRuntime): Promise<Actor> {
  const erika = await runtime.ctx.db
    .selectFrom('accounts')
    .innerJoin('tenants', 'tenants.id', 'accounts.tenant_id')
    .select(['accounts.id', 'accounts.tenant_id'])
    .where('tenants.slug', '=', journeyTenant)
    .where('accounts.email', '=', 'erika.mustermann@example.org')
    .executeTakeFirstOrThrow();
  return { kind: 'citizen', tenantId: erika.tenant_id, accountId: erika.id, name: 'Erika Mustermann', trustLevel: 'basis', actingFor: null };
}

export const heading = (page: Page) => page.locator('h1').textContent();

const navigationTimeout = 90_000;

/** Clicks a form's button (a text names it exactly) and waits for the page it leads to (a click alone may race the next one). */
export async function press(page: Page, name: string | RegExp): Promise<void> {
  const button = page.getByRole('button', { name, exact: typeof name === 'string' });
  // A missing button fails here, by name, rather than as a navigation that never came.
  await button.waitFor();
  // Scrolled first, on its own: Chromium 156 drops a click whose scroll makes a lazy PDF preview
  // (the case page's attachments) start loading, so the form was never sent.
  await button.scrollIntoViewIfNeeded();
  // The page is complete at DOMContentLoaded; embedded PDF previews may hold back "load". An action
  // may render a letter as PDF: on a loaded CI machine that can take longer than the usual 30 s.
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: navigationTimeout }), button.click()]);
}

/** Follows a link and waits for the page it leads to: a bare click returns before the next page is there, so what is read next could still be the old page. */
export async function follow(link: Locator): Promise<void> {
  await link.waitFor();
  await Promise.all([link.page().waitForNavigation({ waitUntil: 'domcontentloaded', timeout: navigationTimeout }), link.click()]);
}

/** The language the page is shown in, as its `<html lang>` says. */
export async function pageLanguage(page: Page): Promise<Language> {
  const lang = await page.locator('html').getAttribute('lang');
  if (!isLanguage(lang)) throw new Error(`the page ${page.url()} names no language of the app: ${lang}`);
  return lang;
}

/** Fills the sign-in form the page shows, in the page's language, and sends it. */
export async function signIn(page: Page, email: string, password = demoPassword): Promise<void> {
  const language = await pageLanguage(page);
  await page.getByLabel(translate(language, 'identity.field.email')).fill(email);
  await page.getByLabel(translate(language, 'identity.field.password')).fill(password);
  await press(page, translate(language, 'identity.login.submit'));
}

/**
 * A staff member's first sign-in in a fresh context: password, then setting up the second factor,
 * in the page's language. `context`: the browser options, e.g. a variant's (see variants.ts);
 * `from`: the page where signing in starts.
 */
export async function staffSignIn(
  harness: BrowserHarness,
  email: string,
  { password = demoPassword, context = {}, from = '/bearbeitung' }: { password?: string; context?: BrowserContextOptions; from?: string } = {},
): Promise<Page> {
  const page = await (await harness.newContext(context)).newPage();
  await page.goto(from);
  await signIn(page, email, password);
  const language = await pageLanguage(page);
  assert.equal(await heading(page), translate(language, 'identity.enrol.title'));
  const secret = (await page.locator('#totp-secret').textContent())!;
  await page.getByLabel(translate(language, 'identity.enrol.code')).fill(await generate({ secret, epoch: Math.floor(harness.runtime.clock.now().getTime() / 1000) }));
  await press(page, translate(language, 'identity.enrol.submit'));
  await follow(page.getByRole('link', { name: translate(language, 'identity.recovery.continue') }));
  return page;
}

/**
 * A new case worker of an authority (by its key), signed in for the first time in a fresh context:
 * for a journey that needs staff who have not set up their second factor yet (each run of a
 * journey in another variant, or staff the seed does not have).
 */
export async function newCaseWorker(
  harness: BrowserHarness,
  authorityKey: string,
  { email, name }: { email: string; name: string },
  signInOptions: { context?: BrowserContextOptions; from?: string } = {},
): Promise<Page> {
  const { ctx } = harness.runtime;
  const authority = await ctx.db
    .selectFrom('authorities')
    .innerJoin('tenants', 'tenants.id', 'authorities.tenant_id')
    .select(['authorities.id', 'authorities.tenant_id'])
    .where('tenants.slug', '=', journeyTenant)
    .where('authorities.key', '=', authorityKey)
    .executeTakeFirstOrThrow();
  const { password } = await addStaff(ctx, null, authority.tenant_id, { email, name, role: 'caseWorker', authorityId: authority.id });
  return staffSignIn(harness, email, { ...signInOptions, password });
}

/** Fills a day/month/year date field of the forms engine. */
export async function fillDate(page: Page, id: string, [day, month, year]: readonly [string, string, string]): Promise<void> {
  await page.locator(`#${id}`).fill(day);
  await page.locator(`#${id}-month`).fill(month);
  await page.locator(`#${id}-year`).fill(year);
}

/** Drilling notification, first page: a natural person from Dresden (`name` may be left empty to see the error). */
export async function fillDrillingApplicant(page: Page, name: string): Promise<void> {
  await page.locator('#f-applicantKind').check();
  await page.locator('#f-applicantName').fill(name);
  await page.locator('#f-applicantAddress-street').fill('Hauptstraße');
  await page.locator('#f-applicantAddress-houseNumber').fill('5');
  await page.locator('#f-applicantAddress-postalCode').fill('01067');
  await page.locator('#f-applicantAddress-city').fill('Dresden');
  await page.locator('#f-email').fill('erika@example.org');
}

/** Drilling notification: the rest of the drilling company after its name — address and DVGW W 120. */
export async function fillContractorDetails(page: Page): Promise<void> {
  await page.locator('#f-contractor-address-street').fill('Am Brunnen');
  await page.locator('#f-contractor-address-houseNumber').fill('1');
  await page.locator('#f-contractor-address-postalCode').fill('09599');
  await page.locator('#f-contractor-address-city').fill('Freiberg');
  await page.locator('#f-contractor-certifiedW120').check();
}

/** Drilling notification: a drilling from 6 to 10 April 2026, not commercial. */
export async function fillInvestigation(page: Page, title: string, purpose: string): Promise<void> {
  await page.locator('#f-investigation-title').fill(title);
  await page.locator('#f-investigation-purpose').fill(purpose);
  await page.locator('#f-investigation-method').check();
  await fillDate(page, 'f-investigation-startDate', ['6', '4', '2026']);
  await fillDate(page, 'f-investigation-endDate', ['10', '4', '2026']);
  await page.locator('#f-investigation-commercial-1').check();
}

/** Drilling notification: the site in Dresden, in EPSG:25833. */
export async function fillSite(page: Page): Promise<void> {
  await page.locator('#f-site-crs').check();
  await page.locator('#f-site-easting').fill('411500');
  await page.locator('#f-site-northing').fill('5656000');
  await page.locator('#f-municipality').fill('Dresden');
}

/**
 * The LfULG decides a taken drilling notification the worker has open: confirms it, drafts and
 * issues the Bescheid; the team lead approves it (four eyes); then the due jobs run (filing, mail).
 */
export async function decideDrillingNotification(harness: BrowserHarness, worker: Page, reference: string): Promise<void> {
  await press(worker, 'Eingang bestätigen und prüfen');
  await worker.getByLabel('Bestätigt mit Hinweisen und Auflagen').check();
  await worker.getByLabel('Begründung und Hinweise').fill('Die Bohrung ist ordnungsgemäß angezeigt.');
  await press(worker, 'Bescheid entwerfen');
  await press(worker, /Bescheid erlassen und zustellen/);
  const lead = await staffSignIn(harness, 'teamleitung.lfulg@example.org');
  await lead.goto('/bearbeitung?tab=team');
  await lead.getByRole('link', { name: reference }).click();
  await lead.getByLabel('Kommentar').fill('Geprüft.');
  await press(lead, 'Freigeben');
  await createWorker(harness.runtime).runDue();
}
