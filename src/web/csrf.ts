import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from '../core/module.js';

/**
 * Multipart forms are parsed inside the handler (they stream), after the CSRF preHandler ran, so
 * their routes check the token themselves once the `_csrf` field has arrived. Returns false after
 * sending the 403 (the handler must then return the reply).
 */
export function csrfTokenValid(app: HttpApp, request: FastifyRequest, reply: FastifyReply, token: unknown): boolean {
  if (request.headers.authorization !== undefined) return true;
  const previous = request.body;
  request.body = { _csrf: typeof token === 'string' ? token : '' };
  let valid = false;
  app.csrfProtection(request, reply, () => {
    valid = true;
  });
  request.body = previous;
  return valid;
}
