import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../core/context.js';
import { TooManyRequestsError, ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { register, checkVerificationLink, verifyEmail, requestPasswordReset, checkResetLink, resetPassword } from '../accounts.js';
import { demoIdpEnabled } from '../demo.js';
import { afterSignInPath, clearSessionCookie, formBody, formErrors, noErrors, requestInfo, safeReturnTo, setSessionCookie } from '../http.js';
import { completeSecondFactor, confirmEnrolment, EmailNotVerifiedError, LockedOutError, LoginFailedError, loginWithPassword, logout, type LoginResult } from '../login.js';
import type { OidcProvider } from '../oidc.js';
import { InvalidLinkError } from '../one-time-tokens.js';
import { MessagePage } from '../pages/common.js';
import { EnrolPage, LoginPage, RecoveryCodesPage, SecondFactorPage, StepUpPage, type ProviderLink } from '../pages/login.js';
import { ConfirmLinkPage, ForgotPasswordPage, RegisterPage, ResetPasswordPage } from '../pages/register.js';
import { requestLimits, takeRateLimits, type RateLimit } from '../rate-limits.js';
import * as store from '../store.js';
import { isEmail } from '../validation.js';
import { ensureTotpSecret } from '../totp.js';
import { isTrustLevel, meetsTrustLevel, trustLevels, type TrustLevel } from '../../access/index.js';

/** The typed address, normalised, when it looks like one: a key for the per-address limits. */
function limitedAddress(body: Record<string, unknown>): string | null {
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  return isEmail(email) ? email : null;
}

/**
 * Counts the request against its limits in the database (shared by every instance): per IP, and
 * per address typed (whether or not it has an account, so the answer tells nothing about that).
 */
async function limitRequest(ctx: AppContext, request: FastifyRequest, byIp: RateLimit, byEmail?: (tenantId: string, email: string) => RateLimit): Promise<void> {
  const email = byEmail && limitedAddress(formBody(request));
  await takeRateLimits(ctx.db, [byIp, ...(byEmail && email ? [byEmail(request.view.tenant.id, email)] : [])], ctx.clock.now());
}

/** Where a fresh session goes next: the second factor, its enrolment, or back to the page asked for. */
export function afterLogin(reply: FastifyReply, result: LoginResult, returnTo: string): FastifyReply {
  setSessionCookie(reply, result.token);
  const next = encodeURIComponent(returnTo);
  if (result.stage === 'second-factor') return reply.redirect(`/anmelden/zweiter-faktor?zurueck=${next}`, 303);
  if (result.stage === 'enrol') return reply.redirect(`/anmelden/zweiter-faktor/einrichten?zurueck=${next}`, 303);
  return reply.redirect(returnTo, 303);
}

function providerLinks(request: FastifyRequest, ctx: AppContext, providers: OidcProvider[], returnTo: string, level?: TrustLevel): ProviderLink[] {
  const { t } = request.view;
  const next = encodeURIComponent(returnTo);
  const links: ProviderLink[] = providers
    .filter((p) => !level || trustLevels.some((l) => meetsTrustLevel(l, level) && Object.values(p.acrLevels).includes(l)))
    .map((p) => ({ id: p.id, label: t('identity.login.with', { provider: p.label }), href: `/anmelden/oidc/${p.id}?zurueck=${next}${level ? `&niveau=${level}` : ''}` }));
  if (demoIdpEnabled(ctx)) links.push({ id: 'demo', label: t('identity.login.withDemo'), href: `/demo-idp?zurueck=${next}${level ? `&niveau=${level}` : ''}` });
  return links;
}

export async function signInRoutes(app: HttpApp, ctx: AppContext, providers: OidcProvider[]): Promise<void> {
  const loginPage = (request: FastifyRequest, reply: FastifyReply, status: number, extra: Partial<Parameters<typeof LoginPage>[0]> = {}) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).zurueck);
    return sendPage(reply, LoginPage({ view: request.view, email: '', errors: noErrors, returnTo, providers: providerLinks(request, ctx, providers, returnTo), ...extra }), status);
  };

  app.get('/anmelden', async (request, reply) => loginPage(request, reply, 200));

  app.post('/anmelden', async (request, reply) => {
    const body = formBody(request);
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).zurueck);
    const email = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
    const { t } = request.view;
    try {
      await limitRequest(ctx, request, requestLimits.loginByIp(request.ip));
      const result = await loginWithPassword(ctx, requestInfo(ctx, request), body, request.session?.id ?? null);
      return afterLogin(reply, result, returnTo);
    } catch (error) {
      if (error instanceof ValidationError) return loginPage(request, reply, 422, { email, errors: formErrors(request.view, error) });
      if (error instanceof LoginFailedError) return loginPage(request, reply, 401, { email, notice: { kind: 'danger', text: t('identity.login.failed') } });
      if (error instanceof LockedOutError)
        return loginPage(request, reply.header('retry-after', String(error.retryAfterSeconds)), 429, { email, notice: { kind: 'danger', text: t(error.code, error.params) } });
      if (error instanceof TooManyRequestsError)
        return loginPage(request, reply.header('retry-after', String(error.retryAfterSeconds)), 429, {
          email,
          notice: { kind: 'danger', text: t('identity.login.wait', { seconds: error.retryAfterSeconds }) },
        });
      if (error instanceof EmailNotVerifiedError) return loginPage(request, reply, 403, { email, notice: { kind: 'danger', text: t('identity.login.notVerified') } });
      throw error;
    }
  });

  // After the sign-in the hooks know who this is: a module may have named their home (view.user.home).
  app.get(afterSignInPath, async (request, reply) => {
    if (!request.viewUser) return reply.redirect('/anmelden', 303);
    return reply.redirect(request.viewUser.home ?? '/konto', 303);
  });

  app.post('/abmelden', async (request, reply) => {
    if (request.session) await logout(ctx, request.session);
    clearSessionCookie(reply);
    return reply.redirect('/?abgemeldet=1', 303);
  });

  app.get('/anmelden/vertrauensniveau', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const level = isTrustLevel(query.niveau) ? query.niveau : 'substanziell';
    const returnTo = safeReturnTo(query.zurueck, '/');
    const current = request.actor.kind === 'citizen' ? request.actor.trustLevel : null;
    if (current && meetsTrustLevel(current, level)) return reply.redirect(returnTo, 303);
    return sendPage(reply, StepUpPage({ view: request.view, level, current, providers: providerLinks(request, ctx, providers, returnTo, level) }));
  });

  // ---- second factor ----
  const pendingSession = (request: FastifyRequest, stage: 'second-factor' | 'enrol') => (request.session?.stage === stage ? request.session : null);

  app.get('/anmelden/zweiter-faktor', async (request, reply) => {
    if (!pendingSession(request, 'second-factor')) return reply.redirect('/anmelden', 303);
    return sendPage(reply, SecondFactorPage({ view: request.view, errors: noErrors }));
  });

  app.post('/anmelden/zweiter-faktor', async (request, reply) => {
    const pending = pendingSession(request, 'second-factor');
    if (!pending) return reply.redirect('/anmelden', 303);
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).zurueck);
    try {
      return afterLogin(reply, await completeSecondFactor(ctx, requestInfo(ctx, request), pending, formBody(request)), returnTo);
    } catch (error) {
      if (error instanceof ValidationError) return sendPage(reply, SecondFactorPage({ view: request.view, errors: formErrors(request.view, error) }), 422);
      if (error instanceof LockedOutError || error instanceof TooManyRequestsError) {
        const text = error instanceof LockedOutError ? request.view.t(error.code, error.params) : request.view.t('identity.login.wait', { seconds: error.retryAfterSeconds });
        return sendPage(reply, SecondFactorPage({ view: request.view, errors: { byField: { code: text }, problems: [{ fieldId: 'code', message: text }] } }), 429);
      }
      throw error;
    }
  });

  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, accountId: string, action: string, errors = noErrors, status = 200) => {
    const account = await store.findAccountById(ctx.db, request.view.tenant.id, accountId);
    if (!account) return reply.redirect('/anmelden', 303);
    const enrolment = await ensureTotpSecret(ctx.db, ctx, account, request.view.tenant.name);
    return sendPage(reply, EnrolPage({ view: request.view, secret: enrolment.secret, uri: enrolment.uri, errors, action }), status);
  };

  app.get('/anmelden/zweiter-faktor/einrichten', async (request, reply) => {
    const pending = pendingSession(request, 'enrol');
    if (!pending) return reply.redirect('/anmelden', 303);
    return enrolPage(request, reply, pending.accountId, request.url);
  });

  app.post('/anmelden/zweiter-faktor/einrichten', async (request, reply) => {
    const pending = pendingSession(request, 'enrol');
    if (!pending) return reply.redirect('/anmelden', 303);
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).zurueck);
    try {
      const { recoveryCodes, token } = await confirmEnrolment(ctx, requestInfo(ctx, request), pending, formBody(request));
      if (token) setSessionCookie(reply, token);
      return sendPage(reply, RecoveryCodesPage({ view: request.view, codes: recoveryCodes, continueTo: returnTo }));
    } catch (error) {
      if (error instanceof ValidationError) return enrolPage(request, reply, pending.accountId, request.url, formErrors(request.view, error), 422);
      throw error;
    }
  });

  // ---- registration and mail links ----
  app.get('/registrieren', async (request, reply) => sendPage(reply, RegisterPage({ view: request.view, values: {}, errors: noErrors })));

  app.post('/registrieren', async (request, reply) => {
    const body = formBody(request);
    const { t } = request.view;
    await limitRequest(ctx, request, requestLimits.registerByIp(request.ip), requestLimits.registerByEmail);
    try {
      await register(ctx, requestInfo(ctx, request), body);
    } catch (error) {
      if (error instanceof ValidationError) return sendPage(reply, RegisterPage({ view: request.view, values: body, errors: formErrors(request.view, error) }), 422);
      throw error;
    }
    return sendPage(reply, MessagePage({ view: request.view, title: t('identity.register.doneTitle'), text: t('identity.register.done') }));
  });

  const invalidLink = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(
      reply,
      MessagePage({
        view: request.view,
        title: request.view.t('identity.link.invalidTitle'),
        text: request.view.t('identity.link.invalid'),
        kind: 'warning',
        link: { href: '/anmelden', label: request.view.t('identity.link.toLogin') },
      }),
      410,
    );

  const tokenOf = (request: FastifyRequest) => {
    const token = (request.query as Record<string, unknown>).token;
    return typeof token === 'string' ? token : '';
  };

  app.get('/konto/bestaetigen', async (request, reply) => {
    const { t } = request.view;
    try {
      await checkVerificationLink(ctx, request.view.tenant.id, tokenOf(request));
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(request, reply);
      throw error;
    }
    return sendPage(
      reply,
      ConfirmLinkPage({
        view: request.view,
        title: t('identity.verify.title'),
        text: t('identity.verify.text'),
        action: `/konto/bestaetigen?token=${encodeURIComponent(tokenOf(request))}`,
        button: t('identity.verify.submit'),
      }),
    );
  });

  app.post('/konto/bestaetigen', async (request, reply) => {
    const { t } = request.view;
    try {
      await verifyEmail(ctx, request.view.tenant.id, tokenOf(request));
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(request, reply);
      throw error;
    }
    return sendPage(
      reply,
      MessagePage({
        view: request.view,
        title: t('identity.verify.doneTitle'),
        text: t('identity.verify.done'),
        kind: 'success',
        link: { href: '/anmelden', label: t('identity.link.toLogin') },
      }),
    );
  });

  app.get('/passwort-vergessen', async (request, reply) => sendPage(reply, ForgotPasswordPage({ view: request.view, email: '', errors: noErrors })));

  app.post('/passwort-vergessen', async (request, reply) => {
    const body = formBody(request);
    const { t } = request.view;
    await limitRequest(ctx, request, requestLimits.resetByIp(request.ip), requestLimits.resetByEmail);
    try {
      await requestPasswordReset(ctx, requestInfo(ctx, request), body);
    } catch (error) {
      if (error instanceof ValidationError)
        return sendPage(reply, ForgotPasswordPage({ view: request.view, email: String(body.email ?? ''), errors: formErrors(request.view, error) }), 422);
      throw error;
    }
    return sendPage(reply, MessagePage({ view: request.view, title: t('identity.forgot.doneTitle'), text: t('identity.forgot.done') }));
  });

  app.get('/passwort-neu', async (request, reply) => {
    try {
      await checkResetLink(ctx, request.view.tenant.id, tokenOf(request));
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(request, reply);
      throw error;
    }
    return sendPage(reply, ResetPasswordPage({ view: request.view, token: tokenOf(request), errors: noErrors }));
  });

  app.post('/passwort-neu', async (request, reply) => {
    const { t } = request.view;
    try {
      await resetPassword(ctx, request.view.tenant.id, tokenOf(request), formBody(request));
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(request, reply);
      if (error instanceof ValidationError)
        return sendPage(reply, ResetPasswordPage({ view: request.view, token: tokenOf(request), errors: formErrors(request.view, error) }), 422);
      throw error;
    }
    clearSessionCookie(reply);
    return sendPage(
      reply,
      MessagePage({
        view: request.view,
        title: t('identity.reset.doneTitle'),
        text: t('identity.reset.done'),
        kind: 'success',
        link: { href: '/anmelden', label: t('identity.link.toLogin') },
      }),
    );
  });
}
