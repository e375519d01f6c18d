import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from '../../core/module.js';
import { csrfTokenValid } from '../../web/csrf.js';
import type { AppContext } from '../../core/context.js';
import { anonymousActorFor, limitPerClient } from './access.js';
import type { Actor } from './access.js';
import type { FileInput } from './attachments.js';
import type { Requester } from './service.js';
import { refuseNulField } from '../../web/input-guard.js';
import { BadInputError } from '../../core/errors.js';
import { toPointer } from '../../core/json-pointer.js';

export { csrfTokenValid };

/**
 * Reads the post of a form page into its fields, with files (multipart) or without. The CSRF token,
 * the form's first field, is checked before the first file is read; each file of a question goes to
 * `onFile` while the request streams (what it leaves unread is drained). Undefined when the token
 * is wrong: the refusal is sent.
 */
export async function readPageForm(
  app: HttpApp,
  request: FastifyRequest,
  reply: FastifyReply,
  onFile: (pointer: string, name: string, stream: Readable) => Promise<void>,
): Promise<Record<string, unknown> | undefined> {
  const body: Record<string, unknown> = {};
  let csrfChecked = false;
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') addField(body, part.fieldname, part.value);
        continue;
      }
      if (!csrfChecked && !(csrfChecked = csrfTokenValid(app, request, reply, body._csrf))) return undefined;
      const pointer = pointerOfFieldName(part.fieldname);
      if (pointer && part.filename) await onFile(pointer, part.filename, part.file);
      part.file.resume();
    }
  } else Object.assign(body, request.body as Record<string, unknown>);
  return csrfChecked || csrfTokenValid(app, request, reply, body._csrf) ? body : undefined;
}

/** Who is acting: the identity module's `request.actor`, anonymous before its hook ran. */
export function actorOf(request: FastifyRequest): Actor {
  return (request.actor as Actor | null | undefined) ?? anonymousActorFor(request.view.tenant.id);
}

/** Drafts without an account per client network: enough for an office behind one address, not for a script filling the database. */
const anonymousDraftsPerClient = { max: 60, windowMilliseconds: 10 * 60_000 };

/**
 * Counts a start of a draft without an account (pages and API) against the client's limit;
 * refuses it with 429 and the seconds to wait beyond. Starts with an account are not counted.
 */
export async function limitAnonymousStart(ctx: AppContext, request: FastifyRequest): Promise<void> {
  if (actorOf(request).kind !== 'anonymous') return;
  await limitPerClient(ctx, 'draft', request.ip, anonymousDraftsPerClient.max, anonymousDraftsPerClient.windowMilliseconds);
}
/** `boreholes[0][log]` → `/boreholes/0/log`; undefined for anything else. */
export function pointerOfFieldName(name: string): string | undefined {
  const match = /^([a-zA-Z][a-zA-Z0-9_]*)((?:\[[a-zA-Z0-9_]+\])*)$/.exec(name);
  if (!match) return undefined;
  const rest = [...match[2]!.matchAll(/\[([a-zA-Z0-9_]+)\]/g)].map((m) => m[1]!);
  return toPointer(match[1]!, ...rest);
}

/**
 * A multipart text field added to a form body: repeated names become lists, like formbody does.
 * Multipart fields are read by the handler, after the edge's body check: a NUL byte is refused here.
 */
export function addField(body: Record<string, unknown>, name: string, value: string): void {
  refuseNulField(name, value);
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

/**
 * An anonymous draft's token on the API: `Authorization: Draft <token>`. A header, not a cookie:
 * no other site can make a browser send it, so these calls need no CSRF token.
 */
const draftAuthorization = /^Draft ([A-Za-z0-9_-]{20,200})$/;

/** The API caller, with the draft token when the call carries one. */
export function apiRequesterOf(request: FastifyRequest): Requester {
  const actor = actorOf(request);
  const token = draftAuthorization.exec(request.headers.authorization ?? '')?.[1];
  return token ? { ...actor, draftToken: token } : actor;
}

/**
 * The text fields and files of a multipart Postfach reply, read in order. `beforeFirstFile` runs
 * once the text fields before the first file have arrived (the page checks its CSRF token there);
 * returning false stops reading. Files beyond the Postfach's size limit are read only far enough
 * for the service to refuse them as too large.
 */
export async function readReplyParts(
  request: FastifyRequest,
  maxFileBytes: number,
  beforeFirstFile: (fields: Record<string, unknown>) => boolean = () => true,
): Promise<{ fields: Record<string, unknown>; files: FileInput[] } | undefined> {
  const fields: Record<string, unknown> = {};
  const files: FileInput[] = [];
  let filesStarted = false;
  for await (const part of request.parts()) {
    // A part without a name (`Content-Disposition: form-data` alone) belongs to no field.
    if (typeof part.fieldname !== 'string') throw new BadInputError([{ pointer: '', code: 'error.malformedMultipart' }]);
    if (part.type === 'field') {
      if (typeof part.value === 'string') addField(fields, part.fieldname, part.value);
      continue;
    }
    if (!filesStarted && !beforeFirstFile(fields)) return undefined;
    filesStarted = true;
    // Each part must be read before the next arrives.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.file) {
      if (size <= maxFileBytes) chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    if (part.filename && size > 0) files.push({ name: part.filename, stream: Readable.from([Buffer.concat(chunks)]) });
  }
  return { fields, files };
}

/** The actor, with the draft's resume token when the browser holds one for this application. */
export function requesterOf(request: FastifyRequest, applicationId: string): Requester {
  const actor = actorOf(request);
  const token = request.cookies?.[draftCookie(applicationId)];
  return token ? { ...actor, draftToken: token } : actor;
}
