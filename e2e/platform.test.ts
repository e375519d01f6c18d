import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runStaffCommand } from '../src/modules/identity/commands.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { follow, heading, press, staffSignIn, useBrowserHarness } from './helpers/journeys.js';
import { say, sayPattern, variantOptions, variants } from './helpers/variants.js';

/**
 * The platform operator's tenant pages (/betrieb/mandanten) in Chromium, without JavaScript in
 * German: an operator made on the command line signs in, opens the list and a tenant, has a pale
 * colour refused next to its field, and changes the tenant's contact. Axe on every page.
 */
describe('the platform operator’s tenant pages in Chromium', () => {
  const harness = useBrowserHarness();
  const variant = variants[0]!;

  it('lists the tenants, refuses a pale colour and changes a tenant’s contact', async () => {
    let password = '';
    const output = { out: (text: string) => void (password = /one-time password[^:]*: (\S+)/.exec(text)?.[1] ?? password), err: () => {} };
    const made = await runStaffCommand(harness().runtime.ctx, { email: 'betrieb@example.org', name: 'Olga Operator', role: 'platformOperator', tenant: 'sn' }, output);
    assert.equal(made, 0);
    const page = await staffSignIn(harness(), 'betrieb@example.org', { password, context: variantOptions(variant), from: '/betrieb/mandanten' });

    await page.goto('/betrieb/mandanten');
    assert.equal(await heading(page), say(variant, 'platform.tenants.title'));
    assert.ok(await page.getByRole('cell', { name: 'bw.localhost' }).isVisible());
    await expectNoAxeViolations(page);

    await follow(page.getByRole('link', { name: 'service-bw Baden-Württemberg' }));
    assert.equal(await heading(page), 'service-bw Baden-Württemberg');
    await expectNoAxeViolations(page);

    await page.getByLabel(say(variant, 'platform.tenant.field.primaryColor')).fill('#ffd700');
    await press(page, say(variant, 'platform.tenant.settingsSubmit'));
    assert.ok(
      await page
        .locator('.aw-error-summary')
        .getByRole('link', { name: say(variant, 'platform.tenant.colourContrast') })
        .isVisible(),
      'in the summary, linked to the field',
    );
    await expectNoAxeViolations(page);

    await page.getByLabel(say(variant, 'platform.tenant.field.primaryColor')).fill('#004c3f');
    await page.getByLabel(say(variant, 'platform.tenant.field.providerEmail')).fill('portal@service-bw.example');
    await press(page, say(variant, 'platform.tenant.settingsSubmit'));
    const contact = page.locator('.kern-description-list-item').filter({ hasText: say(variant, 'platform.tenant.contact') });
    assert.equal(await contact.locator('dd').textContent(), 'portal@service-bw.example');
    assert.ok(await page.getByText(sayPattern(variant, 'platform.tenant.ownedByOperator', { date: /\d\d\.\d\d\.\d{4}/ })).isVisible(), 'the database owns the settings now');
    await expectNoAxeViolations(page);
  });
});
