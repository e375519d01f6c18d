import { appendAudit } from '../../core/audit/index.js';
import { dateOf, parseWrittenDate, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Trx } from '../../core/db/index.js';
import { ConflictError, ValidationError } from '../../core/errors.js';
import { translator, type Language } from '../../core/i18n/index.js';
import { newId } from '../../core/ids.js';
import { enqueueJob, type JobInfo } from '../../core/jobs/index.js';
import { queueMail } from './mails.js';
import { consumeToken, issueToken, peekToken } from './one-time-tokens.js';
import { membersOf } from './organisation-store.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { displayNameOf, profileFieldMaxLength, profileFields, type Profile } from './profile.js';
import type { RequestInfo } from './request-info.js';
import { deleteAllSessions } from './sessions.js';
import * as store from './store.js';
import { removeTotp } from './totp.js';
import { FieldErrors } from './validation.js';

export interface Registration {
  kind: 'person' | 'organisation';
  givenName: string;
  familyName: string;
  organisationName?: string;
  email: string;
  password: string;
}

function link({ origin }: { origin: string }, path: string, token: string): string {
  return `${origin}${path}?token=${encodeURIComponent(token)}`;
}

function checkRegistration(input: Record<string, unknown>): Registration {
  const errors = new FieldErrors();
  const kind = input.kind === 'organisation' ? 'organisation' : input.kind === 'person' ? 'person' : undefined;
  if (!kind) errors.add('kind', 'identity.field.required');
  const givenName = errors.requireText('givenName', input.givenName);
  const familyName = errors.requireText('familyName', input.familyName);
  const organisationName = kind === 'organisation' ? errors.requireText('organisationName', input.organisationName, 200) : undefined;
  const email = errors.email('email', input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  const problem = passwordProblem(password, email);
  if (problem) errors.add('password', problem);
  if (!errors.empty) throw new ValidationError(errors.list);
  return { kind: kind!, givenName, familyName, email, password, ...(organisationName ? { organisationName } : {}) };
}

/**
 * Registers a person (and, for an organisation, the organisation with that person as its first
 * member) and mails a verification link. An address that is already registered gets a mail
 * saying so instead, and the caller sees the same answer: registration tells nobody which
 * addresses have accounts.
 */
export async function register(ctx: AppContext, info: RequestInfo, input: Record<string, unknown>): Promise<void> {
  const registration = checkRegistration(input);
  const passwordHash = await hashPassword(registration.password);
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx.db, async (trx) => {
    const existing = await store.findAccountByEmail(trx, info.tenantId, registration.email);
    if (existing) {
      await queueMail(trx, ctx, {
        tenantId: info.tenantId,
        to: registration.email,
        kind: 'alreadyRegistered',
        t: info.t,
        params: { link: `${info.origin}/passwort-vergessen` },
      });
      return;
    }
    const personProfile: Profile = { givenName: registration.givenName, familyName: registration.familyName };
    const personId = newId();
    await store.insertAccount(
      trx,
      {
        id: personId,
        tenantId: info.tenantId,
        kind: 'person',
        email: registration.email,
        emailVerified: false,
        displayName: displayNameOf('person', personProfile, registration.email),
        profile: personProfile,
      },
      now,
    );
    await store.setPasswordHash(trx, info.tenantId, personId, passwordHash, newId(), now);
    if (registration.kind === 'organisation') {
      const organisationId = newId();
      const organisationProfile: Profile = { organisationName: registration.organisationName! };
      await store.insertAccount(
        trx,
        {
          id: organisationId,
          tenantId: info.tenantId,
          kind: 'organisation',
          email: null,
          emailVerified: false,
          displayName: registration.organisationName!,
          profile: organisationProfile,
        },
        now,
      );
      await store.addOrganisationMember(trx, info.tenantId, organisationId, personId, 'admin', now);
    }
    const token = await issueToken(trx, ctx, { tenantId: info.tenantId, accountId: personId, purpose: 'verify-email' });
    await queueMail(trx, ctx, { tenantId: info.tenantId, to: registration.email, kind: 'verifyEmail', t: info.t, params: { link: link(info, '/konto/bestaetigen', token) } });
    await appendAudit(trx, ctx, {
      tenantId: info.tenantId,
      actor: { type: 'anonymous', id: null },
      action: 'account.register',
      objectType: 'account',
      objectId: personId,
      details: { kind: registration.kind },
    });
  });
}

/** Checks a verification link without using it (the page shows a confirm button: mail scanners follow links). */
export async function checkVerificationLink(ctx: AppContext, tenantId: string, token: string): Promise<void> {
  await peekToken(ctx.db, ctx, tenantId, 'verify-email', token);
}

export async function verifyEmail(ctx: AppContext, tenantId: string, token: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const row = await consumeToken(trx, ctx, tenantId, 'verify-email', token);
    await store.updateAccount(trx, tenantId, row.account_id, { emailVerified: true }, ctx.clock.now().toISOString());
    await appendAudit(trx, ctx, { tenantId, actor: { type: 'account', id: row.account_id }, action: 'account.verifyEmail', objectType: 'account', objectId: row.account_id });
  });
}

/** Sends a new verification link, if there is an unverified account for the address (silently nothing otherwise). */
export async function resendVerification(ctx: AppContext, info: RequestInfo, email: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const account = await store.findAccountByEmail(trx, info.tenantId, email);
    if (!account || account.emailVerified || account.status !== 'active') return;
    const token = await issueToken(trx, ctx, { tenantId: info.tenantId, accountId: account.id, purpose: 'verify-email' });
    await queueMail(trx, ctx, { tenantId: info.tenantId, to: account.email!, kind: 'verifyEmail', t: info.t, params: { link: link(info, '/konto/bestaetigen', token) } });
  });
}

export const passwordResetJobType = 'identity.passwordReset';

interface PasswordResetJob {
  email: string;
  lang: Language;
  origin: string;
}

/**
 * Asks for a reset link. The request does the same work whether or not the address has an account
 * — one job in the outbox — so neither its answer nor its time tells which addresses exist; the
 * lookup, the token and the mail are the job's (`sendPasswordReset`).
 */
export async function requestPasswordReset(ctx: AppContext, info: RequestInfo, input: Record<string, unknown>): Promise<void> {
  const errors = new FieldErrors();
  const email = errors.email('email', input.email);
  if (!errors.empty) throw new ValidationError(errors.list);
  const payload: PasswordResetJob = { email, lang: info.lang, origin: info.origin };
  await inTransaction(ctx.db, (trx) => enqueueJob(trx, ctx, { type: passwordResetJobType, tenantId: info.tenantId, payload }));
}

/** The job behind a reset request: mails a reset link if the address has an active account with a password. */
export async function sendPasswordReset(ctx: AppContext, payload: PasswordResetJob, job: JobInfo): Promise<void> {
  const tenantId = job.tenantId!;
  await inTransaction(ctx.db, async (trx) => {
    const account = await store.findAccountByEmail(trx, tenantId, payload.email);
    if (account?.status !== 'active' || !(await store.passwordHashOf(trx, tenantId, account.id))) return;
    const token = await issueToken(trx, ctx, { tenantId, accountId: account.id, purpose: 'reset-password' });
    // At most one reset mail per account every five minutes, however often the form is sent.
    const bucket = Math.floor(ctx.clock.now().getTime() / 300_000);
    await queueMail(trx, ctx, {
      tenantId,
      to: account.email!,
      kind: 'resetPassword',
      t: translator(payload.lang),
      params: { link: link(payload, '/passwort-neu', token) },
      dedupeKey: `identity.reset:${account.id}:${bucket}`,
    });
    await appendAudit(trx, ctx, { tenantId, actor: { type: 'anonymous', id: null }, action: 'account.passwordResetRequested', objectType: 'account', objectId: account.id });
  });
}

export async function checkResetLink(ctx: AppContext, tenantId: string, token: string): Promise<void> {
  await peekToken(ctx.db, ctx, tenantId, 'reset-password', token);
}

/** Sets a new password from a reset link; every session of the account ends (whoever had it is out). */
export async function resetPassword(ctx: AppContext, tenantId: string, token: string, input: Record<string, unknown>): Promise<void> {
  const row = await peekToken(ctx.db, ctx, tenantId, 'reset-password', token);
  const account = await store.findAccountById(ctx.db, tenantId, row.account_id);
  const password = typeof input.password === 'string' ? input.password : '';
  const problem = passwordProblem(password, account?.email ?? undefined);
  if (problem) throw new ValidationError([{ pointer: '/password', code: problem }]);
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx.db, async (trx) => {
    const used = await consumeToken(trx, ctx, tenantId, 'reset-password', token);
    const now = ctx.clock.now().toISOString();
    await store.setPasswordHash(trx, tenantId, used.account_id, passwordHash, newId(), now);
    // Following the link proves the address, too.
    await store.updateAccount(trx, tenantId, used.account_id, { emailVerified: true }, now);
    await deleteAllSessions(trx, tenantId, used.account_id);
    await appendAudit(trx, ctx, { tenantId, actor: { type: 'account', id: used.account_id }, action: 'account.passwordReset', objectType: 'account', objectId: used.account_id });
  });
}

/** Changes the own password; the current one must be given. Other sessions end. */
export async function changePassword(ctx: AppContext, tenantId: string, accountId: string, sessionId: string, input: Record<string, unknown>): Promise<void> {
  const account = await store.findAccountById(ctx.db, tenantId, accountId);
  const currentHash = await store.passwordHashOf(ctx.db, tenantId, accountId);
  const errors = new FieldErrors();
  const current = typeof input.currentPassword === 'string' ? input.currentPassword : '';
  if (currentHash && !(await verifyPassword(currentHash, current))) errors.add('currentPassword', 'identity.password.wrongCurrent');
  const password = typeof input.newPassword === 'string' ? input.newPassword : '';
  const problem = passwordProblem(password, account?.email ?? undefined);
  if (problem) errors.add('newPassword', problem);
  if (!errors.empty) throw new ValidationError(errors.list);
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx.db, async (trx) => {
    await store.setPasswordHash(trx, tenantId, accountId, passwordHash, newId(), ctx.clock.now().toISOString());
    await deleteAllSessions(trx, tenantId, accountId, sessionId);
    await appendAudit(trx, ctx, { tenantId, actor: { type: 'account', id: accountId }, action: 'account.passwordChange', objectType: 'account', objectId: accountId });
  });
}

/** Saves the profile fields; empty means "not given". */
export async function updateProfile(ctx: AppContext, tenantId: string, accountId: string, input: Record<string, unknown>): Promise<void> {
  const account = await store.findAccountById(ctx.db, tenantId, accountId);
  if (!account) throw new ValidationError([{ pointer: '/', code: 'identity.account.missing' }]);
  const errors = new FieldErrors();
  const profile: Profile = {};
  for (const field of profileFields) {
    const value = errors.optionalText(field, input[field], profileFieldMaxLength);
    if (value) profile[field] = value;
  }
  if (profile.birthDate) {
    // Typed as people write it (15.01.1980), kept as an ISO date like the identity providers send it.
    const birthDate = parseWrittenDate(profile.birthDate);
    if (birthDate && isPlausibleBirthDate(birthDate, ctx.clock.now())) profile.birthDate = birthDate;
    else errors.add('birthDate', 'identity.profile.birthDateInvalid');
  }
  if (profile.postcode && !/^\d{5}$/.test(profile.postcode)) errors.add('postcode', 'identity.profile.postcodeInvalid');
  if (account.kind === 'person' && (!profile.givenName || !profile.familyName)) {
    if (!profile.givenName) errors.add('givenName', 'identity.field.required');
    if (!profile.familyName) errors.add('familyName', 'identity.field.required');
  }
  if (!errors.empty) throw new ValidationError(errors.list);
  await inTransaction(ctx.db, async (trx) => {
    await store.updateAccount(trx, tenantId, accountId, { profile, displayName: displayNameOf(account.kind, profile, account.displayName) }, ctx.clock.now().toISOString());
    await appendAudit(trx, ctx, { tenantId, actor: { type: 'account', id: accountId }, action: 'account.updateProfile', objectType: 'account', objectId: accountId });
  });
}

function isPlausibleBirthDate(date: LocalDate, now: Date): boolean {
  return date >= '1900-01-01' && date < dateOf(now);
}

/** Mails a confirmation link to the new address; the address changes only when it is followed. */
export async function requestEmailChange(ctx: AppContext, info: RequestInfo, accountId: string, input: Record<string, unknown>): Promise<void> {
  const errors = new FieldErrors();
  const email = errors.email('newEmail', input.newEmail);
  if (!errors.empty) throw new ValidationError(errors.list);
  await inTransaction(ctx.db, async (trx) => {
    const taken = await store.findAccountByEmail(trx, info.tenantId, email);
    // A taken address gets no link; the page says the same either way.
    if (taken) return;
    const token = await issueToken(trx, ctx, { tenantId: info.tenantId, accountId, purpose: 'change-email', data: email });
    await queueMail(trx, ctx, { tenantId: info.tenantId, to: email, kind: 'changeEmail', t: info.t, params: { link: link(info, '/konto/email-bestaetigen', token) } });
    await appendAudit(trx, ctx, {
      tenantId: info.tenantId,
      actor: { type: 'account', id: accountId },
      action: 'account.emailChangeRequested',
      objectType: 'account',
      objectId: accountId,
    });
  });
}

export async function confirmEmailChange(ctx: AppContext, info: RequestInfo, token: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const row = await consumeToken(trx, ctx, info.tenantId, 'change-email', token);
    const account = await store.findAccountById(trx, info.tenantId, row.account_id);
    const email = row.data!;
    if (!account || (await store.findAccountByEmail(trx, info.tenantId, email))) throw new ValidationError([{ pointer: '/newEmail', code: 'identity.email.taken' }]);
    await store.updateAccount(trx, info.tenantId, account.id, { email, emailVerified: true }, ctx.clock.now().toISOString());
    if (account.email) {
      await queueMail(trx, ctx, { tenantId: info.tenantId, to: account.email, kind: 'emailChanged', t: info.t, params: { email } });
    }
    await appendAudit(trx, ctx, {
      tenantId: info.tenantId,
      actor: { type: 'account', id: account.id },
      action: 'account.emailChange',
      objectType: 'account',
      objectId: account.id,
    });
  });
}

/** An organisation whose other members would be left without an administrator keeps this account until one is named. */
async function refuseIfLastAdmin(trx: Trx, tenantId: string, personId: string): Promise<void> {
  for (const organisation of await store.organisationsOf(trx, tenantId, personId)) {
    if (organisation.role !== 'admin') continue;
    const members = await membersOf(trx, tenantId, organisation.accountId);
    if (members.length > 1 && members.filter((m) => m.role === 'admin').length === 1) {
      throw new ConflictError('identity.organisation.lastAdminDelete', { name: organisation.name });
    }
  }
}

/**
 * Deletes an account: the personal data (address, profile, sign-in methods, sessions) goes; the
 * row stays as an empty shell, because applications already submitted belong to the authorities'
 * records and keep pointing at it. Those applications are processed on; decisions go by post.
 */
export async function deleteAccount(ctx: AppContext, tenantId: string, accountId: string, input: Record<string, unknown>): Promise<void> {
  const errors = new FieldErrors();
  if (input.confirm !== 'yes') errors.add('confirm', 'identity.delete.confirmRequired');
  const passwordHash = await store.passwordHashOf(ctx.db, tenantId, accountId);
  if (passwordHash && !(await verifyPassword(passwordHash, typeof input.password === 'string' ? input.password : ''))) {
    errors.add('password', 'identity.password.wrongCurrent');
  }
  if (!errors.empty) throw new ValidationError(errors.list);
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString();
    await trx
      .updateTable('accounts')
      .set({ email: null, email_verified: 0, profile: '{}', display_name: '–', status: 'deactivated', updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', accountId)
      .execute();
    await trx.deleteFrom('identities').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
    await refuseIfLastAdmin(trx, tenantId, accountId);
    await trx.deleteFrom('organisation_members').where('tenant_id', '=', tenantId).where('person_id', '=', accountId).execute();
    await trx.deleteFrom('one_time_tokens').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
    await removeTotp(trx, tenantId, accountId);
    await deleteAllSessions(trx, tenantId, accountId);
    await appendAudit(trx, ctx, { tenantId, actor: { type: 'account', id: accountId }, action: 'account.delete', objectType: 'account', objectId: accountId });
  });
}
