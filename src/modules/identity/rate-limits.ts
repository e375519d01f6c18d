import { sql } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { Executor } from '../../core/db/index.js';
import { TooManyRequestsError } from '../../core/errors.js';
import { clientAddress } from './throttle.js';

/**
 * Request limits (registration, reset, login, invitations) counted in the database, so every app
 * instance behind a load balancer sees the same counts. Fixed windows: each key counts attempts in
 * the current window (one upsert per attempt, atomic on SQLite and PostgreSQL); the first attempt
 * of a new window starts again at 1. A burst across a window boundary can reach twice the maximum,
 * which is fine for keeping mail and password hashing costs bounded.
 */
export interface RateLimit {
  key: string;
  max: number;
  windowMilliseconds: number;
}

/** Counts one attempt in the key's current window and returns the count so far. */
async function countAttempt(db: Executor, limit: RateLimit, now: Date): Promise<{ count: number; windowEnd: number }> {
  const windowStart = Math.floor(now.getTime() / limit.windowMilliseconds) * limit.windowMilliseconds;
  const windowEnd = windowStart + limit.windowMilliseconds;
  const row = await db
    .insertInto('rate_limits')
    .values({ key: limit.key, window_start: new Date(windowStart).toISOString(), expires_at: new Date(windowEnd).toISOString(), count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when ${sql.ref('rate_limits.window_start')} = ${sql.ref('excluded.window_start')} then ${sql.ref('rate_limits.count')} + 1 else 1 end`,
        window_start: sql.ref('excluded.window_start'),
        expires_at: sql.ref('excluded.expires_at'),
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  // A new window began: the moment to forget windows that ended (one indexed delete, not one per request).
  if (count === 1) await db.deleteFrom('rate_limits').where('expires_at', '<=', now.toISOString()).execute();
  return { count, windowEnd };
}

/**
 * Counts the attempt against every limit and refuses it (TooManyRequestsError with the seconds to
 * wait) when any of them is over its maximum. Refused attempts count too: hammering does not help.
 */
export async function takeRateLimits(db: Executor, limits: RateLimit[], now: Date): Promise<void> {
  let retryAfterSeconds = 0;
  for (const limit of limits) {
    const { count, windowEnd } = await countAttempt(db, limit, now);
    if (count > limit.max) retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((windowEnd - now.getTime()) / 1000));
  }
  if (retryAfterSeconds > 0) throw new TooManyRequestsError(retryAfterSeconds);
}

const minute = 60_000;

/**
 * A limit per client network (IPv4 address, IPv6 /64) for other modules' anonymous requests,
 * e.g. drafts without an account: `name` keeps the counts of different limits apart.
 */
export function limitPerClient(ctx: Pick<AppContext, 'db' | 'clock'>, name: string, ip: string, max: number, windowMilliseconds: number): Promise<void> {
  return takeRateLimits(ctx.db, [{ key: `${name}:ip:${clientAddress(ip)}`, max, windowMilliseconds }], ctx.clock.now());
}

/** The limits of the identity module's forms; addresses are keyed per tenant, IP addresses across tenants. */
export const requestLimits = {
  loginByIp: (ip: string): RateLimit => ({ key: `login:ip:${clientAddress(ip)}`, max: 60, windowMilliseconds: minute }),
  registerByIp: (ip: string): RateLimit => ({ key: `register:ip:${clientAddress(ip)}`, max: 20, windowMilliseconds: 10 * minute }),
  registerByEmail: (tenantId: string, email: string): RateLimit => ({ key: `register:email:${tenantId}:${email}`, max: 5, windowMilliseconds: 60 * minute }),
  resetByIp: (ip: string): RateLimit => ({ key: `reset:ip:${clientAddress(ip)}`, max: 20, windowMilliseconds: 10 * minute }),
  resetByEmail: (tenantId: string, email: string): RateLimit => ({ key: `reset:email:${tenantId}:${email}`, max: 5, windowMilliseconds: 60 * minute }),
  inviteByAccount: (tenantId: string, accountId: string): RateLimit => ({ key: `invite:account:${tenantId}:${accountId}`, max: 30, windowMilliseconds: 60 * minute }),
};
