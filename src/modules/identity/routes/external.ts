import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../core/context.js';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { demoCitizensOf, demoIdpEnabled, demoLogin } from '../demo.js';
import { formBody, formErrors, noErrors, requestInfo, requestOrigin, safeReturnTo } from '../http.js';
import { loginExternal } from '../login.js';
import { finishOidcLogin, OidcLoginError, startOidcLogin, type OidcPending, type OidcProvider } from '../oidc.js';
import { MessagePage } from '../pages/common.js';
import { DemoIdpPage } from '../pages/demo-idp.js';
import { isTrustLevel } from '../../access/index.js';
import { afterLogin } from './sign-in.js';

/** Holds state, nonce and PKCE verifier between the redirect and the provider's answer: signed, HttpOnly, short-lived. */
const pendingCookie = 'aw_oidc';

export async function externalLoginRoutes(app: HttpApp, ctx: AppContext, providers: OidcProvider[]): Promise<void> {
  const providerOf = (id: string) => {
    const provider = providers.find((p) => p.id === id);
    if (!provider) throw new NotFoundError();
    return provider;
  };
  const callbackPath = (provider: OidcProvider) => `/anmelden/oidc/${provider.id}/rueckkehr`;
  const failed = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(
      reply,
      MessagePage({
        view: request.view,
        title: request.view.t('identity.oidc.failedTitle'),
        text: request.view.t('identity.oidc.failed'),
        kind: 'danger',
        link: { href: '/anmelden', label: request.view.t('identity.link.toLogin') },
      }),
      400,
    );
  const signedInCitizen = (request: FastifyRequest) => (request.actor.kind === 'citizen' ? request.actor.accountId : null);

  app.get<{ Params: { provider: string } }>('/anmelden/oidc/:provider', async (request, reply) => {
    const provider = providerOf(request.params.provider);
    const query = request.query as Record<string, unknown>;
    const returnTo = safeReturnTo(query.zurueck);
    const minimum = isTrustLevel(query.niveau) ? query.niveau : undefined;
    try {
      const { url, pending } = await startOidcLogin(ctx, provider, requestOrigin(ctx, request) + callbackPath(provider), returnTo, minimum);
      reply.setCookie(pendingCookie, JSON.stringify(pending), { path: '/anmelden/oidc/', httpOnly: true, secure: true, sameSite: 'lax', signed: true, maxAge: 600 });
      return reply.redirect(url, 303);
    } catch (error) {
      if (error instanceof OidcLoginError) return failed(request, reply);
      throw error;
    }
  });

  app.get<{ Params: { provider: string } }>('/anmelden/oidc/:provider/rueckkehr', async (request, reply) => {
    const provider = providerOf(request.params.provider);
    const raw = request.cookies[pendingCookie];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    reply.clearCookie(pendingCookie, { path: '/anmelden/oidc/' });
    let pending: OidcPending;
    try {
      if (!unsigned?.valid || !unsigned.value) throw new OidcLoginError();
      pending = JSON.parse(unsigned.value) as OidcPending;
      if (pending.provider !== provider.id) throw new OidcLoginError();
    } catch {
      return failed(request, reply);
    }
    const callbackUrl = new URL(request.url, requestOrigin(ctx, request));
    try {
      const login = await finishOidcLogin(ctx, request.view.tenant.id, provider, callbackUrl, pending, signedInCitizen(request));
      const result = await loginExternal(ctx, requestInfo(ctx, request), { ...login, method: `oidc:${provider.id}` }, request.session?.id ?? null);
      return afterLogin(reply, result, safeReturnTo(pending.returnTo));
    } catch (error) {
      if (error instanceof OidcLoginError) return failed(request, reply);
      throw error;
    }
  });

  if (!demoIdpEnabled(ctx)) return;
  /** The tenant's demo citizens as its page offers them; a tenant without any has no demo sign-in. */
  const personasOf = (request: FastifyRequest) => {
    const citizens = demoCitizensOf(request.view.tenant.slug);
    if (!citizens) throw new NotFoundError();
    return citizens.labels;
  };

  app.get('/demo-idp', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const level = isTrustLevel(query.niveau) ? query.niveau : 'substanziell';
    return sendPage(reply, DemoIdpPage({ view: request.view, personas: personasOf(request), level, returnTo: safeReturnTo(query.zurueck), errors: noErrors }));
  });

  app.post('/demo-idp', async (request, reply) => {
    const body = formBody(request);
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).zurueck);
    const persona = body.persona === 'person' || body.persona === 'organisation' ? body.persona : null;
    const level = isTrustLevel(body.level) ? body.level : null;
    if (!persona || !level) {
      const fields = [...(persona ? [] : [{ pointer: '/persona', code: 'identity.field.required' }]), ...(level ? [] : [{ pointer: '/level', code: 'identity.field.required' }])];
      return sendPage(
        reply,
        DemoIdpPage({ view: request.view, personas: personasOf(request), level: level ?? 'substanziell', returnTo, errors: formErrors(request.view, new ValidationError(fields)) }),
        422,
      );
    }
    const demo = await demoLogin(ctx, request.view.tenant.id, persona);
    if (!demo) return failed(request, reply);
    const result = await loginExternal(
      ctx,
      requestInfo(ctx, request),
      { accountId: demo.accountId, trustLevel: level, method: 'demo', actingFor: demo.actingFor },
      request.session?.id ?? null,
    );
    return afterLogin(reply, result, returnTo);
  });
}
