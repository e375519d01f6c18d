import { generateSecret, generateURI, verify } from 'otplib';
import type { AppContext } from '../../core/context.js';
import type { Executor } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { hashToken, normaliseRecoveryCode, recoveryCode } from './secrets.js';

/** TOTP (RFC 6238: SHA-1, 6 digits, 30 s) as every authenticator app understands it. */
export const recoveryCodeCount = 10;

/** One period either side: clocks of phones drift, and people type slowly. */
const epochToleranceSeconds = 30;

export interface Enrolment {
  secret: string;
  uri: string;
  confirmed: boolean;
}

/** The account's TOTP secret, created (unconfirmed) when there is none yet. */
export async function ensureTotpSecret(db: Executor, ctx: AppContext, account: { id: string; tenantId: string; email: string | null }, issuer: string): Promise<Enrolment> {
  let row = await db.selectFrom('totp_secrets').selectAll().where('tenant_id', '=', account.tenantId).where('account_id', '=', account.id).executeTakeFirst();
  if (!row) {
    row = { account_id: account.id, tenant_id: account.tenantId, secret: generateSecret(), confirmed_at: null, last_time_step: 0, created_at: ctx.clock.now().toISOString() };
    await db.insertInto('totp_secrets').values(row).execute();
  }
  return { secret: row.secret, uri: generateURI({ issuer, label: account.email ?? account.id, secret: row.secret }), confirmed: row.confirmed_at !== null };
}

export async function hasConfirmedTotp(db: Executor, tenantId: string, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('totp_secrets').select('confirmed_at').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).executeTakeFirst();
  return !!row?.confirmed_at;
}

/**
 * Checks a code against the account's secret. A code is accepted once: its time step is stored,
 * and a code of that or an earlier step is refused afterwards (replay protection).
 */
export async function checkTotpCode(db: Executor, ctx: AppContext, tenantId: string, accountId: string, code: string): Promise<boolean> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const row = await db.selectFrom('totp_secrets').selectAll().where('tenant_id', '=', tenantId).where('account_id', '=', accountId).executeTakeFirst();
  if (!row) return false;
  const result = await verify({
    secret: row.secret,
    token,
    epoch: Math.floor(ctx.clock.now().getTime() / 1000),
    epochTolerance: epochToleranceSeconds,
    afterTimeStep: Number(row.last_time_step),
  });
  if (!result.valid || !('timeStep' in result)) return false;
  // The step is taken by a conditional update, not by the read above: two sign-ins with the same
  // code at once both pass `verify`, but only one of them moves the step forward (PostgreSQL
  // re-checks the condition after waiting for the other's row lock), and the other is refused.
  const taken = await db
    .updateTable('totp_secrets')
    .set({ last_time_step: result.timeStep, confirmed_at: row.confirmed_at ?? ctx.clock.now().toISOString() })
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('last_time_step', '<', result.timeStep)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** Replaces the account's recovery codes by 10 new ones; returns them (shown once, stored hashed). */
export async function issueRecoveryCodes(db: Executor, tenantId: string, accountId: string): Promise<string[]> {
  await db.deleteFrom('recovery_codes').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
  const codes = Array.from({ length: recoveryCodeCount }, recoveryCode);
  await db
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ id: newId(), tenant_id: tenantId, account_id: accountId, code_hash: hashToken(code), used_at: null })))
    .execute();
  return codes;
}

/** Uses up a recovery code; false when it is unknown or was used before. */
export async function useRecoveryCode(db: Executor, ctx: AppContext, tenantId: string, accountId: string, input: string): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: ctx.clock.now().toISOString() })
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('code_hash', '=', hashToken(normaliseRecoveryCode(input)))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function remainingRecoveryCodes(db: Executor, tenantId: string, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function removeTotp(db: Executor, tenantId: string, accountId: string): Promise<void> {
  await db.deleteFrom('totp_secrets').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
  await db.deleteFrom('recovery_codes').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
}
