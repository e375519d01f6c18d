import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { Tables } from '../../core/db/index.js';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import { can, caseStaffOfAuthority, teamsOfAuthority, teamsOfStaff, type Actor, type CaseStaffMember } from './access.js';
import type { Case } from './store.js';

/**
 * Teams in case work. A case belongs to a team: its assignee's at the case's authority, or the
 * one a team lead routed it to. "My team" in the inbox is the open cases of the actor's teams;
 * where the actor is in no team, the authority counts as one team (every assigned case there),
 * as it did before teams existed. A team lead assigns to the members of their own team (to
 * everyone at the authority if they lead no team) and may route a case to any team of it.
 */

export interface TeamScope {
  /** The actor's teams at the authorities they may read. */
  teams: { id: string; name: string; authorityId: string }[];
  /** Readable authorities where the actor is in no team. */
  teamless: string[] | 'all';
}

export async function teamScope(ctx: AppContext, actor: Actor, readable: string[] | 'all'): Promise<TeamScope> {
  const mine = actor.kind === 'staff' ? await teamsOfStaff(ctx, actor.tenantId, actor.accountId) : [];
  const teams = readable === 'all' ? mine : mine.filter((team) => readable.includes(team.authorityId));
  const teamless = readable === 'all' ? 'all' : readable.filter((authorityId) => !teams.some((team) => team.authorityId === authorityId));
  return { teams, teamless };
}

/** The "my team" condition on open cases, for the scope above. */
export function inMyTeam(eb: ExpressionBuilder<Tables, 'cases'>, scope: TeamScope): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (scope.teams.length)
    parts.push(
      eb(
        'team_id',
        'in',
        scope.teams.map((team) => team.id),
      ),
    );
  if (scope.teamless === 'all') parts.push(eb('assignee_account_id', 'is not', null));
  else if (scope.teamless.length) parts.push(eb.and([eb('authority_id', 'in', scope.teamless), eb('assignee_account_id', 'is not', null)]));
  return parts.length ? eb.or(parts) : eb.lit(false);
}

/** The colleagues a team lead may assign a case of the authority to; nobody for anyone else. */
export async function assignableStaff(ctx: AppContext, actor: Actor, authorityId: string): Promise<CaseStaffMember[]> {
  if (actor.kind !== 'staff' || !can(actor, 'case.assign', { tenantId: actor.tenantId, authorityId })) return [];
  const [people, mine] = await Promise.all([caseStaffOfAuthority(ctx, actor.tenantId, authorityId), teamsOfStaff(ctx, actor.tenantId, actor.accountId)]);
  const led = mine.filter((team) => team.authorityId === authorityId).map((team) => team.id);
  return led.length ? people.filter((person) => person.teamIds.some((id) => led.includes(id))) : people;
}

/** The teams of the authority a team lead may route a case to. */
export async function routableTeams(ctx: AppContext, actor: Actor, authorityId: string): Promise<{ id: string; name: string }[]> {
  return can(actor, 'case.assign', { tenantId: actor.tenantId, authorityId }) ? teamsOfAuthority(ctx, actor.tenantId, authorityId) : [];
}

export type Assignment = { kind: 'take' } | { kind: 'release' } | { kind: 'assign'; accountId: string } | { kind: 'team'; teamId: string };

export interface AssignmentTarget {
  assignee: { accountId: string; name: string } | null;
  teamId: string | null;
  /** Set when the case is routed to a team: its name, for the timeline. */
  teamName?: string;
}

/** The case keeps its team if the new assignee is in it; otherwise it gets the assignee's (first) team; a teamless assignee leaves it where it is. */
function teamFor(current: string | null, teamIds: string[]): string | null {
  if (current && teamIds.includes(current)) return current;
  return teamIds[0] ?? current;
}

/**
 * Who gets the case and which team it is in after an assignment. Names come from the accounts,
 * never from the request; assigning to someone outside the lead's team is refused.
 */
export async function assignmentTarget(ctx: AppContext, actor: Extract<Actor, { kind: 'staff' }>, kase: Case, assignment: Assignment): Promise<AssignmentTarget> {
  // The case as read with its version: a team changed meanwhile makes the versioned write refuse.
  const current = kase.teamId;
  switch (assignment.kind) {
    case 'release':
      return { assignee: null, teamId: current };
    case 'take': {
      const mine = (await teamsOfStaff(ctx, actor.tenantId, actor.accountId)).filter((team) => team.authorityId === kase.authorityId).map((team) => team.id);
      return { assignee: { accountId: actor.accountId, name: actor.name }, teamId: teamFor(current, mine) };
    }
    case 'assign': {
      const person = (await assignableStaff(ctx, actor, kase.authorityId)).find((p) => p.accountId === assignment.accountId);
      if (!person) throw new ForbiddenError('cases.assign.notInTeam');
      return { assignee: { accountId: person.accountId, name: person.name }, teamId: teamFor(current, person.teamIds) };
    }
    case 'team': {
      const team = (await routableTeams(ctx, actor, kase.authorityId)).find((t) => t.id === assignment.teamId);
      if (!team) throw new ValidationError([{ pointer: '/teamId', code: 'cases.assign.teamUnknown' }]);
      // The assignee keeps the case only if they are in the team it goes to.
      const assignee = kase.assigneeAccountId
        ? (await caseStaffOfAuthority(ctx, kase.tenantId, kase.authorityId)).find((p) => p.accountId === kase.assigneeAccountId && p.teamIds.includes(team.id))
        : undefined;
      return { assignee: assignee ? { accountId: assignee.accountId, name: assignee.name } : null, teamId: team.id, teamName: team.name };
    }
  }
}
