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

export function ipKey(ip: string): string {
  return `ip:${ip}`;
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
  const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', entries.map((e) => e.key)).execute();
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

/** Counts a failure; returns true when this failure locked the key. Old failures (older than the lock time) are forgotten. */
export async function recordFailure(db: Executor, entry: Entry, now: Date): Promise<boolean> {
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', entry.key).executeTakeFirst();
  const stale = !row || now.getTime() - new Date(row.last_failure_at).getTime() > lockMilliseconds;
  const failures = stale ? 1 : row.failures + 1;
  const locks = failures >= entry.limits.lockAfter;
  const values = {
    failures: locks ? 0 : failures,
    last_failure_at: now.toISOString(),
    locked_until: locks ? new Date(now.getTime() + lockMilliseconds).toISOString() : null,
  };
  if (row) await db.updateTable('login_throttle').set(values).where('key', '=', entry.key).execute();
  else await db.insertInto('login_throttle').values({ key: entry.key, ...values }).execute();
  return locks;
}

export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
