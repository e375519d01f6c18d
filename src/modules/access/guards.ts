import type { FastifyInstance, FastifyRequest, HookHandlerDoneFunction, FastifyReply } from 'fastify';
import { AuthenticationRequiredError, ForbiddenError } from '../../core/errors.js';
import type { Actor } from './actor.js';

/**
 * Guards the staff API under `prefixes`: anyone who is neither staff nor an API client holding one of
 * `scopes` is told so before anything is looked up — 401 without credentials, 403 for a citizen or
 * a client without such a scope — not an empty list, which would read as "you may, but there is
 * nothing". The service layer still decides per resource (deny by default); this only answers early.
 */
export function guardStaffApi(app: FastifyInstance, prefixes: readonly string[], scopes: readonly string[]): void {
  const staffOrClientOnly = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const actor = request.actor as Actor;
    if (actor.kind === 'anonymous') {
      done(new AuthenticationRequiredError());
      return;
    }
    const refused = actor.kind === 'citizen' || (actor.kind === 'apiClient' && !actor.scopes.some((scope) => scopes.includes(scope)));
    done(refused ? new ForbiddenError() : undefined);
  };
  app.addHook('onRoute', (route) => {
    if (prefixes.some((prefix) => route.url.startsWith(prefix))) route.onRequest = [...[route.onRequest ?? []].flat(), staffOrClientOnly];
  });
}

/**
 * For staff pages: the staff actor, or null after sending an anonymous visitor to sign in (and
 * back here afterwards); anyone else is refused with `refusal` as the message.
 */
export function staffOnly(request: FastifyRequest, reply: FastifyReply, refusal = 'error.forbidden'): Actor | null {
  const actor = request.actor as Actor;
  if (actor.kind === 'staff') return actor;
  if (actor.kind === 'anonymous') {
    void reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  throw new ForbiddenError(refusal);
}
