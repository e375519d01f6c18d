import type { FastifyRequest } from 'fastify';
import { BadInputError, type FieldError } from '../core/errors.js';
import type { HttpApp } from '../core/module.js';
import { childPointer } from '../core/json-pointer.js';

/**
 * Input that no handler should ever see is refused at the edge with 400:
 * - a NUL byte anywhere in the URL or the parsed body: PostgreSQL cannot store it in text
 *   (`invalid byte sequence for encoding "UTF8": 0x00`), and no field of ours may hold it;
 * - a body nested deeper than any form (32 levels): the draft merge and `JSON.stringify` recurse,
 *   and 10,000 levels fit into the 1 MB body limit.
 * The body is walked once after parsing, before schema validation; the walk never goes deeper
 * than the limit, so it cannot overflow itself.
 */
export const maxBodyDepth = 32;

export function containsNul(text: string): boolean {
  return text.includes('\u0000');
}

/** The field error of the first NUL byte or too deep level in `value`, or undefined. */
function firstBadInput(value: unknown, pointer: string, depth: number): FieldError | undefined {
  if (typeof value === 'string') return containsNul(value) ? { pointer, code: 'error.nulByte' } : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= maxBodyDepth) return { pointer, code: 'error.tooDeep', params: { max: maxBodyDepth } };
  for (const [key, child] of Object.entries(value)) {
    const at = childPointer(pointer, key);
    if (containsNul(key)) return { pointer: at, code: 'error.nulByte' };
    const bad = firstBadInput(child, at, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

/** A NUL byte in the path refers to the whole request; in the query, to its parameter. */
function nulInUrl(request: FastifyRequest): FieldError | undefined {
  if (!/%00/i.test(request.url) && !containsNul(request.url)) return undefined;
  const query = request.query as Record<string, unknown>;
  const parameter = Object.entries(query).find(
    ([key, value]) => containsNul(key) || (typeof value === 'string' ? containsNul(value) : Array.isArray(value) && value.some((one) => containsNul(String(one)))),
  );
  return { pointer: parameter ? `/${parameter[0].replace(/\u0000/g, '')}` : '', code: 'error.nulByte' };
}

/** A multipart body without a boundary cannot be read at all. */
function multipartWithoutBoundary(request: FastifyRequest): FieldError | undefined {
  const type = request.headers['content-type'] ?? '';
  if (!/^\s*multipart\//i.test(type) || /;\s*boundary=("[^"]{1,70}"|[^\s;"]{1,70})/i.test(type)) return undefined;
  return { pointer: '', code: 'error.malformedMultipart' };
}

/**
 * What busboy throws for a multipart body it cannot read to its end (another boundary than the
 * header's, a body cut short). Its errors carry no code, only these messages.
 */
export function isBrokenMultipart(error: Error): boolean {
  return /^Multipart: Boundary not found$|unexpected end of multipart data$/i.test(error.message);
}

export function guardInput(app: HttpApp): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const bad = nulInUrl(request) ?? multipartWithoutBoundary(request);
    done(bad ? new BadInputError([bad]) : undefined);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const bad = firstBadInput(request.body, '', 0);
    done(bad ? new BadInputError([bad]) : undefined);
  });
}

/** A multipart text field with a NUL byte: the same refusal as in any other body. */
export function refuseNulField(name: string, value: string): void {
  if (containsNul(name) || containsNul(value)) throw new BadInputError([{ pointer: `/${name.replace(/\u0000/g, '')}`, code: 'error.nulByte' }]);
}
