import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';
import { anonymousActor, can, type Actor } from '../access/index.js';
import { actorForApiToken } from './api-clients.js';
import { tenantsPath } from './pages/platform.js';
import { actorForSession } from './login.js';
import { resolveSession, sessionCookie, type Session } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is acting: from the session cookie or an API token; anonymous otherwise. */
    actor: Actor;
    /** The session behind the cookie, complete or still waiting for a second factor. */
    session: Session | null;
  }
}

/**
 * Resolves the session cookie (or a bearer token) to `request.actor` before any route runs, and
 * tells the page header who is signed in. Static assets skip it. The hook is synchronous for the
 * anonymous visitor without cookie or token, most of the portal's traffic: an async hook costs a
 * promise and a turn of the microtask queue on every request.
 */
export async function identityHooks(app: HttpApp, ctx: AppContext): Promise<void> {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.startsWith('/assets/')) return done();
    request.actor = anonymousActor(request.view.tenant.id);
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      identifyApiClient(ctx, request, authorization.slice('Bearer '.length).trim()).then(() => done(), done);
      return;
    }
    const token = request.cookies[sessionCookie];
    if (!token) return done();
    identifySession(ctx, request, token).then(() => done(), done);
  });
}

async function identifyApiClient(ctx: AppContext, request: FastifyRequest, token: string): Promise<void> {
  request.actor = (await actorForApiToken(ctx, request.actor.tenantId, token)) ?? request.actor;
}

async function identifySession(ctx: AppContext, request: FastifyRequest, token: string): Promise<void> {
  const session = await resolveSession(ctx, request.actor.tenantId, token);
  if (!session) return;
  request.session = session;
  if (session.stage !== 'complete') return;
  const actor = await actorForSession(ctx, session);
  if (!actor || actor.kind === 'anonymous' || actor.kind === 'apiClient') return;
  request.actor = actor;
  const user = {
    name: actor.kind === 'citizen' && actor.actingFor ? `${actor.name} (${actor.actingFor.name})` : actor.name,
    staff: actor.kind === 'staff',
    links: can(actor, 'platform.tenants.read', { tenantId: actor.tenantId }) ? [{ href: tenantsPath, labelKey: 'platform.tenants.title' }] : undefined,
  };
  request.viewUser = user;
  // The view was computed before for the tenant; it shows the user from now on.
  request.view.user = user;
}
