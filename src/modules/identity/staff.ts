import { appendAudit, type AuditActor } from '../../core/audit/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { getAuthority } from '../catalog/index.js';
import { auditActor, authorityFreeRoles, authorize, isStaffRole, staffRoles, tenantGrantableRoles, tenantWideRoles, type Actor, type StaffRole } from '../access/index.js';
import { hashPassword } from './passwords.js';
import { randomToken } from './secrets.js';
import { deleteAllSessions } from './sessions.js';
import * as store from './store.js';
import { checkTeam, teamsOfStaff } from './teams.js';
import { FieldErrors } from './validation.js';

export interface StaffMember extends store.Account {
  memberships: { id: string; authorityId: string | null; authorityName: string | null; role: StaffRole; teamId: string | null; teamName: string | null }[];
}

export interface NewMembership {
  authorityId: string | null;
  role: StaffRole;
  teamId: string | null;
}

type MembershipInput = { authorityId?: unknown; role?: unknown; teamId?: unknown };

/**
 * Checks a role assignment: the role must be one `grantable` holds; the authority must exist in the
 * tenant; tenantAdmin and platformOperator are tenant-wide; a team must be the authority's.
 */
async function checkMembership(
  ctx: AppContext,
  tenantId: string,
  input: MembershipInput,
  errors: FieldErrors,
  grantable: readonly StaffRole[],
): Promise<NewMembership | undefined> {
  const role = input.role;
  if (!isStaffRole(role) || !grantable.includes(role)) {
    errors.add('role', 'identity.staff.roleInvalid');
    return undefined;
  }
  const authorityId = typeof input.authorityId === 'string' && input.authorityId.trim() ? input.authorityId.trim() : null;
  if (!authorityId || authorityFreeRoles.includes(role)) {
    if (!tenantWideRoles.includes(role)) errors.add('authorityId', 'identity.staff.authorityRequired');
    return tenantWideRoles.includes(role) ? { authorityId: null, role, teamId: await checkTeam(ctx.db, tenantId, null, input.teamId, errors) } : undefined;
  }
  if (authorityId.length > 100 || !(await getAuthority(ctx, tenantId, authorityId))) {
    errors.add('authorityId', 'identity.staff.authorityUnknown');
    return undefined;
  }
  return { authorityId, role, teamId: await checkTeam(ctx.db, tenantId, authorityId, input.teamId, errors) };
}

function membershipRow(ctx: AppContext, tenantId: string, accountId: string, membership: NewMembership) {
  return {
    id: newId(),
    tenant_id: tenantId,
    account_id: accountId,
    authority_id: membership.authorityId,
    role: membership.role,
    team_id: membership.teamId,
    created_at: ctx.clock.now().toISOString(),
  };
}

/** A password for a new staff account, shown once to whoever creates it. */
function initialPassword(): string {
  return randomToken(15);
}

/**
 * Creates a staff account with one role and returns its initial password. `actor` null means the
 * command line (`amtsweg staff add`), which is how the first tenant administrator and every
 * platform operator are made; a tenant administrator gives only `tenantGrantableRoles`.
 */
export async function addStaff(
  ctx: AppContext,
  actor: Actor | null,
  tenantId: string,
  input: { email?: unknown; name?: unknown } & MembershipInput,
): Promise<{ accountId: string; password: string }> {
  if (actor) authorize(actor, 'staff.manage', { tenantId });
  const errors = new FieldErrors();
  const email = errors.email('email', input.email);
  const name = errors.requireText('name', input.name);
  const membership = await checkMembership(ctx, tenantId, input, errors, actor ? tenantGrantableRoles : staffRoles);
  if (!errors.empty || !membership) throw new ValidationError(errors.list);
  const password = initialPassword();
  const passwordHash = await hashPassword(password);
  const accountId = newId();
  await inTransaction(ctx.db, async (trx) => {
    if (await store.findAccountByEmail(trx, tenantId, email)) throw new ValidationError([{ pointer: '/email', code: 'identity.email.taken' }]);
    const now = ctx.clock.now().toISOString();
    await store.insertAccount(trx, { id: accountId, tenantId, kind: 'staff', email, emailVerified: true, displayName: name, profile: {} }, now);
    await store.setPasswordHash(trx, tenantId, accountId, passwordHash, newId(), now);
    await trx
      .insertInto('memberships')
      .values(membershipRow(ctx, tenantId, accountId, membership))
      .execute();
    const who: AuditActor = actor ? auditActor(actor) : { type: 'system', id: 'cli' };
    await appendAudit(trx, ctx, { tenantId, actor: who, action: 'staff.add', objectType: 'account', objectId: accountId, details: { ...membership } });
  });
  return { accountId, password };
}

export async function listStaff(ctx: AppContext, actor: Actor, tenantId: string): Promise<StaffMember[]> {
  authorize(actor, 'staff.manage', { tenantId });
  const accounts = await store.listStaffAccounts(ctx.db, tenantId);
  return Promise.all(accounts.map((account) => withMemberships(ctx, account)));
}

async function withMemberships(ctx: AppContext, account: store.Account): Promise<StaffMember> {
  const [memberships, teams] = await Promise.all([store.membershipsOf(ctx.db, account.tenantId, account.id), teamsOfStaff(ctx, account.tenantId, account.id)]);
  return {
    ...account,
    memberships: await Promise.all(
      memberships.map(async (m) => ({
        ...m,
        authorityName: m.authorityId ? ((await getAuthority(ctx, account.tenantId, m.authorityId))?.name ?? m.authorityId) : null,
        teamName: teams.find((team) => team.id === m.teamId)?.name ?? null,
      })),
    ),
  };
}

export async function getStaffMember(ctx: AppContext, actor: Actor, tenantId: string, accountId: string): Promise<StaffMember> {
  authorize(actor, 'staff.manage', { tenantId });
  const account = await store.findAccountById(ctx.db, tenantId, accountId);
  if (account?.kind !== 'staff') throw new NotFoundError();
  return withMemberships(ctx, account);
}

export async function addRole(ctx: AppContext, actor: Actor, tenantId: string, accountId: string, input: MembershipInput): Promise<void> {
  const member = await getStaffMember(ctx, actor, tenantId, accountId);
  const errors = new FieldErrors();
  const membership = await checkMembership(ctx, tenantId, input, errors, tenantGrantableRoles);
  if (!membership || !errors.empty) throw new ValidationError(errors.list);
  if (member.memberships.some((m) => m.role === membership.role && m.authorityId === membership.authorityId)) throw new ConflictError('identity.staff.roleExists');
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .insertInto('memberships')
      .values(membershipRow(ctx, tenantId, accountId, membership))
      .execute();
    await appendAudit(trx, ctx, { tenantId, actor: auditActor(actor), action: 'staff.role.add', objectType: 'account', objectId: accountId, details: { ...membership } });
  });
}

/** Removes a role. The last tenant administrator cannot remove their own admin role (nobody could add it back). */
export async function removeRole(ctx: AppContext, actor: Actor, tenantId: string, accountId: string, membershipId: string): Promise<void> {
  const member = await getStaffMember(ctx, actor, tenantId, accountId);
  const membership = member.memberships.find((m) => m.id === membershipId);
  if (!membership) throw new NotFoundError();
  if (membership.role === 'tenantAdmin') await refuseIfLastAdmin(ctx, tenantId, accountId);
  await inTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('memberships').where('tenant_id', '=', tenantId).where('id', '=', membershipId).execute();
    await appendAudit(trx, ctx, {
      tenantId,
      actor: auditActor(actor),
      action: 'staff.role.remove',
      objectType: 'account',
      objectId: accountId,
      details: { authorityId: membership.authorityId, role: membership.role, teamId: membership.teamId },
    });
  });
}

async function refuseIfLastAdmin(ctx: AppContext, tenantId: string, accountId: string): Promise<void> {
  const admins = await ctx.db
    .selectFrom('memberships')
    .innerJoin('accounts', 'accounts.id', 'memberships.account_id')
    .select('memberships.account_id')
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.role', '=', 'tenantAdmin')
    .where('accounts.status', '=', 'active')
    .where('memberships.account_id', '!=', accountId)
    .execute();
  if (admins.length === 0) throw new ConflictError('identity.staff.lastAdmin');
}

/** Deactivates a staff account: it cannot sign in any more and its sessions end now. */
export async function deactivateStaff(ctx: AppContext, actor: Actor, tenantId: string, accountId: string): Promise<void> {
  const member = await getStaffMember(ctx, actor, tenantId, accountId);
  if (member.memberships.some((m) => m.role === 'tenantAdmin')) await refuseIfLastAdmin(ctx, tenantId, accountId);
  await inTransaction(ctx.db, async (trx) => {
    await store.updateAccount(trx, tenantId, accountId, { status: 'deactivated' }, ctx.clock.now().toISOString());
    await deleteAllSessions(trx, tenantId, accountId);
    await appendAudit(trx, ctx, { tenantId, actor: auditActor(actor), action: 'staff.deactivate', objectType: 'account', objectId: accountId });
  });
}

/**
 * Where work mail for a staff member goes (deadline reminders): the address of their account,
 * only while it is an active staff account of the tenant. Undefined otherwise, so the caller falls
 * back to the authority's mailbox.
 */
export async function staffMailAddress(ctx: AppContext, tenantId: string, accountId: string): Promise<string | undefined> {
  const account = await store.findAccountById(ctx.db, tenantId, accountId);
  return account && account.kind === 'staff' && account.status === 'active' && account.email ? account.email : undefined;
}
