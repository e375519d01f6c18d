import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from '../../core/module.js';
import { anonymousActorFor } from './access.js';
import type { Actor } from './access.js';
import type { Requester } from './service.js';

/** Who is acting: the identity module's `request.actor`, anonymous before its hook ran. */
export function actorOf(request: FastifyRequest): Actor {
  return (request.actor as Actor | null | undefined) ?? anonymousActorFor(request.view.tenant.id);
}

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

/** `boreholes[0][log]` → `/boreholes/0/log`; undefined for anything else. */
export function pointerOfFieldName(name: string): string | undefined {
  const match = /^([a-zA-Z][a-zA-Z0-9_]*)((?:\[[a-zA-Z0-9_]+\])*)$/.exec(name);
  if (!match) return undefined;
  const rest = [...match[2]!.matchAll(/\[([a-zA-Z0-9_]+)\]/g)].map((m) => m[1]!);
  return '/' + [match[1]!, ...rest].join('/');
}

/** A multipart text field added to a form body: repeated names become lists, like formbody does. */
export function addField(body: Record<string, unknown>, name: string, value: string): void {
  const existing = body[name];
  if (existing === undefined) body[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else body[name] = [existing, value];
}

/** The resume token of an anonymous draft lives in a cookie scoped to that draft's pages. */
export const draftCookie = (applicationId: string) => `aw_draft_${applicationId.replace(/-/g, '')}`;

export function setDraftCookie(reply: FastifyReply, applicationId: string, token: string, days: number): void {
  reply.setCookie(draftCookie(applicationId), token, { path: `/antraege/${applicationId}`, httpOnly: true, secure: true, sameSite: 'lax', maxAge: days * 24 * 3600 });
}

/** The actor, with the draft's resume token when the browser holds one for this application. */
export function requesterOf(request: FastifyRequest, applicationId: string): Requester {
  const actor = actorOf(request);
  const token = request.cookies?.[draftCookie(applicationId)];
  return token ? { ...actor, draftToken: token } : actor;
}
