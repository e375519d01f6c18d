import { isIPv6 } from 'node:net';
import { sql } from 'kysely';
import type { Executor } from '../../core/db/index.js';

/**
 * Login throttling, per account (by the address typed, whether or not it exists, so the throttle
 * tells nothing about which accounts exist) and per IP address. After a few failures each further
 * attempt must wait twice as long as the one before; after `lockAfter` failures the key is locked
 * for 15 minutes. An address is shared by many people (NAT, offices), so its limits are higher.
 */
export interface ThrottleLimits {
  /** Failures that are free before the delays start. */
  freeFailures: number;
  lockAfter: number;
}

export const accountLimits: ThrottleLimits = { freeFailures: 3, lockAfter: 10 };
export const ipLimits: ThrottleLimits = { freeFailures: 20, lockAfter: 100 };
export const lockMilliseconds = 15 * 60_000;
const maxDelayMilliseconds = 60_000;

export function accountKey(tenantId: string, email: string): string {
  return `account:${tenantId}:${email.trim().toLowerCase()}`;
}

/**
 * The client address as limits count it: IPv4 as is (also when mapped into IPv6), IPv6 by its /64
 * network, because one connection usually gets a whole /64 and could rotate through it.
 */
export function clientAddress(ip: string): string {
  const address = ip.toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function ipKey(ip: string): string {
  return `ip:${clientAddress(ip)}`;
}

/** How long to wait after the n-th failure: nothing, then 1 s, 2 s, 4 s … capped at a minute. */
export function delayAfter(failures: number, limits: ThrottleLimits): number {
  if (failures < limits.freeFailures) return 0;
  return Math.min(1000 * 2 ** (failures - limits.freeFailures), maxDelayMilliseconds);
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; locked: boolean; retryAfterSeconds: number };

interface Entry {
  key: string;
  limits: ThrottleLimits;
}

/** Whether an attempt may be checked now. A refused attempt does not count as a failure. */
export async function checkThrottle(db: Executor, entries: Entry[], now: Date): Promise<ThrottleVerdict> {
  const rows = await db
    .selectFrom('login_throttle')
    .selectAll()
    .where(
      'key',
      'in',
      entries.map((e) => e.key),
    )
    .execute();
  let verdict: ThrottleVerdict = { allowed: true };
  for (const row of rows) {
    const limits = entries.find((e) => e.key === row.key)!.limits;
    const lockedUntil = row.locked_until ? new Date(row.locked_until).getTime() : 0;
    const waitUntil = Math.max(lockedUntil, new Date(row.last_failure_at).getTime() + delayAfter(row.failures, limits));
    const wait = waitUntil - now.getTime();
    if (wait > 0) {
      const candidate = { allowed: false as const, locked: lockedUntil > now.getTime(), retryAfterSeconds: Math.ceil(wait / 1000) };
      if (verdict.allowed || candidate.retryAfterSeconds > verdict.retryAfterSeconds) verdict = candidate;
    }
  }
  return verdict;
}

/**
 * Counts a failure; returns true when this failure locked the key. Old failures (older than the
 * lock time) are forgotten. One upsert, so instances that share the database never lose a count;
 * only the failure that reaches the limit sets the lock.
 */
export async function recordFailure(db: Executor, entry: Entry, now: Date): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - lockMilliseconds).toISOString();
  const row = await db
    .insertInto('login_throttle')
    .values({ key: entry.key, failures: 1, last_failure_at: now.toISOString(), locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when ${sql.ref('login_throttle.last_failure_at')} < ${staleBefore} then 1 else ${sql.ref('login_throttle.failures')} + 1 end`,
        last_failure_at: now.toISOString(),
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const failures = Number(row.failures);
  // A new series of failures began: forget the series that ended long ago (locks included).
  if (failures === 1) {
    await db
      .deleteFrom('login_throttle')
      .where('last_failure_at', '<', staleBefore)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
      .execute();
  }
  if (failures < entry.limits.lockAfter) return false;
  const locked = await db
    .updateTable('login_throttle')
    .set({ failures: 0, locked_until: new Date(now.getTime() + lockMilliseconds).toISOString() })
    .where('key', '=', entry.key)
    .where('failures', '=', failures)
    .executeTakeFirst();
  return Number(locked.numUpdatedRows) === 1;
}

export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
