import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiClient } from '../src/modules/identity/api-clients.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { heading, press, signIn, staffSignIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * The one-button forms in table and list rows name their row for screen readers (RowAction): a
 * signed-in person's other session, a staff member's role, an API client. The pages pass axe and
 * the buttons work without JavaScript.
 */
describe('row actions in Chromium', () => {
  const harness = useBrowserHarness();

  it('ends another session by its named button, without JavaScript', async () => {
    const other = await (await harness().newContext({ userAgent: 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0' })).newPage();
    await other.goto('/anmelden');
    await signIn(other, 'erika.mustermann@example.org');
    const page = await harness().newPageWithoutJavaScript();
    await page.goto('/anmelden');
    await signIn(page, 'erika.mustermann@example.org');
    await page.goto('/konto');
    await expectNoAxeViolations(page);
    await press(page, /^Abmelden\W+Firefox auf Android, /);
    assert.equal(await heading(page), 'Mein Konto');
    assert.equal(await page.getByRole('button', { name: /^Abmelden\W+Firefox auf Android/ }).count(), 0);
    await other.goto('/konto');
    assert.equal(await heading(other), 'Anmelden', 'the ended session is signed out');
  });

  it('removes a staff role and revokes an API client by their named buttons', async () => {
    const { runtime } = harness();
    const admin = await staffSignIn(harness(), 'admin@example.org');
    const lead = await runtime.ctx.db.selectFrom('accounts').select(['id', 'tenant_id']).where('email', '=', 'teamleitung.lfulg@example.org').executeTakeFirstOrThrow();
    await admin.goto(`/verwaltung/personal/${lead.id}`);
    await expectNoAxeViolations(admin);
    const removeButtons = admin.getByRole('button', { name: /^Rolle entfernen\W/ });
    const before = await removeButtons.count();
    assert.ok(before >= 1);
    // The button names the role as the list shows it.
    const role = (await removeButtons.first().locator('.kern-sr-only').textContent())!.slice(2);
    assert.ok(await admin.getByRole('listitem').filter({ hasText: role }).first().isVisible());
    await press(admin, new RegExp(`^Rolle entfernen\\W+${role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    assert.equal(await removeButtons.count(), before - 1);

    const lfulg = await runtime.ctx.db.selectFrom('authorities').select('id').where('tenant_id', '=', lead.tenant_id).where('key', '=', 'lfulg').executeTakeFirstOrThrow();
    const tenantAdmin = {
      kind: 'staff' as const,
      tenantId: lead.tenant_id,
      accountId: 'admin',
      name: 'Admin',
      trustLevel: 'substanziell' as const,
      memberships: [{ authorityId: null, role: 'tenantAdmin' as const }],
    };
    await createApiClient(runtime.ctx, tenantAdmin, lead.tenant_id, { name: 'Fachverfahren GeoDIN', authorityId: lfulg.id, scopes: ['case.read'] });
    await admin.goto('/verwaltung/api-clients');
    await expectNoAxeViolations(admin);
    await press(admin, /^Widerrufen\W+Fachverfahren GeoDIN$/);
    assert.ok(await admin.getByText(/GeoDIN.*widerrufen/).isVisible());
  });
});
