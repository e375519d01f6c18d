import type { Executor } from '../../core/db/index.js';
import type { OrganisationRole } from '../access/index.js';
import type { OrganisationInvitationTable } from './tables.js';

/** Queries over organisation members and invitations; every one is scoped by tenant and organisation. */

export interface OrganisationMember {
  personId: string;
  name: string;
  email: string | null;
  role: OrganisationRole;
  since: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: OrganisationRole;
  createdAt: string;
  expiresAt: string;
}

/**
 * The active organisation account; with `lock` its row is locked on PostgreSQL, so membership
 * changes of one organisation run one after the other (two administrators removing each other
 * cannot both succeed).
 */
export async function findOrganisation(db: Executor, tenantId: string, organisationId: string, lock = false): Promise<{ id: string; name: string } | undefined> {
  let query = db
    .selectFrom('accounts')
    .select(['id', 'display_name'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', organisationId)
    .where('kind', '=', 'organisation')
    .where('status', '=', 'active');
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && { id: row.id, name: row.display_name };
}

export async function membersOf(db: Executor, tenantId: string, organisationId: string): Promise<OrganisationMember[]> {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('accounts', 'accounts.id', 'organisation_members.person_id')
    .select(['accounts.id', 'accounts.display_name', 'accounts.email', 'organisation_members.role', 'organisation_members.created_at'])
    .where('organisation_members.tenant_id', '=', tenantId)
    .where('accounts.tenant_id', '=', tenantId)
    .where('organisation_members.organisation_id', '=', organisationId)
    .orderBy('accounts.display_name')
    .orderBy('accounts.id')
    .execute();
  return rows.map((row) => ({ personId: row.id, name: row.display_name, email: row.email, role: row.role, since: row.created_at }));
}

export async function roleIn(db: Executor, tenantId: string, organisationId: string, personId: string): Promise<OrganisationRole | undefined> {
  const row = await db
    .selectFrom('organisation_members')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row?.role;
}

export async function countAdmins(db: Executor, tenantId: string, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('organisation_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteMember(db: Executor, tenantId: string, organisationId: string, personId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('organisation_members')
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function setMemberRole(db: Executor, tenantId: string, organisationId: string, personId: string, role: OrganisationRole): Promise<boolean> {
  const result = await db
    .updateTable('organisation_members')
    .set({ role })
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function pendingInvitations(db: Executor, tenantId: string, organisationId: string, now: string): Promise<PendingInvitation[]> {
  const rows = await db
    .selectFrom('organisation_invitations')
    .select(['id', 'email', 'role', 'created_at', 'expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({ id: row.id, email: row.email, role: row.role, createdAt: row.created_at, expiresAt: row.expires_at }));
}

/** Withdraws pending invitations of the organisation: one by id, or all to one address. Returns how many. */
export async function revokeInvitations(db: Executor, tenantId: string, organisationId: string, which: { id: string } | { email: string }, now: string): Promise<number> {
  let query = db
    .updateTable('organisation_invitations')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now);
  query = 'id' in which ? query.where('id', '=', which.id) : query.where('email', '=', which.email);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertInvitation(db: Executor, invitation: OrganisationInvitationTable): Promise<void> {
  await db.insertInto('organisation_invitations').values(invitation).execute();
}

export async function findInvitationByTokenHash(db: Executor, tenantId: string, tokenHash: string): Promise<OrganisationInvitationTable | undefined> {
  return db.selectFrom('organisation_invitations').selectAll().where('tenant_id', '=', tenantId).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks the invitation accepted, only if it still is pending (two tabs cannot both use it). */
export async function markAccepted(db: Executor, id: string, personId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('organisation_invitations')
    .set({ accepted_at: now, accepted_by: personId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
