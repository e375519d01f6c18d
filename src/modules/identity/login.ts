import { appendAudit } from '../../core/audit/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Executor } from '../../core/db/index.js';
import { DomainError, TooManyRequestsError, ValidationError } from '../../core/errors.js';
import type { Actor } from '../access/index.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import type { RequestInfo } from './request-info.js';
import { createSession, type Session } from './sessions.js';
import * as store from './store.js';
import { accountKey, accountLimits, checkThrottle, clearThrottle, ipKey, ipLimits, recordFailure } from './throttle.js';
import { hasControlCharacters } from './validation.js';
import { checkTotpCode, hasConfirmedTotp, issueRecoveryCodes, useRecoveryCode } from './totp.js';
import type { TrustLevel } from '../access/index.js';

/** Wrong address or wrong password: the same words for both, so nobody learns which accounts exist. */
export class LoginFailedError extends DomainError {
  constructor() {
    super(401, 'identity.login.failed');
  }
}

export class LockedOutError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'identity.login.locked', { minutes: Math.ceil(retryAfterSeconds / 60) });
  }
}

export class EmailNotVerifiedError extends DomainError {
  constructor() {
    super(403, 'identity.login.notVerified');
  }
}

export interface LoginResult {
  token: string;
  stage: Session['stage'];
}

function throttleEntries(info: RequestInfo, email: string) {
  return [
    { key: accountKey(info.tenantId, email), limits: accountLimits },
    { key: ipKey(info.ip), limits: ipLimits },
  ];
}

async function refuseIfThrottled(ctx: AppContext, info: RequestInfo, email: string): Promise<void> {
  const verdict = await checkThrottle(ctx.db, throttleEntries(info, email), ctx.clock.now());
  if (verdict.allowed) return;
  if (verdict.locked) throw new LockedOutError(verdict.retryAfterSeconds);
  throw new TooManyRequestsError(verdict.retryAfterSeconds);
}

/** Counts a failed attempt against the address and the IP, and audits it (and a lockout). */
async function failAttempt(ctx: AppContext, info: RequestInfo, email: string, accountId: string | null, reason: string): Promise<never> {
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now();
    const [account, ip] = throttleEntries(info, email);
    const lockedAccount = await recordFailure(trx, account!, now);
    const lockedIp = await recordFailure(trx, ip!, now);
    const actor = { type: 'anonymous' as const, id: null };
    await appendAudit(trx, ctx, { tenantId: info.tenantId, actor, action: 'login.failure', objectType: 'account', objectId: accountId, details: { reason, ip: info.ip } });
    if (lockedAccount || lockedIp) {
      await appendAudit(trx, ctx, {
        tenantId: info.tenantId,
        actor,
        action: 'login.lockout',
        objectType: 'account',
        objectId: accountId,
        details: { ip: info.ip, byIp: lockedIp },
      });
    }
  });
  throw new LoginFailedError();
}

/** The stage a fresh password session starts in: staff (and anyone with TOTP) still need the second factor. */
async function firstStage(db: Executor, account: store.Account): Promise<Session['stage']> {
  if (await hasConfirmedTotp(db, account.tenantId, account.id)) return 'second-factor';
  return account.kind === 'staff' ? 'enrol' : 'complete';
}

/**
 * Signs in with address and password. Throttled per address and IP before the password is even
 * checked; an unknown address costs as much time as a wrong password.
 */
export async function loginWithPassword(ctx: AppContext, info: RequestInfo, input: Record<string, unknown>, replaces: string | null): Promise<LoginResult> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase().slice(0, 254) : '';
  const password = typeof input.password === 'string' ? input.password.slice(0, 1000) : '';
  const fields = [];
  if (!email) fields.push({ pointer: '/email', code: 'identity.field.required' });
  else if (hasControlCharacters(email)) fields.push({ pointer: '/email', code: 'identity.email.invalid' });
  if (!password) fields.push({ pointer: '/password', code: 'identity.field.required' });
  if (fields.length) throw new ValidationError(fields);
  await refuseIfThrottled(ctx, info, email);

  const account = await store.findAccountByEmail(ctx.db, info.tenantId, email);
  const passwordHash = account?.status === 'active' ? await store.passwordHashOf(ctx.db, info.tenantId, account.id) : undefined;
  if (!account || !passwordHash) {
    await burnPasswordCheck(password);
    return failAttempt(ctx, info, email, account?.id ?? null, 'unknown');
  }
  if (!(await verifyPassword(passwordHash, password))) return failAttempt(ctx, info, email, account.id, 'password');
  if (!account.emailVerified) throw new EmailNotVerifiedError();

  return inTransaction(ctx.db, async (trx) => {
    await clearThrottle(trx, accountKey(info.tenantId, email));
    const stage = await firstStage(trx, account);
    const session = await createSession(trx, ctx, {
      tenantId: info.tenantId,
      accountId: account.id,
      trustLevel: 'basis',
      stage,
      method: 'password',
      userAgent: info.userAgent,
      replaces,
    });
    await appendAudit(trx, ctx, {
      tenantId: info.tenantId,
      actor: { type: 'account', id: account.id },
      action: stage === 'complete' ? 'login.success' : 'login.password',
      objectType: 'session',
      objectId: session.id,
      details: { ip: info.ip, method: 'password' },
    });
    return { token: session.token, stage };
  });
}

/**
 * The second step of a login: a TOTP code or a recovery code. Wrong codes count against the
 * same throttle as wrong passwords. Success replaces the half-done session by a new one.
 */
export async function completeSecondFactor(ctx: AppContext, info: RequestInfo, pending: Session, input: Record<string, unknown>): Promise<LoginResult> {
  const code = typeof input.code === 'string' ? input.code.trim().slice(0, 40) : '';
  if (!code) throw new ValidationError([{ pointer: '/code', code: 'identity.field.required' }]);
  const account = await store.findAccountById(ctx.db, info.tenantId, pending.accountId);
  if (account?.status !== 'active') throw new LoginFailedError();
  const email = account.email ?? account.id;
  await refuseIfThrottled(ctx, info, email);
  const result = await inTransaction(ctx.db, async (trx) => {
    const byTotp = /^\d[\d\s]*$/.test(code) && (await checkTotpCode(trx, ctx, info.tenantId, account.id, code));
    const byRecovery = !byTotp && (await useRecoveryCode(trx, ctx, info.tenantId, account.id, code));
    if (!byTotp && !byRecovery) return null;
    await clearThrottle(trx, accountKey(info.tenantId, email));
    const session = await createSession(trx, ctx, {
      tenantId: info.tenantId,
      accountId: account.id,
      trustLevel: pending.trustLevel,
      stage: 'complete',
      method: pending.method,
      userAgent: info.userAgent,
      replaces: pending.id,
    });
    await appendAudit(trx, ctx, {
      tenantId: info.tenantId,
      actor: { type: 'account', id: account.id },
      action: 'login.success',
      objectType: 'session',
      objectId: session.id,
      details: { ip: info.ip, method: pending.method, secondFactor: byTotp ? 'totp' : 'recovery-code' },
    });
    return { token: session.token, stage: 'complete' as const };
  });
  if (!result) return failSecondFactor(ctx, info, email, account.id);
  return result;
}

async function failSecondFactor(ctx: AppContext, info: RequestInfo, email: string, accountId: string): Promise<never> {
  try {
    return await failAttempt(ctx, info, email, accountId, 'second-factor');
  } catch (error) {
    if (error instanceof LoginFailedError) throw new ValidationError([{ pointer: '/code', code: 'identity.totp.wrongCode' }]);
    throw error;
  }
}

/**
 * Confirms a TOTP enrolment with the first code; returns the recovery codes to show once. When
 * the enrolment finishes a staff login, the session becomes complete under a new id.
 */
export async function confirmEnrolment(
  ctx: AppContext,
  info: RequestInfo,
  session: Session,
  input: Record<string, unknown>,
): Promise<{ recoveryCodes: string[]; token: string | null }> {
  const code = typeof input.code === 'string' ? input.code.trim().slice(0, 40) : '';
  if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) throw new ValidationError([{ pointer: '/code', code: 'identity.totp.wrongCode' }]);
  const result = await inTransaction(ctx.db, async (trx) => {
    if (!(await checkTotpCode(trx, ctx, info.tenantId, session.accountId, code))) return null;
    const recoveryCodes = await issueRecoveryCodes(trx, info.tenantId, session.accountId);
    let token: string | null = null;
    if (session.stage !== 'complete') {
      token = (
        await createSession(trx, ctx, {
          tenantId: info.tenantId,
          accountId: session.accountId,
          trustLevel: session.trustLevel,
          stage: 'complete',
          method: session.method,
          userAgent: info.userAgent,
          replaces: session.id,
        })
      ).token;
    }
    await appendAudit(trx, ctx, {
      tenantId: info.tenantId,
      actor: { type: 'account', id: session.accountId },
      action: 'totp.enrol',
      objectType: 'account',
      objectId: session.accountId,
    });
    return { recoveryCodes, token };
  });
  if (!result) throw new ValidationError([{ pointer: '/code', code: 'identity.totp.wrongCode' }]);
  return result;
}

/** Signs in an account found by an external identity provider (OIDC, demo IdP) at the level it vouched for. */
export async function loginExternal(
  ctx: AppContext,
  info: RequestInfo,
  login: { accountId: string; trustLevel: TrustLevel; method: string; actingFor?: string | null },
  replaces: string | null,
): Promise<LoginResult> {
  return inTransaction(ctx.db, async (trx) => {
    const account = await store.findAccountById(trx, info.tenantId, login.accountId);
    if (account?.status !== 'active') throw new LoginFailedError();
    const stage = account.kind === 'staff' ? await firstStage(trx, account) : 'complete';
    const session = await createSession(trx, ctx, {
      tenantId: info.tenantId,
      accountId: account.id,
      trustLevel: login.trustLevel,
      stage,
      actingFor: login.actingFor ?? null,
      method: login.method,
      userAgent: info.userAgent,
      replaces,
    });
    await appendAudit(trx, ctx, {
      tenantId: info.tenantId,
      actor: { type: 'account', id: account.id },
      action: stage === 'complete' ? 'login.success' : 'login.password',
      objectType: 'session',
      objectId: session.id,
      details: { ip: info.ip, method: login.method, trustLevel: login.trustLevel },
    });
    return { token: session.token, stage };
  });
}

export async function logout(ctx: AppContext, session: Session): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', session.id).execute();
    await appendAudit(trx, ctx, { tenantId: session.tenantId, actor: { type: 'account', id: session.accountId }, action: 'logout', objectType: 'session', objectId: session.id });
  });
}

/** The actor behind a complete session; undefined when the account is gone or deactivated. */
export async function actorForSession(ctx: AppContext, session: Session): Promise<Actor | undefined> {
  const account = await store.findAccountById(ctx.db, session.tenantId, session.accountId);
  if (account?.status !== 'active') return undefined;
  if (account.kind === 'staff') {
    const memberships = (await store.membershipsOf(ctx.db, session.tenantId, account.id)).map(({ authorityId, role }) => ({ authorityId, role }));
    return { kind: 'staff', tenantId: session.tenantId, accountId: account.id, name: account.displayName, trustLevel: session.trustLevel, memberships };
  }
  // Looked up on every request: a member removed from an organisation stops acting for it at once.
  const organisations = account.kind === 'person' ? await store.organisationsOf(ctx.db, session.tenantId, account.id) : [];
  const chosen = session.actingFor ? organisations.find((o) => o.accountId === session.actingFor) : undefined;
  const actingFor = chosen ? { accountId: chosen.accountId, name: chosen.name } : null;
  return {
    kind: 'citizen',
    tenantId: session.tenantId,
    accountId: account.id,
    name: account.displayName,
    trustLevel: session.trustLevel,
    actingFor,
    organisations: organisations.map(({ accountId, role }) => ({ accountId, role })),
  };
}
