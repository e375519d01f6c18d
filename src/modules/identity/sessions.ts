import type { AppContext } from '../../core/context.js';
import type { Executor } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { hashToken, randomToken } from './secrets.js';
import type { SessionTable } from './tables.js';
import { isTrustLevel, type TrustLevel } from '../access/index.js';

/** The cookie that carries the session token (HttpOnly; Secure; SameSite=Lax). */
export const sessionCookie = 'aw_session';

export interface Session {
  id: string;
  tenantId: string;
  accountId: string;
  trustLevel: TrustLevel;
  stage: SessionTable['stage'];
  actingFor: string | null;
  method: string;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

function toSession(row: SessionTable): Session {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    accountId: row.account_id,
    trustLevel: isTrustLevel(row.trust_level) ? row.trust_level : 'basis',
    stage: row.stage,
    actingFor: row.acting_for,
    method: row.method,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

export interface NewSession {
  tenantId: string;
  accountId: string;
  trustLevel: TrustLevel;
  stage: SessionTable['stage'];
  actingFor?: string | null;
  method: string;
  userAgent: string;
  /** The session this one replaces (login on top of a session, step-up): it ends now. */
  replaces?: string | null;
}

/**
 * Starts a session with a fresh random token — a new id at every login and step-up, so a token
 * planted before login (session fixation) is worthless afterwards. Returns the token for the cookie.
 */
export async function createSession(db: Executor, ctx: Pick<AppContext, 'clock' | 'config'>, session: NewSession): Promise<{ id: string; token: string }> {
  const now = ctx.clock.now();
  const token = randomToken();
  const id = newId();
  if (session.replaces) await db.deleteFrom('sessions').where('id', '=', session.replaces).execute();
  await db
    .insertInto('sessions')
    .values({
      id,
      tenant_id: session.tenantId,
      token_hash: hashToken(token),
      account_id: session.accountId,
      trust_level: session.trustLevel,
      stage: session.stage,
      acting_for: session.actingFor ?? null,
      method: session.method,
      user_agent: session.userAgent.slice(0, 200),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ctx.config.sessionMaxHours * 3_600_000).toISOString(),
    })
    .execute();
  return { id, token };
}

/** Writing "last seen" on every request would make every page view a write; a minute is precise enough. */
const touchEveryMilliseconds = 60_000;

/**
 * The live session for a cookie token in this tenant, or undefined when there is none, it ran
 * past its absolute end, or it was idle too long (an expired session is deleted on the way).
 */
export async function resolveSession(ctx: AppContext, tenantId: string, token: string): Promise<Session | undefined> {
  const row = await ctx.db.selectFrom('sessions').selectAll().where('token_hash', '=', hashToken(token)).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) return undefined;
  const now = ctx.clock.now();
  const idleEnd = new Date(row.last_seen_at).getTime() + ctx.config.sessionIdleMinutes * 60_000;
  if (now.toISOString() >= row.expires_at || now.getTime() >= idleEnd) {
    await ctx.db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return undefined;
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() >= touchEveryMilliseconds) {
    row.last_seen_at = now.toISOString();
    await ctx.db.updateTable('sessions').set({ last_seen_at: row.last_seen_at }).where('id', '=', row.id).execute();
  }
  return toSession(row);
}

export async function listSessions(db: Executor, tenantId: string, accountId: string): Promise<Session[]> {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('stage', '=', 'complete')
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map(toSession);
}

/** Ends one of the account's sessions; returns whether there was one (another account's id does nothing). */
export async function deleteSession(db: Executor, tenantId: string, accountId: string, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).where('id', '=', sessionId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of an account (logout everywhere, password reset, deactivation), optionally but one. */
export async function deleteAllSessions(db: Executor, tenantId: string, accountId: string, except?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('account_id', '=', accountId);
  if (except) query = query.where('id', '!=', except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function setActingFor(db: Executor, sessionId: string, organisationId: string | null): Promise<void> {
  await db.updateTable('sessions').set({ acting_for: organisationId }).where('id', '=', sessionId).execute();
}
