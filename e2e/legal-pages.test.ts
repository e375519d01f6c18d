import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';
import { follow, heading } from './helpers/journeys.js';
import { newVariantPage, say, variants } from './helpers/variants.js';

describe("each tenant's legal pages in Chromium", () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });

  // Chromium resolves every *.localhost name to the loopback address, so the second tenant's
  // host reaches the same test server (and stays a secure context for the Secure cookies).
  const tenants = [
    { host: 'localhost', provider: 'Freistaat Sachsen, Sächsische Staatskanzlei', feedback: 'barrierefreiheit@amt24.sachsen.example' },
    { host: 'bw.localhost', provider: 'Land Baden-Württemberg', feedback: 'barrierefreiheit@service-bw.example' },
  ];

  for (const tenant of tenants) {
    for (const variant of variants) {
      it(`${tenant.host}: the footer leads to its own Impressum, Datenschutz and Barrierefreiheit, axe-clean (${variant.name})`, async () => {
        const page = await newVariantPage(harness, variant, { baseURL: harness.baseUrl.replace('//localhost', `//${tenant.host}`) });
        await page.goto('/');
        const footerLink = (key: string) => page.getByRole('contentinfo').getByRole('link', { name: say(variant, key) });
        assert.match((await page.locator('link[rel=icon]').getAttribute('href')) ?? '', /^\/tenant\/favicon\.svg/);

        await follow(footerLink('layout.imprint'));
        assert.equal(await heading(page), say(variant, 'layout.imprint'));
        assert.ok(await page.getByText(tenant.provider).first().isVisible());
        await expectNoAxeViolations(page);

        await follow(footerLink('layout.privacy'));
        assert.equal(await heading(page), say(variant, 'layout.privacy'));
        assert.ok(await page.getByRole('heading', { name: say(variant, 'legal.privacy.dpo') }).isVisible());
        await expectNoAxeViolations(page);

        await follow(footerLink('layout.accessibility'));
        assert.equal(await heading(page), say(variant, 'layout.accessibility'));
        assert.ok(await page.getByRole('heading', { name: say(variant, 'legal.accessibility.status') }).isVisible());
        assert.ok(await page.getByRole('heading', { name: say(variant, 'legal.accessibility.schlichtung') }).isVisible());
        assert.ok(await page.getByRole('link', { name: tenant.feedback }).isVisible());
        await expectNoAxeViolations(page);
      });
    }
  }

  it("bw.localhost: links take the tenant's colour in the light scheme and KERN's readable one under a dark scheme, axe-clean in both", async () => {
    const page = await harness.newPageWithoutJavaScript({ baseURL: harness.baseUrl.replace('//localhost', '//bw.localhost') });
    const linkColour = () =>
      page
        .getByRole('contentinfo')
        .getByRole('link', { name: 'Impressum' })
        .evaluate((link) => getComputedStyle(link).color);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    // #7a5f00, the colour data/tenants.json gives service-bw.
    assert.equal(await linkColour(), 'rgb(122, 95, 0)');
    await expectNoAxeViolations(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.notEqual(await linkColour(), 'rgb(122, 95, 0)');
    await expectNoAxeViolations(page);
  });
});
