import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../core/i18n/index.js';
import { DomainError, TooManyRequestsError, ValidationError, type FieldError } from '../core/errors.js';
import { isBrokenMultipart } from './input-guard.js';
import { ErrorPage, NotFoundPage, ServerErrorPage } from './pages/error.js';
import { sendPage } from './render.js';

/** API callers get problem+json; browsers get a page. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  errors?: { pointer: string; code: string; detail: string }[];
}

/** The problem document of a refusal with the message `code`, before any field errors. */
export function problemDocument(t: Translate, status: number, code: string, instance: string, params: Record<string, string | number> = {}): Problem {
  return { type: `/problems/${code}`, title: t(code, params), status, instance };
}

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

/** Translates Ajv's schema errors (from route schemas) into field errors with JSON pointers. */
function schemaFieldErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((issue) => {
    const missing = issue.keyword === 'required' ? `/${String(issue.params.missingProperty)}` : '';
    const extra = issue.keyword === 'additionalProperties' ? `/${String(issue.params.additionalProperty)}` : '';
    return {
      pointer: `${issue.instancePath}${missing}${extra}` || '/',
      code: `validation.schema.${issue.keyword}`,
      params: { message: issue.message ?? issue.keyword },
    };
  });
}

function fieldMessage(request: FastifyRequest, field: FieldError): string {
  const text = request.view.t(field.code, field.params);
  // Schema messages come from Ajv (English); we have no catalogue entry per keyword.
  return text === field.code && field.params?.message ? String(field.params.message) : text;
}

export function sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (wantsJson(request)) {
    return sendProblem(reply, {
      type: '/problems/not-found',
      title: request.view.t('error.notFound'),
      status: 404,
      instance: request.url,
    });
  }
  return sendPage(reply, NotFoundPage({ view: request.view }), 404);
}

/** The single place where thrown errors become responses. Internals are logged, never shown. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { t } = request.view;
  const fastifyError = error as FastifyError;
  let status = 500;
  let code = 'error.server.title';
  let fields: FieldError[] = [];

  if (error instanceof DomainError) {
    status = error.status;
    code = error.code;
    if (error instanceof ValidationError) fields = error.fields;
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
  } else if (fastifyError.validation) {
    status = 400;
    code = 'error.validation';
    fields = schemaFieldErrors(fastifyError);
  } else if (fastifyError.code === 'FST_CSRF_INVALID_TOKEN' || fastifyError.code === 'FST_CSRF_MISSING_SECRET') {
    status = 403;
    code = 'error.csrf';
  } else if (isBrokenMultipart(error)) {
    status = 400;
    code = 'error.malformedMultipart';
  } else if (fastifyError.code?.startsWith('FST_ERR_CTP_') && fastifyError.statusCode === 400) {
    // The body could not be read at all (broken JSON, a forbidden `__proto__` key): the whole
    // document is the field in error.
    status = 400;
    code = 'error.badRequest';
    fields = [{ pointer: '', code: 'error.unreadableBody' }];
  } else if (fastifyError.statusCode === 413 || fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    status = 413;
    code = 'error.payloadTooLarge';
  } else if (fastifyError.statusCode === 429) {
    status = 429;
    code = 'error.tooManyRequests';
  } else if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    status = fastifyError.statusCode;
    code = 'error.badRequest';
  }

  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code, status }, 'request refused');

  const params = error instanceof DomainError ? error.params : {};
  if (wantsJson(request)) {
    return sendProblem(reply, {
      ...problemDocument(t, status, code, request.url, params),
      ...(fields.length ? { errors: fields.map((f) => ({ pointer: f.pointer, code: f.code, detail: fieldMessage(request, f) })) } : {}),
    });
  }
  if (status >= 500) return sendPage(reply, ServerErrorPage({ view: request.view, requestId: request.id }), status);
  // A page names the first field in error, if any: "the form arrived damaged" says more than "invalid".
  const message = fields[0] ? fieldMessage(request, fields[0]) : undefined;
  return sendPage(reply, ErrorPage({ view: request.view, title: t(code, params), message }), status);
}
