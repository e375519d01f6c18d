import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authoritiesOf, submitNotification } from '../test/cases/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { demoCitizen, heading, press, staffSignIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * Teams end to end: the tenant administrator makes a team at LfULG on the teams page; the LfULG
 * team lead routes a fresh case to it from the case page, whose summary then names the team.
 */
describe('teams in case work, in Chromium', () => {
  const harness = useBrowserHarness();

  it('makes a team, routes a case to it, and the case page shows the team', async () => {
    const { runtime } = harness();
    const erika = await demoCitizen(runtime);
    const lfulg = (await authoritiesOf(runtime, erika.tenantId)).lfulg;
    const applicationId = await submitNotification(runtime, erika);
    const kase = await runtime.ctx.db
      .selectFrom('cases')
      .select(['id', 'reference'])
      .where('application_id', '=', applicationId)
      .where('authority_id', '=', lfulg.id)
      .executeTakeFirstOrThrow();

    // The administrator makes the team
    const admin = await staffSignIn(harness(), 'admin@example.org');
    await admin.goto('/verwaltung/teams');
    assert.equal(await heading(admin), 'Teams');
    await expectNoAxeViolations(admin);
    await admin.locator('#authorityId').selectOption(lfulg.id);
    await admin.getByLabel('Name des Teams').fill('Hydrogeologie');
    await press(admin, 'Team anlegen');
    assert.ok(await admin.getByRole('rowheader', { name: 'Hydrogeologie' }).isVisible());

    // The team lead routes the case there
    const lead = await staffSignIn(harness(), 'teamleitung.lfulg@example.org');
    await lead.goto(`/bearbeitung/vorgaenge/${kase.id}`);
    assert.equal(await heading(lead), `Vorgang ${kase.reference}`);
    const team = lead.locator('.kern-description-list-item', { has: lead.locator('dt', { hasText: /^Team$/ }) }).locator('dd');
    assert.equal(await team.textContent(), 'kein Team');
    await expectNoAxeViolations(lead);
    await lead.getByLabel('An ein Team weiterleiten').selectOption({ label: 'Hydrogeologie' });
    await press(lead, 'Weiterleiten');
    assert.equal(await heading(lead), `Vorgang ${kase.reference}`);
    assert.equal(await team.textContent(), 'Hydrogeologie');
    await expectNoAxeViolations(lead);
  });
});
