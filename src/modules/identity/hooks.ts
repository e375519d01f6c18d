import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';
import { anonymousActor, type Actor } from '../access/index.js';
import { actorForApiToken } from './api-clients.js';
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
 * tells the page header who is signed in. Static assets skip it.
 */
export async function identityHooks(app: HttpApp, ctx: AppContext): Promise<void> {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/assets/')) return;
    const tenantId = request.view.tenant.id;
    request.actor = anonymousActor(tenantId);
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      request.actor = (await actorForApiToken(ctx, tenantId, authorization.slice('Bearer '.length).trim())) ?? request.actor;
      return;
    }
    const token = request.cookies[sessionCookie];
    if (!token) return;
    const session = await resolveSession(ctx, tenantId, token);
    if (!session) return;
    request.session = session;
    if (session.stage !== 'complete') return;
    const actor = await actorForSession(ctx, session);
    if (!actor || actor.kind === 'anonymous' || actor.kind === 'apiClient') return;
    request.actor = actor;
    const user = { name: actor.kind === 'citizen' && actor.actingFor ? `${actor.name} (${actor.actingFor.name})` : actor.name, staff: actor.kind === 'staff' };
    request.viewUser = user;
    // The view was computed above for the tenant; it shows the user from now on.
    request.view.user = user;
  });
}
