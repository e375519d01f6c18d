import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { listAuthoritiesByKind, type Authority } from '../../src/modules/catalog/index.js';
import type { Actor } from '../../src/modules/access/index.js';
import { runStaffCommand } from '../../src/modules/identity/commands.js';
import { addRole, addStaff, getStaffMember } from '../../src/modules/identity/staff.js';
import { addTeam, listTeams, removeTeam, setMembershipTeam } from '../../src/modules/identity/teams.js';
import { seed } from '../../src/runtime.js';
import { Browser, staffSession } from '../catalog/staff.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';

/** Teams (Sachgebiete) of an authority: managed by tenant admins, staff put into them through their roles. */
describe('identity: teams', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let lfulg: Authority;
  let oba: Authority;
  let admin: Extract<Actor, { kind: 'staff' }>;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    tenant = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
    lfulg = (await listAuthoritiesByKind(runtime.ctx, tenant, 'geology')).find((a) => a.key === 'lfulg')!;
    oba = (await listAuthoritiesByKind(runtime.ctx, tenant, 'mining')).find((a) => a.key === 'oba')!;
    admin = { kind: 'staff', tenantId: tenant, accountId: 'admin-test', name: 'Admin', trustLevel: 'substanziell', memberships: [{ authorityId: null, role: 'tenantAdmin' }] };
  });

  const membershipsOf = (accountId: string) =>
    runtime.ctx.db.selectFrom('memberships').select(['id', 'role', 'authority_id', 'team_id']).where('account_id', '=', accountId).execute();

  it('makes teams per authority, puts staff into them through their roles, and deletes only empty teams', async () => {
    const geothermie = await addTeam(runtime.ctx, admin, tenant, { authorityId: lfulg.id, name: ' Geothermie ' });
    const hydro = await addTeam(runtime.ctx, admin, tenant, { authorityId: lfulg.id, name: 'Hydrogeologie' });
    const bohrungen = await addTeam(runtime.ctx, admin, tenant, { authorityId: oba.id, name: 'Geothermie' });
    await assert.rejects(
      addTeam(runtime.ctx, admin, tenant, { authorityId: lfulg.id, name: 'Geothermie' }),
      (e: unknown) => e instanceof ValidationError && e.fields[0]!.code === 'identity.team.exists',
    );
    await assert.rejects(addTeam(runtime.ctx, admin, tenant, { authorityId: 'nirgends', name: '' }), (e: unknown) => e instanceof ValidationError && e.fields.length === 2);

    const { accountId } = await addStaff(runtime.ctx, admin, tenant, {
      email: 'gerd@lfulg.example',
      name: 'Gerd Geo',
      role: 'caseWorker',
      authorityId: lfulg.id,
      teamId: geothermie,
    });
    assert.deepEqual(
      (await membershipsOf(accountId)).map((m) => m.team_id),
      [geothermie],
    );
    await assert.rejects(
      addStaff(runtime.ctx, admin, tenant, { email: 'x@lfulg.example', name: 'X', role: 'caseWorker', authorityId: lfulg.id, teamId: bohrungen }),
      (e: unknown) => e instanceof ValidationError && e.fields[0]!.pointer === '/teamId',
      "another authority's team",
    );
    await assert.rejects(
      addStaff(runtime.ctx, admin, tenant, { email: 'y@lfulg.example', name: 'Y', role: 'tenantAdmin', teamId: geothermie }),
      ValidationError,
      'a tenant-wide role is in no team',
    );
    assert.equal(
      await runtime.ctx.db.selectFrom('accounts').select('id').where('email', 'in', ['x@lfulg.example', 'y@lfulg.example']).executeTakeFirst(),
      undefined,
      'nothing half-done',
    );

    await addRole(runtime.ctx, admin, tenant, accountId, { role: 'teamLead', authorityId: lfulg.id, teamId: 'Hydrogeologie' });
    const member = await getStaffMember(runtime.ctx, admin, tenant, accountId);
    assert.deepEqual(
      member.memberships.map((m) => [m.role, m.teamName]),
      [
        ['caseWorker', 'Geothermie'],
        ['teamLead', 'Hydrogeologie'],
      ],
    );

    const worker = member.memberships.find((m) => m.role === 'caseWorker')!;
    await setMembershipTeam(runtime.ctx, admin, tenant, accountId, worker.id, hydro);
    await assert.rejects(setMembershipTeam(runtime.ctx, admin, tenant, accountId, worker.id, bohrungen), ValidationError);
    await assert.rejects(setMembershipTeam(runtime.ctx, admin, tenant, 'someone-else', worker.id, hydro), NotFoundError);
    const teams = await listTeams(runtime.ctx, admin, tenant);
    assert.deepEqual(
      teams.filter((t) => [geothermie, hydro, bohrungen].includes(t.id)).map((t) => [t.name, t.members]),
      [
        ['Geothermie', 0],
        ['Hydrogeologie', 2],
        ['Geothermie', 0],
      ],
    );

    await assert.rejects(removeTeam(runtime.ctx, admin, tenant, hydro), (e: unknown) => e instanceof ConflictError && e.code === 'identity.team.notEmpty');
    await removeTeam(runtime.ctx, admin, tenant, geothermie);
    assert.ok(!(await listTeams(runtime.ctx, admin, tenant)).some((t) => t.id === geothermie));

    const audit = await runtime.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'staff.team.%').execute();
    for (const action of ['staff.team.add', 'staff.team.set', 'staff.team.remove'])
      assert.ok(
        audit.some((a) => a.action === action),
        action,
      );
  });

  it('refuses anyone but a tenant administrator of the same tenant', async () => {
    const worker: Actor = { ...admin, memberships: [{ authorityId: lfulg.id, role: 'teamLead' }] };
    await assert.rejects(listTeams(runtime.ctx, worker, tenant), ForbiddenError);
    await assert.rejects(addTeam(runtime.ctx, worker, tenant, { authorityId: lfulg.id, name: 'Eigenes Team' }), ForbiddenError);
    const bw = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'bw').executeTakeFirstOrThrow()).id;
    await assert.rejects(addTeam(runtime.ctx, admin, bw, { authorityId: lfulg.id, name: 'Fremd' }), ForbiddenError);
    const team = await addTeam(runtime.ctx, admin, tenant, { authorityId: lfulg.id, name: 'Nur Sachsen' });
    await assert.rejects(removeTeam(runtime.ctx, { ...admin, tenantId: bw }, bw, team), NotFoundError);
  });

  it('lets the tenant admin manage teams in the staff administration (CSRF, 403 for others)', async () => {
    const browser = new Browser(app, (await staffSession(runtime, tenant, 'tenantAdmin', 'Tina Team')).token);
    const list = await browser.get('/verwaltung/personal');
    assert.match(list.body, /href="\/verwaltung\/teams"/);
    assert.equal(
      (await browser.post('/verwaltung/teams', { authorityId: oba.id, name: 'Markscheiderei' }, '/verwaltung/teams', { withCsrf: false })).statusCode,
      403,
      'no CSRF token, no team',
    );
    const created = await browser.post('/verwaltung/teams', { authorityId: oba.id, name: 'Markscheiderei' }, '/verwaltung/teams');
    assert.equal(created.statusCode, 303);
    const page = await browser.get('/verwaltung/teams');
    assert.match(page.body, /<th class="kern-table__cell" scope="row">Markscheiderei<\/th>/);
    const invalid = await browser.post('/verwaltung/teams', { authorityId: oba.id, name: 'Markscheiderei' }, '/verwaltung/teams');
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /schon ein Team mit diesem Namen/);
    const team = (await runtime.ctx.db.selectFrom('teams').select('id').where('name', '=', 'Markscheiderei').executeTakeFirstOrThrow()).id;

    const { accountId } = await addStaff(runtime.ctx, admin, tenant, { email: 'mara@oba.example', name: 'Mara Mark', role: 'caseWorker', authorityId: oba.id });
    const [membership] = await membershipsOf(accountId);
    const memberPage = await browser.get(`/verwaltung/personal/${accountId}`);
    assert.match(memberPage.body, new RegExp(`action="/verwaltung/personal/${accountId}/rollen/${membership!.id}/team"`));
    const set = await browser.post(`/verwaltung/personal/${accountId}/rollen/${membership!.id}/team`, { teamId: team }, `/verwaltung/personal/${accountId}`);
    assert.equal(set.statusCode, 303);
    assert.equal((await membershipsOf(accountId))[0]!.team_id, team);
    assert.match((await browser.get('/verwaltung/personal')).body, /Sachbearbeitung \(Sächsisches Oberbergamt, Team Markscheiderei\)/);
    const refused = await browser.post(`/verwaltung/teams/${team}/loeschen`, {}, '/verwaltung/teams');
    assert.equal(refused.statusCode, 409, 'a team with members stays');

    const caseWorker = new Browser(app, (await staffSession(runtime, tenant, 'caseWorker', 'Carl Case', oba.id)).token);
    assert.equal((await caseWorker.get('/verwaltung/teams')).statusCode, 403);
  });

  it('takes a team by name on the command line', async () => {
    await addTeam(runtime.ctx, admin, tenant, { authorityId: oba.id, name: 'Tiefe Bohrungen' });
    const out: string[] = [];
    const err: string[] = [];
    const output = { out: (text: string) => void out.push(text), err: (text: string) => void err.push(text) };
    assert.equal(
      await runStaffCommand(runtime.ctx, { email: 'tief@oba.example', name: 'T. Tief', role: 'caseWorker', tenant: 'sn', authority: oba.id, team: 'Tiefe Bohrungen' }, output),
      0,
    );
    const account = await runtime.ctx.db.selectFrom('accounts').select('id').where('email', '=', 'tief@oba.example').executeTakeFirstOrThrow();
    assert.equal((await getStaffMember(runtime.ctx, admin, tenant, account.id)).memberships[0]!.teamName, 'Tiefe Bohrungen');
    assert.equal(
      await runStaffCommand(runtime.ctx, { email: 'flach@oba.example', name: 'F', role: 'caseWorker', tenant: 'sn', authority: oba.id, team: 'Gibt es nicht' }, output),
      1,
    );
    assert.match(err.join(''), /teamId: identity.team.notAtAuthority/);
  });

  it('puts the demo staff into teams, once however often the seed runs', async () => {
    await seed(runtime);
    const rows = await runtime.ctx.db
      .selectFrom('memberships')
      .innerJoin('accounts', 'accounts.id', 'memberships.account_id')
      .innerJoin('teams', 'teams.id', 'memberships.team_id')
      .select(['accounts.email', 'teams.name', 'teams.id'])
      .where('accounts.email', 'like', '%lfulg@example.org')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.name),
      ['Geologische Landesaufnahme', 'Geologische Landesaufnahme'],
    );
    assert.equal(rows[0]!.id, rows[1]!.id, 'case worker and team lead of the LfULG share their team');
    const demoTeams = await runtime.ctx.db.selectFrom('teams').select('id').where('name', '=', 'Geologische Landesaufnahme').execute();
    assert.equal(demoTeams.length, 1);
  });
});
