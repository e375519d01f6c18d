import type { Executor } from '../../core/db/index.js';
import type { Membership, OrganisationRole, StaffRole } from '../access/index.js';
import { parseProfile, type Profile } from './profile.js';
import type { AccountTable } from './tables.js';

/** Queries over the identity tables. Every one takes the tenant: accounts never leak across tenants. */

export interface Account {
  id: string;
  tenantId: string;
  kind: AccountTable['kind'];
  email: string | null;
  emailVerified: boolean;
  displayName: string;
  profile: Profile;
  status: AccountTable['status'];
  createdAt: string;
}

function toAccount(row: AccountTable): Account {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    email: row.email,
    emailVerified: row.email_verified === 1,
    displayName: row.display_name,
    profile: parseProfile(row.profile),
    status: row.status,
    createdAt: row.created_at,
  };
}

/** E-mail addresses compare case-insensitively; we store them lower-case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findAccountById(db: Executor, tenantId: string, id: string): Promise<Account | undefined> {
  const row = await db.selectFrom('accounts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toAccount(row);
}

export async function findAccountByEmail(db: Executor, tenantId: string, email: string): Promise<Account | undefined> {
  const row = await db.selectFrom('accounts').selectAll().where('tenant_id', '=', tenantId).where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row && toAccount(row);
}

export async function insertAccount(
  db: Executor,
  account: { id: string; tenantId: string; kind: AccountTable['kind']; email: string | null; emailVerified: boolean; displayName: string; profile: Profile },
  now: string,
): Promise<void> {
  await db
    .insertInto('accounts')
    .values({
      id: account.id,
      tenant_id: account.tenantId,
      kind: account.kind,
      email: account.email && normaliseEmail(account.email),
      email_verified: account.emailVerified ? 1 : 0,
      display_name: account.displayName,
      profile: JSON.stringify(account.profile),
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updateAccount(
  db: Executor,
  tenantId: string,
  id: string,
  change: Partial<{ email: string; emailVerified: boolean; displayName: string; profile: Profile; status: AccountTable['status'] }>,
  now: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      ...(change.email !== undefined ? { email: normaliseEmail(change.email) } : {}),
      ...(change.emailVerified !== undefined ? { email_verified: change.emailVerified ? 1 : 0 } : {}),
      ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
      ...(change.profile !== undefined ? { profile: JSON.stringify(change.profile) } : {}),
      ...(change.status !== undefined ? { status: change.status } : {}),
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function passwordHashOf(db: Executor, tenantId: string, accountId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('identities')
    .select('password_hash')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('kind', '=', 'password')
    .executeTakeFirst();
  return row?.password_hash ?? undefined;
}

export async function setPasswordHash(db: Executor, tenantId: string, accountId: string, passwordHash: string, id: string, now: string): Promise<void> {
  const updated = await db
    .updateTable('identities')
    .set({ password_hash: passwordHash })
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('kind', '=', 'password')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('identities')
    .values({ id, tenant_id: tenantId, account_id: accountId, kind: 'password', password_hash: passwordHash, provider: null, issuer: null, subject: null, created_at: now })
    .execute();
}

export async function findAccountIdByExternalIdentity(db: Executor, tenantId: string, issuer: string, subject: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('identities')
    .select('account_id')
    .where('tenant_id', '=', tenantId)
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.account_id;
}

export async function insertExternalIdentity(
  db: Executor,
  identity: { id: string; tenantId: string; accountId: string; provider: string; issuer: string; subject: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('identities')
    .values({
      id: identity.id,
      tenant_id: identity.tenantId,
      account_id: identity.accountId,
      kind: 'oidc',
      password_hash: null,
      provider: identity.provider,
      issuer: identity.issuer,
      subject: identity.subject,
      created_at: now,
    })
    .execute();
}

export async function membershipsOf(db: Executor, tenantId: string, accountId: string): Promise<(Membership & { id: string; teamId: string | null })[]> {
  const rows = await db
    .selectFrom('memberships')
    .select(['id', 'authority_id', 'role', 'team_id'])
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, authorityId: row.authority_id, role: row.role as StaffRole, teamId: row.team_id }));
}

export interface OrganisationOfPerson {
  accountId: string;
  name: string;
  role: OrganisationRole;
}

export async function organisationsOf(db: Executor, tenantId: string, personId: string): Promise<OrganisationOfPerson[]> {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('accounts', 'accounts.id', 'organisation_members.organisation_id')
    .select(['accounts.id', 'accounts.display_name', 'organisation_members.role'])
    .where('organisation_members.tenant_id', '=', tenantId)
    .where('accounts.tenant_id', '=', tenantId)
    .where('organisation_members.person_id', '=', personId)
    .where('accounts.status', '=', 'active')
    .orderBy('accounts.display_name')
    .execute();
  return rows.map((row) => ({ accountId: row.id, name: row.display_name, role: row.role }));
}

/** Adds a member; someone who already belongs keeps their role. */
export async function addOrganisationMember(db: Executor, tenantId: string, organisationId: string, personId: string, role: OrganisationRole, now: string): Promise<void> {
  await db
    .insertInto('organisation_members')
    .values({ tenant_id: tenantId, organisation_id: organisationId, person_id: personId, role, created_at: now })
    .onConflict((oc) => oc.columns(['organisation_id', 'person_id']).doNothing())
    .execute();
}

export async function listStaffAccounts(db: Executor, tenantId: string): Promise<Account[]> {
  const rows = await db.selectFrom('accounts').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', 'staff').orderBy('display_name').orderBy('id').execute();
  return rows.map(toAccount);
}
