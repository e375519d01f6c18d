import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ForbiddenError, ValidationError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { listInbox, type InboxTab } from '../../src/modules/cases/inbox.js';
import { assignableStaff, assignCase } from '../../src/modules/cases/service.js';
import { addTeam } from '../../src/modules/identity/teams.js';
import { Agent } from '../identity/helpers.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import {
  authoritiesOf,
  caseAt,
  caseTestModules,
  citizen,
  encodeActor,
  staff,
  staffAccount,
  submitNotification,
  tenantId,
  type Actor,
  type Authorities,
  type Staff,
} from './helpers.js';

/**
 * Teams in case work: "my team" in the inbox is the open cases of the actor's teams (the whole
 * authority for someone in no team); a team lead assigns within their team and routes to any team.
 */
describe('cases and teams', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let geothermie: string;
  let hydro: string;
  let lead: Staff;
  let geo: Staff;
  let hydrologist: Staff;
  let loner: Staff;
  let freeLead: Staff;
  const cases: string[] = [];
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      authorities = await authoritiesOf(runtime, tenant);
      const admin = staff(tenant, null, 'tenantAdmin');
      geothermie = await addTeam(runtime.ctx, admin, tenant, { authorityId: authorities.lfulg.id, name: 'Geothermie' });
      hydro = await addTeam(runtime.ctx, admin, tenant, { authorityId: authorities.lfulg.id, name: 'Hydrogeologie' });
      lead = await staffAccount(runtime, tenant, authorities.lfulg.id, 'teamLead', 'Lea Leitung', geothermie);
      geo = await staffAccount(runtime, tenant, authorities.lfulg.id, 'caseWorker', 'Gustav Geo', geothermie);
      hydrologist = await staffAccount(runtime, tenant, authorities.lfulg.id, 'caseWorker', 'Hanna Hydro', hydro);
      loner = await staffAccount(runtime, tenant, authorities.lfulg.id, 'caseWorker', 'Olaf Ohneteam');
      freeLead = await staffAccount(runtime, tenant, authorities.lfulg.id, 'teamLead', 'Frida Frei');
      for (let i = 0; i < 4; i += 1) cases.push((await caseAt(runtime, await submitNotification(runtime, citizen(tenant)), authorities.lfulg.id)).id);
    },
    { modules: caseTestModules },
  );

  const version = async (id: string) => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  const teamOf = async (id: string) => await runtime.ctx.db.selectFrom('cases').select(['team_id', 'assignee_account_id']).where('id', '=', id).executeTakeFirstOrThrow();
  /** The ids on a tab (all pages of 200) and the tab's count, which must agree. */
  const tab = async (actor: Actor, name: InboxTab) => {
    const page = await listInbox(runtime.ctx, actor, { tab: name, limit: 200 });
    assert.equal(page.counts[name], page.rows.length, `the count of "${name}" matches its rows`);
    return page.rows
      .map((r) => r.id)
      .filter((id) => cases.includes(id))
      .sort();
  };
  const sorted = (...ids: string[]) => [...ids].sort();

  it('gives a taken case the team of whoever takes it; "my team" shows the own team, the whole authority without one', async () => {
    const [c1, c2, c3] = cases as [string, string, string, string];
    await assignCase(runtime.ctx, geo, c1, await version(c1), { kind: 'take' });
    await assignCase(runtime.ctx, hydrologist, c2, await version(c2), { kind: 'take' });
    await assignCase(runtime.ctx, loner, c3, await version(c3), { kind: 'take' });
    assert.deepEqual([(await teamOf(c1)).team_id, (await teamOf(c2)).team_id, (await teamOf(c3)).team_id], [geothermie, hydro, null]);
    assert.deepEqual(await tab(geo, 'team'), [c1]);
    assert.deepEqual(await tab(lead, 'team'), [c1]);
    assert.deepEqual(await tab(hydrologist, 'team'), [c2]);
    assert.deepEqual(await tab(loner, 'team'), sorted(c1, c2, c3), 'someone in no team sees every assigned case of the authority');
    assert.deepEqual((await listInbox(runtime.ctx, geo, { tab: 'team' })).myTeams, ['Geothermie']);
    // The other tabs are not touched by teams.
    assert.deepEqual(await tab(geo, 'mine'), [c1]);
    assert.deepEqual(await tab(geo, 'new'), [cases[3]!]);
  });

  it('lets a team lead assign only to the own team, and a lead without team to the whole authority', async () => {
    const c4 = cases[3]!;
    assert.deepEqual(
      (await assignableStaff(runtime.ctx, lead, authorities.lfulg.id)).map((p) => p.name),
      ['Gustav Geo', 'Lea Leitung'],
    );
    assert.deepEqual(
      (await assignableStaff(runtime.ctx, freeLead, authorities.lfulg.id)).map((p) => p.name),
      ['Frida Frei', 'Gustav Geo', 'Hanna Hydro', 'Lea Leitung', 'Olaf Ohneteam', 'Sabine Geologin', 'Thomas Leitner'],
      'with the demo staff',
    );
    assert.deepEqual(await assignableStaff(runtime.ctx, geo, authorities.lfulg.id), [], 'a case worker assigns nobody');
    for (const outsider of [hydrologist, loner]) {
      await assert.rejects(
        assignCase(runtime.ctx, lead, c4, await version(c4), { kind: 'assign', accountId: outsider.accountId }),
        (e: unknown) => e instanceof ForbiddenError && e.code === 'cases.assign.notInTeam',
      );
    }
    await assert.rejects(
      assignCase(runtime.ctx, lead, c4, await version(c4), { kind: 'assign', accountId: staff(tenant, authorities.lfulg.id, 'caseWorker').accountId }),
      ForbiddenError,
      'no account, no assignment',
    );
    await assignCase(runtime.ctx, lead, c4, await version(c4), { kind: 'assign', accountId: geo.accountId });
    const row = await runtime.ctx.db.selectFrom('cases').select(['assignee_name', 'team_id']).where('id', '=', c4).executeTakeFirstOrThrow();
    assert.deepEqual(row, { assignee_name: 'Gustav Geo', team_id: geothermie }, 'the name comes from the account');
    await assignCase(runtime.ctx, freeLead, c4, await version(c4), { kind: 'assign', accountId: hydrologist.accountId });
    assert.equal((await teamOf(c4)).team_id, hydro, "the case follows its assignee's team");
  });

  it('routes a case to a team: it leaves an assignee outside that team and waits there, unassigned', async () => {
    const c3 = cases[2]!;
    await assert.rejects(assignCase(runtime.ctx, geo, c3, await version(c3), { kind: 'team', teamId: hydro }), ForbiddenError, 'case workers do not route');
    const obaTeam = await addTeam(runtime.ctx, staff(tenant, null, 'tenantAdmin'), tenant, { authorityId: authorities.oba.id, name: 'Bergbau' });
    await assert.rejects(assignCase(runtime.ctx, lead, c3, await version(c3), { kind: 'team', teamId: obaTeam }), ValidationError, "another authority's team");
    await assignCase(runtime.ctx, lead, c3, await version(c3), { kind: 'team', teamId: hydro });
    assert.deepEqual(await teamOf(c3), { team_id: hydro, assignee_account_id: null });
    assert.ok((await tab(hydrologist, 'team')).includes(c3));
    assert.ok((await tab(hydrologist, 'new')).includes(c3), 'unassigned, so also new');
    const events = await runtime.ctx.db.selectFrom('case_events').select(['kind', 'details']).where('case_id', '=', c3).where('kind', '=', 'routed').execute();
    assert.deepEqual(
      events.map((e) => JSON.parse(e.details)),
      [{ team: hydro, name: 'Hydrogeologie' }],
    );
    // Taking it from the team keeps it there; releasing it leaves it in the team's pool.
    await assignCase(runtime.ctx, hydrologist, c3, await version(c3), { kind: 'take' });
    await assignCase(runtime.ctx, hydrologist, c3, await version(c3), { kind: 'release' });
    assert.deepEqual(await teamOf(c3), { team_id: hydro, assignee_account_id: null });
  });

  it('offers the team forms on the case page and the team on the inbox tab', async () => {
    const as = (actor: Actor) => new Agent(app, { 'x-test-actor': encodeActor(actor) });
    const c1 = cases[0]!;
    const page = await as(lead).get(`/bearbeitung/vorgaenge/${c1}`);
    assert.equal(page.statusCode, 200);
    const assignList = /<select class="kern-form-input__select" id="assign-to" name="assignee">(.*?)<\/select>/s.exec(page.body)?.[1] ?? '';
    assert.match(assignList, /Gustav Geo/);
    assert.doesNotMatch(assignList, /Hanna Hydro/, 'only the own team is offered');
    assert.match(page.body, /<option value="[^"]+">Hydrogeologie<\/option>/);
    const routed = await as(lead).post(`/bearbeitung/vorgaenge/${c1}/zuweisung`, { kind: 'team', team: hydro, version: String(await version(c1)) }, `/bearbeitung/vorgaenge/${c1}`);
    assert.equal(routed.statusCode, 303);
    assert.equal((await teamOf(c1)).team_id, hydro);
    const refused = await as(lead).post(
      `/bearbeitung/vorgaenge/${c1}/zuweisung`,
      { kind: 'assign', assignee: hydrologist.accountId, version: String(await version(c1)) },
      `/bearbeitung/vorgaenge/${c1}`,
    );
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /nur Personen Ihres Teams/);
    const inbox = await as(hydrologist).get('/bearbeitung?tab=team');
    assert.match(inbox.body, /Ihre Teams: Hydrogeologie\./);
    assert.match((await as(loner).get('/bearbeitung?tab=team')).body, /Sie gehören keinem Team an/);
  });

  it('shows the team on the case page, and the inbox filters by team (counts and keyset pages too)', async () => {
    const as = (actor: Actor) => new Agent(app, { 'x-test-actor': encodeActor(actor) });
    const teamOnPage = async (id: string) =>
      /<dt class="kern-description-list-item__key">Team<\/dt>\s*<dd class="kern-description-list-item__value">([^<]*)<\/dd>/.exec(
        (await as(geo).get(`/bearbeitung/vorgaenge/${id}`)).body,
      )?.[1];
    const c5 = (await caseAt(runtime, await submitNotification(runtime, citizen(tenant)), authorities.lfulg.id)).id;
    cases.push(c5);
    assert.equal(await teamOnPage(c5), 'kein Team');
    await assignCase(runtime.ctx, freeLead, c5, await version(c5), { kind: 'team', teamId: geothermie });
    assert.equal(await teamOnPage(c5), 'Geothermie');

    const filtered = async (team: string) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      let count = -1;
      do {
        const page = await listInbox(runtime.ctx, freeLead, { tab: 'new', team, limit: 1, ...(cursor ? { cursor } : {}) });
        ids.push(...page.rows.map((r) => r.id));
        count = page.counts.new;
        cursor = page.next ?? undefined;
      } while (cursor);
      assert.equal(count, ids.length, 'the count respects the team filter');
      return ids.sort();
    };
    const unassignedIn = async (team: string) =>
      (await runtime.ctx.db.selectFrom('cases').select('id').where('team_id', '=', team).where('open', '=', 1).where('assignee_account_id', 'is', null).execute())
        .map((r) => r.id)
        .sort();
    assert.deepEqual(await filtered(geothermie), [c5]);
    const viaApi = JSON.parse((await as(freeLead).get(`/api/v1/cases?tab=new&team=${geothermie}`)).body) as { items: { id: string }[] };
    assert.deepEqual(
      viaApi.items.map((item) => item.id),
      [c5],
      'the API filters by team as the page does',
    );
    const openApi = JSON.parse((await as(freeLead).get('/api/openapi.json')).body) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    assert.ok(
      openApi.paths['/api/v1/cases']?.get?.parameters?.some((parameter) => parameter.name === 'team'),
      'the OpenAPI document names the filter',
    );
    const hydroCases = await unassignedIn(hydro);
    assert.ok(hydroCases.length >= 2, 'earlier tests left unassigned cases in Hydrogeologie');
    assert.deepEqual(await filtered(hydro), hydroCases, 'keyset pages of one keep the filter');

    const inbox = await as(freeLead).get(`/bearbeitung?tab=new&team=${hydro}`);
    assert.match(inbox.body, new RegExp(`<option value="${hydro}" selected>Hydrogeologie</option>`));
    assert.match(inbox.body, new RegExp(`href="/bearbeitung\\?team=${hydro}&amp;tab=mine"`), 'the tabs keep the filter');
    const c5Reference = (await runtime.ctx.db.selectFrom('cases').select('reference').where('id', '=', c5).executeTakeFirstOrThrow()).reference;
    assert.doesNotMatch(inbox.body, new RegExp(c5Reference), "the other team's case is not listed");
  });
});
