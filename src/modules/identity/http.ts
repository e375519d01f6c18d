import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import type { ValidationError } from '../../core/errors.js';
import type { FieldProblem } from '../../web/components/form.js';
import { localPath } from '../../web/local-path.js';
import type { View } from '../../web/view.js';
import type { Actor } from '../access/index.js';
import type { RequestInfo } from './request-info.js';
import { sessionCookie } from './sessions.js';
import { meetsTrustLevel, type TrustLevel } from '../access/index.js';
import { pointerTokens } from '../../core/json-pointer.js';

/** Where a sign-in without a page to return to continues: that route sends the person on to their home (staff: the inbox). */
export const afterSignInPath = '/anmelden/weiter';

/** Only paths inside this portal are followed after a login: never `//evil.example` or a full URL. */
export function safeReturnTo(value: unknown, fallback = afterSignInPath): string {
  return localPath(value) ?? fallback;
}

/** Origin for links in mails: the request's host if it is one of the tenant's hosts, else BASE_URL (no host-header poisoning). */
export function requestOrigin(ctx: AppContext, request: FastifyRequest): string {
  const hostname = request.hostname.toLowerCase();
  const known = request.view.tenant.hosts.some((host) => host.toLowerCase() === hostname);
  if (!known) return ctx.config.baseUrl;
  const port = request.port && !['80', '443'].includes(String(request.port)) ? `:${request.port}` : '';
  return `${request.protocol}://${hostname}${port}`;
}

export function requestInfo(ctx: AppContext, request: FastifyRequest): RequestInfo {
  return {
    tenantId: request.view.tenant.id,
    ip: request.ip,
    userAgent: String(request.headers['user-agent'] ?? '').slice(0, 200),
    lang: request.view.lang,
    t: request.view.t,
    origin: requestOrigin(ctx, request),
  };
}

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookie, token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/' });
}

/** Field messages by field name and the error summary's list, from a service's ValidationError. */
export interface FormErrors {
  byField: Record<string, string>;
  problems: FieldProblem[];
}

export const noErrors: FormErrors = { byField: {}, problems: [] };

export function formErrors(view: View, error: ValidationError, fieldIds: Record<string, string> = {}): FormErrors {
  const byField: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  for (const field of error.fields) {
    const name = pointerTokens(field.pointer)[0] || 'form';
    if (byField[name]) continue;
    const message = view.t(field.code, field.params);
    byField[name] = message;
    problems.push({ fieldId: fieldIds[name] ?? name, message });
  }
  return { byField, problems };
}

/** The posted form as plain strings (and arrays for repeated names); anything else is dropped. */
export function formBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return {};
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') result[key] = value.slice(0, 5000);
    else if (Array.isArray(value)) result[key] = value.filter((v) => typeof v === 'string').slice(0, 50);
  }
  return result;
}

/** Sends the visitor to the login page (and back here afterwards) unless someone is signed in. */
export function requireSignedIn(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.actor.kind === 'citizen' || request.actor.kind === 'staff') return true;
  void reply.redirect(`/anmelden?zurueck=${encodeURIComponent(safeReturnTo(request.url, '/'))}`, 303);
  return false;
}

/**
 * For pages of procedures that need a trust level: true when the session has it; otherwise the
 * visitor is sent to the step-up page (not an error), which brings them back to this page.
 */
export function requireTrustLevel(request: FastifyRequest, reply: FastifyReply, level: TrustLevel): boolean {
  const actor: Actor = request.actor;
  if (actor.kind === 'citizen' && meetsTrustLevel(actor.trustLevel, level)) return true;
  void reply.redirect(`/anmelden/vertrauensniveau?niveau=${level}&zurueck=${encodeURIComponent(safeReturnTo(request.url, '/'))}`, 303);
  return false;
}
