import { appendAudit } from '../../core/audit/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Executor } from '../../core/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { getAuthority } from '../catalog/index.js';
import { auditActor, authorize, type Actor } from '../access/index.js';
import { FieldErrors } from './validation.js';

/**
 * Teams (Sachgebiete, Referate) of an authority. Tenant administrators make them and put staff
 * into them through their memberships at that authority; the cases module reads them for the
 * inbox's "my team" tab and for whom a team lead may assign a case to.
 */

export interface Team {
  id: string;
  authorityId: string;
  authorityName: string;
  name: string;
  /** Memberships in the team (a person holding two roles in it counts twice). */
  members: number;
}

/** Every team of the tenant, by authority and name. */
export async function listTeams(ctx: AppContext, actor: Actor, tenantId: string): Promise<Team[]> {
  authorize(actor, 'staff.manage', { tenantId });
  const rows = await ctx.db
    .selectFrom('teams')
    .leftJoin('memberships', (join) => join.onRef('memberships.team_id', '=', 'teams.id').on('memberships.tenant_id', '=', tenantId))
    .select(['teams.id', 'teams.authority_id', 'teams.name', (eb) => eb.fn.count<number>('memberships.id').as('members')])
    .where('teams.tenant_id', '=', tenantId)
    .groupBy(['teams.id', 'teams.authority_id', 'teams.name'])
    .execute();
  const names = new Map<string, string>();
  for (const authorityId of new Set(rows.map((r) => r.authority_id))) names.set(authorityId, (await getAuthority(ctx, tenantId, authorityId))?.name ?? authorityId);
  return rows
    .map((r) => ({ id: r.id, authorityId: r.authority_id, authorityName: names.get(r.authority_id)!, name: r.name, members: Number(r.members) }))
    .sort((a, b) => a.authorityName.localeCompare(b.authorityName, 'de') || a.name.localeCompare(b.name, 'de'));
}

export async function addTeam(ctx: AppContext, actor: Actor, tenantId: string, input: { authorityId?: unknown; name?: unknown }): Promise<string> {
  authorize(actor, 'staff.manage', { tenantId });
  const errors = new FieldErrors();
  const name = errors.requireText('name', input.name);
  const authorityId = typeof input.authorityId === 'string' ? input.authorityId.trim() : '';
  if (!authorityId || authorityId.length > 100 || !(await getAuthority(ctx, tenantId, authorityId))) errors.add('authorityId', 'identity.staff.authorityUnknown');
  if (!errors.empty) throw new ValidationError(errors.list);
  const id = newId();
  await inTransaction(ctx.db, async (trx) => {
    if (await findTeam(trx, tenantId, authorityId, name)) throw new ValidationError([{ pointer: '/name', code: 'identity.team.exists' }]);
    await trx.insertInto('teams').values({ id, tenant_id: tenantId, authority_id: authorityId, name, created_at: ctx.clock.now().toISOString() }).execute();
    await appendAudit(trx, ctx, { tenantId, actor: auditActor(actor), action: 'staff.team.add', objectType: 'team', objectId: id, details: { authorityId, name } });
  });
  return id;
}

/** Removes a team nobody is in any more (so no one silently loses their team). */
export async function removeTeam(ctx: AppContext, actor: Actor, tenantId: string, teamId: string): Promise<void> {
  authorize(actor, 'staff.manage', { tenantId });
  await inTransaction(ctx.db, async (trx) => {
    const team = await trx.selectFrom('teams').selectAll().where('tenant_id', '=', tenantId).where('id', '=', teamId).executeTakeFirst();
    if (!team) throw new NotFoundError();
    const member = await trx.selectFrom('memberships').select('id').where('tenant_id', '=', tenantId).where('team_id', '=', teamId).executeTakeFirst();
    if (member) throw new ConflictError('identity.team.notEmpty');
    await trx.deleteFrom('teams').where('tenant_id', '=', tenantId).where('id', '=', teamId).execute();
    await appendAudit(trx, ctx, {
      tenantId,
      actor: auditActor(actor),
      action: 'staff.team.remove',
      objectType: 'team',
      objectId: teamId,
      details: { authorityId: team.authority_id, name: team.name },
    });
  });
}

/** A team of the authority named by its id or its name (the command line takes names). */
export async function findTeam(db: Executor, tenantId: string, authorityId: string, idOrName: string): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('authority_id', '=', authorityId)
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
}

/**
 * The team a role is to be held in: none for an empty choice, else a team of the role's authority
 * (a role without authority cannot be in a team). Adds a field error for anything else.
 */
export async function checkTeam(db: Executor, tenantId: string, authorityId: string | null, value: unknown, errors: FieldErrors): Promise<string | null> {
  const wanted = typeof value === 'string' ? value.trim() : '';
  if (!wanted) return null;
  const team = authorityId && wanted.length <= 100 ? await findTeam(db, tenantId, authorityId, wanted) : undefined;
  if (!team) errors.add('teamId', 'identity.team.notAtAuthority');
  return team?.id ?? null;
}

/** Puts the holder of one role into a team of that role's authority, or takes them out (empty choice). */
export async function setMembershipTeam(ctx: AppContext, actor: Actor, tenantId: string, accountId: string, membershipId: string, value: unknown): Promise<void> {
  authorize(actor, 'staff.manage', { tenantId });
  await inTransaction(ctx.db, async (trx) => {
    const membership = await trx
      .selectFrom('memberships')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('account_id', '=', accountId)
      .where('id', '=', membershipId)
      .executeTakeFirst();
    if (!membership) throw new NotFoundError();
    const errors = new FieldErrors();
    const teamId = await checkTeam(trx, tenantId, membership.authority_id, value, errors);
    if (!errors.empty) throw new ValidationError(errors.list);
    await trx.updateTable('memberships').set({ team_id: teamId }).where('tenant_id', '=', tenantId).where('id', '=', membershipId).execute();
    await appendAudit(trx, ctx, {
      tenantId,
      actor: auditActor(actor),
      action: 'staff.team.set',
      objectType: 'account',
      objectId: accountId,
      details: { membership: membershipId, role: membership.role, team: teamId },
    });
  });
}

// ---- for the cases module: who is in which team (it checks the actor's rights itself) ----

/** The teams an active staff account is in, with their authority. */
export async function teamsOfStaff(ctx: Pick<AppContext, 'db'>, tenantId: string, accountId: string): Promise<{ id: string; authorityId: string; name: string }[]> {
  const rows = await ctx.db
    .selectFrom('memberships')
    .innerJoin('teams', 'teams.id', 'memberships.team_id')
    .select(['teams.id', 'teams.authority_id', 'teams.name'])
    .distinct()
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.account_id', '=', accountId)
    .execute();
  return rows.map((r) => ({ id: r.id, authorityId: r.authority_id, name: r.name })).sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

/** The teams of one authority. */
export async function teamsOfAuthority(ctx: Pick<AppContext, 'db'>, tenantId: string, authorityId: string): Promise<{ id: string; name: string }[]> {
  const rows = await ctx.db.selectFrom('teams').select(['id', 'name']).where('tenant_id', '=', tenantId).where('authority_id', '=', authorityId).execute();
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

export interface CaseStaffMember {
  accountId: string;
  name: string;
  /** The teams of the authority the person is in (through any of their roles there). */
  teamIds: string[];
}

/** The active staff who work on cases at an authority (case workers and team leads), with their teams there. */
export async function caseStaffOfAuthority(ctx: Pick<AppContext, 'db'>, tenantId: string, authorityId: string): Promise<CaseStaffMember[]> {
  const rows = await ctx.db
    .selectFrom('memberships')
    .innerJoin('accounts', 'accounts.id', 'memberships.account_id')
    .select(['accounts.id', 'accounts.display_name', 'memberships.team_id'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.authority_id', '=', authorityId)
    .where('memberships.role', 'in', ['caseWorker', 'teamLead'])
    .where('accounts.tenant_id', '=', tenantId)
    .where('accounts.status', '=', 'active')
    .execute();
  const people = new Map<string, CaseStaffMember>();
  for (const row of rows) {
    const person = people.get(row.id) ?? { accountId: row.id, name: row.display_name, teamIds: [] };
    if (row.team_id && !person.teamIds.includes(row.team_id)) person.teamIds.push(row.team_id);
    people.set(row.id, person);
  }
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
}
