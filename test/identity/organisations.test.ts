import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { startApplication } from '../../src/modules/applications/index.js';
import { ForbiddenError } from '../../src/core/errors.js';
import type { Actor } from '../../src/modules/identity/index.js';
import { acceptInvitation, peekInvitation } from '../../src/modules/identity/organisations.js';
import { demoPassword } from '../../src/modules/identity/seed.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Agent, lastMailTo, linkIn, registerAndVerify } from './helpers.js';

const admin = 'max.bohrer@example.org';
const password = 'Zwei Bohrer im Erzgebirge';

describe('organisation members: invite, accept, act for, roles, leave', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenantId: string;
  let organisationId: string;
  let adminId: string;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    const max = await runtime.ctx.db.selectFrom('accounts').select(['id', 'tenant_id']).where('email', '=', admin).orderBy('id').executeTakeFirstOrThrow();
    tenantId = max.tenant_id;
    adminId = max.id;
    organisationId = (await runtime.ctx.db.selectFrom('organisation_members').select('organisation_id').where('person_id', '=', adminId).executeTakeFirstOrThrow()).organisation_id;
  });

  const signIn = async (email: string, secret = demoPassword) => {
    const agent = new Agent(app);
    assert.equal((await agent.post('/anmelden', { email, password: secret })).statusCode, 303);
    return agent;
  };
  const page = () => `/konto/organisationen/${organisationId}`;
  const audited = async (action: string) => (await runtime.ctx.db.selectFrom('audit_log').select('action').where('action', '=', action).execute()).length;
  const invite = async (agent: Agent, email: string, role = 'member') => agent.post(`${page()}/einladen`, { email, role }, page());
  /** The link of the last invitation mailed to the address. */
  const invitationTo = async (email: string) => {
    const link = linkIn(await lastMailTo(runtime, email));
    assert.equal(link.pathname, '/konto/einladung');
    return link.pathname + link.search;
  };
  const accept = async (agent: Agent, url: string) => agent.post(url, {}, url);

  it('the registering person is the administrator; the members page lists members with their roles', async () => {
    const max = await signIn(admin);
    const account = await max.get('/konto');
    assert.match(account.body, new RegExp(`href="${page()}"`));
    const members = await max.get(page());
    assert.equal(members.statusCode, 200);
    assert.match(members.body, /Mitglieder von Bohrtechnik Erzgebirge GmbH/);
    assert.match(members.body, /Max Bohrer \(Sie\)/);
    assert.match(members.body, /Ihre Rolle: Administration/);
    // Someone outside the organisation does not learn it exists.
    const erika = await signIn('erika.mustermann@example.org');
    assert.equal((await erika.get(page())).statusCode, 404);
    assert.equal((await new Agent(app).get(page())).statusCode, 303, 'anonymous: to the login');
  });

  it('invites by mail; the link needs a sign-in, works once, and makes a member who can act for the organisation', async () => {
    const max = await signIn(admin);
    const refused = await invite(max, 'kein-at');
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /E-Mail-Adresse wie name@beispiel.de/);
    const sent = await invite(max, 'Jana.Mitglied@example.org');
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `${page()}?hinweis=invited`);
    assert.match((await max.get(page())).body, /jana\.mitglied@example\.org/, 'listed as open invitation');

    const mail = await lastMailTo(runtime, 'jana.mitglied@example.org');
    assert.match(mail.subject, /für Bohrtechnik Erzgebirge GmbH handeln/);
    assert.match(mail.text, /Max Bohrer lädt Sie ein/);
    const stored = await runtime.ctx.db.selectFrom('organisation_invitations').select('token_hash').execute();
    const token = linkIn(mail).searchParams.get('token')!;
    assert.ok(
      stored.every((row) => row.token_hash !== token && /^[0-9a-f]{64}$/.test(row.token_hash)),
      'only the hash is stored',
    );

    const url = await invitationTo('jana.mitglied@example.org');
    const anonymous = await new Agent(app).get(url);
    assert.equal(anonymous.statusCode, 200);
    assert.match(anonymous.body, /eingeladen, für Bohrtechnik Erzgebirge GmbH zu handeln \(Rolle: Mitglied\)/);
    assert.match(anonymous.body, /href="\/anmelden\?zurueck=%2Fkonto%2Feinladung%3Ftoken%3D/);

    const { agent: jana } = await registerAndVerify(app, runtime, { email: 'jana.mitglied@example.org', password, givenName: 'Jana', familyName: 'Mitglied' });
    assert.equal((await jana.post('/anmelden', { email: 'jana.mitglied@example.org', password })).statusCode, 303);
    const response = await accept(jana, url);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/konto?hinweis=joined');
    assert.equal((await jana.get(url)).statusCode, 410, 'single use');
    assert.equal((await jana.post(url, {}, '/konto')).statusCode, 410);

    const members = await max.get(page());
    assert.match(members.body, /Jana Mitglied/);
    assert.doesNotMatch(members.body, /Offene Einladungen[\s\S]*jana\.mitglied@example\.org/, 'no longer open');

    // Max starts an application for the organisation; Jana sees it once she acts for it.
    const draft = await startApplication(
      runtime.ctx,
      {
        kind: 'citizen',
        tenantId,
        accountId: adminId,
        name: 'Max Bohrer',
        trustLevel: 'substanziell',
        actingFor: { accountId: organisationId, name: 'Bohrtechnik Erzgebirge GmbH' },
      },
      'bohranzeige',
    );
    assert.doesNotMatch((await jana.get('/antraege')).body, new RegExp(draft.id), 'not while acting for herself');
    assert.equal((await jana.post('/konto/handeln-fuer', { organisation: organisationId }, '/konto')).statusCode, 303);
    assert.match((await jana.get('/konto')).body, /Jana Mitglied \(Bohrtechnik Erzgebirge GmbH\)/);
    assert.match((await jana.get('/antraege')).body, new RegExp(draft.id));

    // A plain member sees the members but may not manage them.
    const asMember = await jana.get(page());
    assert.equal(asMember.statusCode, 200);
    assert.doesNotMatch(asMember.body, /Mitglied einladen/);
    assert.equal((await jana.postRaw(`${page()}/einladen`, { _csrf: jana.csrfToken(), email: 'x@example.org', role: 'admin' })).statusCode, 403);
    assert.equal((await jana.postRaw(`${page()}/mitglieder/${adminId}/entfernen`, { _csrf: jana.csrfToken() })).statusCode, 403);

    // Removed, she stops acting for it at once.
    const janaId = (await runtime.ctx.db.selectFrom('accounts').select('id').where('email', '=', 'jana.mitglied@example.org').executeTakeFirstOrThrow()).id;
    assert.equal((await max.post(`${page()}/mitglieder/${janaId}/entfernen`, {}, page())).statusCode, 303);
    assert.doesNotMatch((await jana.get('/antraege')).body, new RegExp(draft.id));
    assert.equal((await jana.get(page())).statusCode, 404);
    assert.deepEqual([await audited('organisation.invite'), await audited('organisation.join'), await audited('organisation.memberRemove')], [1, 1, 1]);
  });

  it('withdrawn and expired invitations no longer work; a new invitation replaces the old one', async () => {
    const max = await signIn(admin);
    await invite(max, 'paul@example.org');
    const first = await invitationTo('paul@example.org');
    await invite(max, 'paul@example.org', 'admin');
    const second = await invitationTo('paul@example.org');
    assert.equal((await new Agent(app).get(first)).statusCode, 410, 'replaced');
    assert.match((await new Agent(app).get(second)).body, /Rolle: Administration/);

    const invitationId = /einladungen\/([0-9a-f-]+)\/zurueckziehen/.exec((await max.get(page())).body)?.[1];
    assert.ok(invitationId);
    assert.equal((await max.post(`${page()}/einladungen/${invitationId}/zurueckziehen`, {}, page())).statusCode, 303);
    assert.equal((await new Agent(app).get(second)).statusCode, 410, 'withdrawn');
    assert.equal((await max.post(`${page()}/einladungen/${invitationId}/zurueckziehen`, {}, page())).statusCode, 404, 'nothing left to withdraw');

    await invite(max, 'paul@example.org');
    const third = await invitationTo('paul@example.org');
    runtime.clock.advance(7 * 86_400_000 - 60_000);
    assert.equal((await new Agent(app).get(third)).statusCode, 200, 'still valid on the seventh day');
    runtime.clock.advance(61_000);
    assert.equal((await new Agent(app).get(third)).statusCode, 410, 'expired after 7 days');
    assert.equal(await audited('organisation.invitationRevoke'), 1);
  });

  it('keeps at least one administrator: the last one can neither leave nor step down, a second one can', async () => {
    const max = await signIn(admin);
    const leave = await max.post(`${page()}/verlassen`, {}, page());
    assert.equal(leave.statusCode, 409);
    assert.match(leave.body, /mindestens eine Administration/);
    assert.equal((await max.post(`${page()}/mitglieder/${adminId}/rolle`, { role: 'member' }, page())).statusCode, 409);

    await invite(max, 'erika.mustermann@example.org', 'admin');
    const erika = await signIn('erika.mustermann@example.org');
    assert.equal((await accept(erika, await invitationTo('erika.mustermann@example.org'))).statusCode, 303);
    assert.match((await erika.get(page())).body, /Ihre Rolle: Administration/);
    const erikaId = (await runtime.ctx.db.selectFrom('accounts').select('id').where('email', '=', 'erika.mustermann@example.org').executeTakeFirstOrThrow()).id;
    // Max makes Erika a plain member and back; then leaves, and Erika is the administrator.
    assert.equal((await max.post(`${page()}/mitglieder/${erikaId}/rolle`, { role: 'member' }, page())).statusCode, 303);
    assert.equal((await max.post(`${page()}/mitglieder/${erikaId}/rolle`, { role: 'admin' }, page())).statusCode, 303);
    const left = await max.post(`${page()}/verlassen`, {}, page());
    assert.equal(left.statusCode, 303);
    assert.equal(left.headers.location, '/konto?hinweis=left');
    assert.equal((await max.get(page())).statusCode, 404);
    const erikaLeaves = await erika.post(`${page()}/verlassen`, {}, page());
    assert.equal(erikaLeaves.statusCode, 409, 'now she is the last one');
    assert.deepEqual([await audited('organisation.memberRole'), await audited('organisation.leave')], [2, 1]);
  });

  it('staff cannot accept an invitation, and a post without CSRF token changes nothing', async () => {
    const erika = await signIn('erika.mustermann@example.org');
    const before = await runtime.ctx.db.selectFrom('organisation_invitations').select('id').execute();
    const forged = await erika.postRaw(`${page()}/einladen`, { email: 'fremd@example.org', role: 'admin' });
    assert.equal(forged.statusCode, 403);
    assert.equal((await runtime.ctx.db.selectFrom('organisation_invitations').select('id').execute()).length, before.length);

    await erika.post(`${page()}/einladen`, { email: 'teamleitung.oba@example.org', role: 'member' }, page());
    const token = new URL(await invitationTo('teamleitung.oba@example.org'), 'http://localhost').searchParams.get('token')!;
    const staff: Actor = {
      kind: 'staff',
      tenantId,
      accountId: 'staff-1',
      name: 'Ulrike Oberhauer',
      trustLevel: 'basis',
      memberships: [{ authorityId: null, role: 'tenantAdmin' }],
    };
    await assert.rejects(acceptInvitation(runtime.ctx, staff, token), ForbiddenError);
    assert.equal((await peekInvitation(runtime.ctx, tenantId, token)).email, 'teamleitung.oba@example.org', 'still open');
  });

  it('the only administrator of an organisation with other members cannot delete her account until she names another', async () => {
    // After the tests above Erika is the organisation's only member and administrator.
    const erika = await signIn('erika.mustermann@example.org');
    await invite(erika, 'paula@example.org');
    const url = await invitationTo('paula@example.org');
    const { agent: paula } = await registerAndVerify(app, runtime, { email: 'paula@example.org', password, givenName: 'Paula', familyName: 'Probe' });
    await paula.post('/anmelden', { email: 'paula@example.org', password });
    assert.equal((await accept(paula, url)).statusCode, 303);

    const refused = await erika.post('/konto/loeschen', { password: demoPassword, confirm: 'yes' }, '/konto/loeschen');
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /einzige Administration von Bohrtechnik Erzgebirge GmbH/);
    assert.equal((await erika.get('/konto')).statusCode, 200, 'nothing was deleted');

    assert.equal((await paula.post(`${page()}/verlassen`, {}, page())).statusCode, 303);
    const deleted = await erika.post('/konto/loeschen', { password: demoPassword, confirm: 'yes' }, '/konto/loeschen');
    assert.equal(deleted.statusCode, 200);
  });
});
