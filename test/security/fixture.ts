import crypto from 'node:crypto';
import type { HttpApp } from '../../src/core/module.js';
import { newId } from '../../src/core/ids.js';
import { createApiClient } from '../../src/modules/identity/api-clients.js';
import { createSession, sessionCookie } from '../../src/modules/identity/sessions.js';
import { addStaff } from '../../src/modules/identity/staff.js';
import * as store from '../../src/modules/identity/store.js';
import { startApplication } from '../../src/modules/applications/service.js';
import { listAuthoritiesByKind } from '../../src/modules/catalog/index.js';
import type { TestRuntime } from '../helpers/runtime.js';
import type { Actor } from '../applications/helpers.js';
import { authoritiesOf, caseAt, submitNotification, tenantId } from '../cases/helpers.js';

/**
 * Seeded data for the security tests, reached only the way a real client reaches it: session
 * cookies of real accounts, a real API token, a real CSRF token. The owner (a citizen with a
 * submitted drilling notification and an organisation) is the victim; everyone else is tried
 * against the owner's things.
 */
export interface Identity {
  /** Host the requests go to: a tenant's own host. */
  host: string;
  /**
   * The credential headers for one request. Sessions are fresh for every request: a route tried
   * before (sign out, end all sessions) must not turn a later try into an anonymous one.
   */
  headers(): Promise<Record<string, string>>;
}

export interface SecurityFixture {
  tenantId: string;
  /** Path parameter values that point at the owner's things (or, where none is seeded, at nothing); `draftId` is the owner's draft. */
  params: Record<string, string>;
  /** Strings only the owner's data contains: a response to anybody else must not contain them. */
  ownerMarkers: string[];
  csrf: { cookie: string; token: string };
  anonymous: Identity;
  owner: Identity;
  /** Staff (case worker, team lead) at the authority that received the owner's case. */
  caseStaff: Identity;
  otherCitizen: Identity;
  staffOfOtherAuthority: Identity;
  /** A tenant administrator of the other tenant, on the other tenant's host. */
  staffOfOtherTenant: Identity;
  /** An API client of the case's own authority whose only scope is `steering.read`. */
  apiClientWithoutScope: Identity;
}

const sn = 'localhost';
const bw = 'bw.localhost';

function emailOf(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`;
}

async function personAccount(runtime: TestRuntime, tenant: string, name: string): Promise<string> {
  const id = newId();
  await store.insertAccount(
    runtime.ctx.db,
    { id, tenantId: tenant, kind: 'person', email: emailOf(name), emailVerified: true, displayName: name, profile: {} },
    runtime.clock.now().toISOString(),
  );
  return id;
}

function newSession(runtime: TestRuntime, tenant: string, accountId: string) {
  return createSession(runtime.ctx.db, runtime.ctx, { tenantId: tenant, accountId, trustLevel: 'substanziell', stage: 'complete', method: 'password', userAgent: 'security test' });
}

async function sessionOf(runtime: TestRuntime, tenant: string, accountId: string, host: string): Promise<{ identity: Identity; sessionId: string }> {
  const identity: Identity = {
    host,
    headers: async () => ({ cookie: `${sessionCookie}=${(await newSession(runtime, tenant, accountId)).token}` }),
  };
  // A session of the owner's that stays, for the route that ends one session by its id.
  return { identity, sessionId: (await newSession(runtime, tenant, accountId)).id };
}

async function staffSession(runtime: TestRuntime, tenant: string, authorityId: string | null, role: Parameters<typeof addStaff>[3]['role'], host: string) {
  const email = `staff.${crypto.randomBytes(4).toString('hex')}@behoerde.example`;
  const { accountId } = await addStaff(runtime.ctx, null, tenant, { email, name: `Staff ${role}`, role, authorityId });
  return { ...(await sessionOf(runtime, tenant, accountId, host)), accountId };
}

/** A CSRF secret cookie and a token for it, from the sign-in form (tokens are not bound to a session). */
async function csrfPair(app: HttpApp): Promise<{ cookie: string; token: string }> {
  const page = await app.inject({ url: '/anmelden' });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const setCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('aw_csrf='));
  if (!token || !setCookie) throw new Error('the sign-in page gave no CSRF token');
  return { cookie: setCookie.split(';')[0]!, token };
}

export async function seedSecurityFixture(app: HttpApp, runtime: TestRuntime): Promise<SecurityFixture> {
  const tenant = await tenantId(runtime);
  const otherTenant = await tenantId(runtime, 'bw');
  const authorities = await authoritiesOf(runtime, tenant);
  const waterAuthorities = await listAuthoritiesByKind(runtime.ctx, tenant, 'water');
  const uninvolved = waterAuthorities.find((a) => a.id !== authorities.uwb.id)!;

  const ownerName = 'Zacharias Quellwasser';
  const ownerId = await personAccount(runtime, tenant, ownerName);
  const owner = await sessionOf(runtime, tenant, ownerId, sn);
  const organisationId = newId();
  const now = runtime.clock.now().toISOString();
  await store.insertAccount(
    runtime.ctx.db,
    { id: organisationId, tenantId: tenant, kind: 'organisation', email: null, emailVerified: false, displayName: 'Quellwasser Bohr GbR', profile: {} },
    now,
  );
  await store.addOrganisationMember(runtime.ctx.db, tenant, organisationId, ownerId, 'admin', now);
  const ownerActor: Actor = { kind: 'citizen', tenantId: tenant, accountId: ownerId, name: ownerName, trustLevel: 'substanziell', actingFor: null };
  const applicationId = await submitNotification(runtime, ownerActor);
  const draft = await startApplication(runtime.ctx, ownerActor, 'bohranzeige');
  const kase = await caseAt(runtime, applicationId, authorities.lfulg.id);
  const application = await runtime.ctx.db.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirstOrThrow();
  const attachment = /"sha256":"([0-9a-f]{64})"/.exec(application.data as string)?.[1] ?? '0'.repeat(64);

  const caseStaff = await staffSession(runtime, tenant, authorities.lfulg.id, 'teamLead', sn);
  const otherCitizen = await sessionOf(runtime, tenant, await personAccount(runtime, tenant, 'Olga Andere'), sn);
  const staffOfOtherAuthority = await staffSession(runtime, tenant, uninvolved.id, 'teamLead', sn);
  const staffOfOtherTenant = await staffSession(runtime, otherTenant, null, 'tenantAdmin', bw);
  const admin: Actor = {
    kind: 'staff',
    tenantId: tenant,
    accountId: newId(),
    name: 'Admin',
    trustLevel: 'substanziell',
    memberships: [{ authorityId: null, role: 'tenantAdmin' }],
  };
  const { client, token } = await createApiClient(runtime.ctx, admin, tenant, { name: 'Statistik', authorityId: authorities.lfulg.id, scopes: ['steering.read'] });
  const service = await runtime.ctx.db.selectFrom('services').select(['id', 'key']).where('tenant_id', '=', tenant).executeTakeFirstOrThrow();
  const lebenslage = await runtime.ctx.db.selectFrom('lebenslagen').select('key').where('tenant_id', '=', tenant).executeTakeFirstOrThrow();
  const membership = await runtime.ctx.db.selectFrom('memberships').select('id').where('account_id', '=', caseStaff.accountId).executeTakeFirstOrThrow();

  return {
    tenantId: tenant,
    params: {
      applicationId,
      draftId: draft.id,
      caseId: kase.id,
      sha256: attachment,
      organisationId,
      ownerId,
      sessionId: owner.sessionId,
      staffId: caseStaff.accountId,
      membershipId: membership.id,
      apiClientId: client.id,
      authorityId: authorities.lfulg.id,
      serviceId: service.id,
      serviceKey: service.key,
      lebenslageKey: lebenslage.key,
      procedureKey: 'bohranzeige',
      pageId: 'applicant',
    },
    ownerMarkers: [ownerName, emailOf(ownerName), ...(application.reference ? [application.reference] : [])],
    csrf: await csrfPair(app),
    anonymous: { host: sn, headers: async () => ({}) },
    owner: owner.identity,
    caseStaff: caseStaff.identity,
    otherCitizen: otherCitizen.identity,
    staffOfOtherAuthority: staffOfOtherAuthority.identity,
    staffOfOtherTenant: staffOfOtherTenant.identity,
    apiClientWithoutScope: { host: sn, headers: async () => ({ authorization: `Bearer ${token}` }) },
  };
}
