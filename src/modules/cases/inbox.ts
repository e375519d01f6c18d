import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { addDays, dateOf, isLocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import { contains, startsWith, type Tables } from '../../core/db/index.js';
import { ValidationError } from '../../core/errors.js';
import { can, teamsOfAuthority, type Actor } from './access.js';
import { searchForm, toCase, type Case } from './store.js';
import { inMyTeam, teamScope, type TeamScope } from './teams.js';
import { toPointer } from '../../core/json-pointer.js';

/**
 * The inbox: the cases of the actor's authorities, by tab, filtered, searched, sorted by due date
 * (closed: by closing time), in pages of 50 continued by a keyset cursor. Every query is scoped by
 * tenant and by the authorities the actor may read at; an actor with none sees nothing.
 */

export const inboxTabs = ['new', 'mine', 'team', 'due', 'closed'] as const;
export type InboxTab = (typeof inboxTabs)[number];

/** "Due soon": the next five days, and everything overdue. */
export const dueSoonDays = 5;

export interface InboxFilter {
  procedure?: string;
  state?: string;
  /** Received on or after / on or before (YYYY-MM-DD, Berlin). */
  from?: string;
  to?: string;
  gemeinde?: string;
  assignee?: string;
  /** A team's id: the cases in that team. */
  team?: string;
  /** Reference (or its beginning) or part of the applicant's name. */
  q?: string;
  /** One of the actor's authorities; default all of them. */
  authority?: string;
}

export interface InboxQuery extends InboxFilter {
  tab: InboxTab;
  cursor?: string;
  limit?: number;
}

export interface InboxPage {
  rows: (Case & { overdue: boolean })[];
  next: string | null;
  counts: Record<InboxTab, number>;
  today: string;
  /** The teams "my team" stands for (none: the whole authority's assigned cases). */
  myTeams: string[];
}

/** The authorities whose cases the actor may read; `all` for a tenant-wide role. */
export function readableAuthorities(actor: Actor): string[] | 'all' {
  if (actor.kind === 'apiClient') return can(actor, 'case.read', { tenantId: actor.tenantId, authorityId: actor.authorityId }) ? [actor.authorityId] : [];
  if (actor.kind !== 'staff') return [];
  const ids = new Set<string>();
  for (const membership of actor.memberships) {
    if (membership.authorityId === null) {
      if (can({ ...actor, memberships: [membership] }, 'case.read', { tenantId: actor.tenantId, authorityId: '*' })) return 'all';
      continue;
    }
    if (can(actor, 'case.read', { tenantId: actor.tenantId, authorityId: membership.authorityId })) ids.add(membership.authorityId);
  }
  return [...ids];
}

type CasesQuery = SelectQueryBuilder<Tables, 'cases', object>;

function encodeCursor(sort: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // fall through
  }
  throw new ValidationError([{ pointer: '/cursor', code: 'cases.inbox.cursor' }]);
}

function checkFilter(filter: InboxFilter): void {
  const errors = [];
  if (filter.from && !isLocalDate(filter.from)) errors.push({ pointer: '/from', code: 'cases.input.date' });
  if (filter.to && !isLocalDate(filter.to)) errors.push({ pointer: '/to', code: 'cases.input.date' });
  for (const key of ['procedure', 'state', 'gemeinde', 'assignee', 'team', 'q', 'authority'] as const) {
    if ((filter[key]?.length ?? 0) > 200) errors.push({ pointer: toPointer(key), code: 'forms.text.tooLong', params: { max: 200 } });
  }
  if (errors.length) throw new ValidationError(errors);
}

/** The readable authorities the filter asks for: the one it names (none if it may not be read), else all. */
function wantedAuthorities(authorities: string[] | 'all', filter: InboxFilter): string[] | 'all' {
  if (!filter.authority) return authorities;
  return authorities === 'all' || authorities.includes(filter.authority) ? [filter.authority] : [];
}

function scoped(ctx: AppContext, actor: Actor, authorities: string[] | 'all', filter: InboxFilter): CasesQuery {
  let query = ctx.db.selectFrom('cases').where('tenant_id', '=', actor.tenantId);
  const wanted = wantedAuthorities(authorities, filter);
  if (wanted !== 'all' && wanted.length === 0) return query.where((eb) => eb.lit(false)); // an authority the actor may not read: nothing
  if (wanted !== 'all') query = wanted.length === 1 ? query.where('authority_id', '=', wanted[0]!) : query.where('authority_id', 'in', wanted);
  if (filter.procedure) query = query.where('procedure_key', '=', filter.procedure);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.gemeinde) query = query.where('gemeinde', '=', filter.gemeinde);
  if (filter.assignee) query = query.where('assignee_account_id', '=', filter.assignee);
  if (filter.team) query = query.where('team_id', '=', filter.team);
  if (filter.from) query = query.where('created_at', '>=', `${filter.from}T00:00:00.000Z`);
  if (filter.to) query = query.where('created_at', '<', `${addDays(filter.to as never, 1)}T00:00:00.000Z`);
  const q = filter.q?.trim();
  if (q) {
    const reference = /^[A-Za-z]{2}-\d{4}-/.test(q);
    query = reference ? query.where(startsWith(sql.ref('reference'), q.toUpperCase())) : query.where(contains(sql.ref('applicant_search'), searchForm(q)));
  }
  return query;
}

function tabCondition(tab: InboxTab, me: string | null, soon: string, team: TeamScope) {
  return (eb: ExpressionBuilder<Tables, 'cases'>) => {
    switch (tab) {
      case 'new':
        return eb.and([eb('open', '=', 1), eb('assignee_account_id', 'is', null)]);
      case 'mine':
        return eb.and([eb('open', '=', 1), eb('assignee_account_id', '=', me ?? '')]);
      case 'team':
        return eb.and([eb('open', '=', 1), inMyTeam(eb, team)]);
      case 'due':
        return eb.and([eb('open', '=', 1), eb('due_date', '<=', soon)]);
      case 'closed':
        return eb('open', '=', 0);
    }
  };
}

export async function listInbox(ctx: AppContext, actor: Actor, query: InboxQuery): Promise<InboxPage> {
  checkFilter(query);
  const today = dateOf(ctx.clock.now());
  const soon = addDays(today, dueSoonDays);
  const authorities = readableAuthorities(actor);
  const counts = Object.fromEntries(inboxTabs.map((tab) => [tab, 0])) as Record<InboxTab, number>;
  if (authorities !== 'all' && authorities.length === 0) return { rows: [], next: null, counts, today, myTeams: [] };
  const me = actor.kind === 'staff' ? actor.accountId : null;
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const base = scoped(ctx, actor, authorities, query);
  const team = await teamScope(ctx, actor, authorities);
  const closed = query.tab === 'closed';
  let page = base.selectAll().where(tabCondition(query.tab, me, soon, team));
  if (query.cursor) {
    const [sort, id] = decodeCursor(query.cursor);
    page = closed
      ? page.where((eb) => eb.or([eb('closed_at', '<', sort), eb.and([eb('closed_at', '=', sort), eb('id', '<', id)])]))
      : page.where((eb) => eb.or([eb('due_date', '>', sort), eb.and([eb('due_date', '=', sort), eb('id', '>', id)])]));
  }
  page = closed ? page.orderBy('closed_at', 'desc').orderBy('id', 'desc') : page.orderBy('due_date').orderBy('id');
  const [rows, ...tabCounts] = await Promise.all([
    page.limit(limit + 1).execute(),
    ...inboxTabs.map((tab) =>
      base
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where(tabCondition(tab, me, soon, team))
        .executeTakeFirst(),
    ),
  ]);
  inboxTabs.forEach((tab, index) => (counts[tab] = Number(tabCounts[index]?.count ?? 0)));
  const more = rows.length > limit;
  const shown = rows.slice(0, limit).map((row) => ({ ...toCase(row), overdue: row.open === 1 && row.due_date < today }));
  const last = shown.at(-1);
  const next = more && last ? encodeCursor(closed ? last.closedAt! : rows[limit - 1]!.due_date, last.id) : null;
  return { rows: shown, next, counts, today, myTeams: team.teams.map((t) => t.name) };
}

/** The people open cases of the actor's authorities are assigned to: the assignee filter's options. */
export async function inboxAssignees(ctx: AppContext, actor: Actor): Promise<{ accountId: string; name: string }[]> {
  const authorities = readableAuthorities(actor);
  if (authorities !== 'all' && authorities.length === 0) return [];
  const rows = await scoped(ctx, actor, authorities, {})
    .select(['assignee_account_id', 'assignee_name'])
    .distinct()
    .where('open', '=', 1)
    .where('assignee_account_id', 'is not', null)
    .limit(200)
    .execute();
  return rows.map((r) => ({ accountId: r.assignee_account_id!, name: r.assignee_name ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

/**
 * The teams of the authorities the actor reads (or of the one the filter names): the team filter's
 * options. A tenant-wide reader gets them only for a chosen authority (a tenant's teams of every
 * authority would be no useful list).
 */
export async function inboxTeams(ctx: AppContext, actor: Actor, filter: Pick<InboxFilter, 'authority'> = {}): Promise<{ id: string; name: string }[]> {
  const wanted = wantedAuthorities(readableAuthorities(actor), filter);
  const teams = (await Promise.all((wanted === 'all' ? [] : wanted).map((authorityId) => teamsOfAuthority(ctx, actor.tenantId, authorityId)))).flat();
  return teams.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}
