import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../../core/context.js';
import { DomainError, ValidationError, type FieldError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { addAttachment } from './attachments.js';
import { actorOf, apiRequesterOf, csrfTokenValid, limitAnonymousStart, readReplyParts } from './http.js';
import { listMessages, messageLimits, replyToAuthority, type Message, type NewMessage } from './postfach.js';
import { getApplication, startApplication, submitApplication, updateDraft, validateApplication, type Submission } from './service.js';
import { applicationStatus, type ApplicationStatusView } from './status.js';
import type { Application } from './store.js';
import { toPointer } from '../../core/json-pointer.js';

/**
 * The JSON API: the same service functions as the pages. Errors are problem+json with JSON
 * pointers (the app's error handler); bodies over the app's limit get 413. A draft of an anonymous
 * procedure is created without credentials and answers with its `draftToken` once; every further
 * call on it carries `Authorization: Draft <token>` (the pages' secret resume link holds the same token).
 */

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const IdParams = Type.Object({ id: Id });
const Data = Type.Record(Type.String(), Type.Unknown(), { description: 'The answers, as the form version’s JSON Schema describes them' });
const FieldErrorSchema = Type.Object({
  pointer: Type.String(),
  code: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});

const ApplicationSchema = Type.Object({
  id: Type.String(),
  procedure: Type.String(),
  procedureVersion: Type.Integer(),
  formSchema: Type.String({ description: 'URL of the JSON Schema of `data`' }),
  status: Type.Union([Type.Literal('draft'), Type.Literal('submitted')]),
  reference: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  dataHash: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revision: Type.Integer(),
  data: Data,
});

const StatusSchema = Type.Object({
  ...ApplicationSchema.properties,
  recipients: Type.Array(Type.Object({ authorityId: Type.String(), name: Type.String(), status: Type.String() })),
  timeline: Type.Array(Type.Object({ kind: Type.String(), authorityId: Type.Union([Type.String(), Type.Null()]), at: Type.String() })),
  unreadMessages: Type.Integer(),
});

const MessageSchema = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  authorName: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  attachments: Type.Array(Type.Object({ name: Type.String(), type: Type.String(), size: Type.Integer(), sha256: Type.String() })),
  readAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

const Created = Type.Object({
  ...ApplicationSchema.properties,
  draftToken: Type.Optional(
    Type.String({
      description:
        'Only for a draft without an account (anonymous procedure), only in this answer: send it as `Authorization: Draft <token>` with every call on the draft. Only its SHA-256 is stored; the pages continue the draft with `/antraege/{id}/fortsetzen/{token}`.',
    }),
  ),
});

const ReplyText = Type.Object({ subject: Type.Optional(Type.String({ maxLength: 200 })), body: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false });

/** Text parts of a multipart reply besides the files; anything else is refused like an unknown JSON property. */
const replyTextParts = new Set(['subject', 'body']);

/** The reply from a JSON body or from multipart parts (`subject`, `body`, then up to five `file` parts). */
async function replyOf(request: FastifyRequest): Promise<NewMessage> {
  if (!request.isMultipart()) {
    // JSON, checked against ReplyText by the route's schema.
    const json = request.body as Static<typeof ReplyText> | undefined;
    if (!json) throw new DomainError(415, 'error.badRequest');
    return { body: json.body, ...(json.subject !== undefined ? { subject: json.subject } : {}) };
  }
  const { fields, files } = (await readReplyParts(request, messageLimits.fileBytes))!;
  const unknown: FieldError[] = Object.keys(fields)
    .filter((name) => !replyTextParts.has(name))
    .map((name) => ({ pointer: toPointer(name), code: 'forms.unknownField' }));
  if (unknown.length) throw new ValidationError(unknown);
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  return { body: text('body'), ...(fields.subject !== undefined ? { subject: text('subject') } : {}), files };
}

const problem = { description: 'application/problem+json (RFC 9457) with `errors[].pointer`' };

function applicationJson(application: Application) {
  return {
    id: application.id,
    procedure: application.procedureKey,
    procedureVersion: application.procedureVersion,
    formSchema: `/api/v1/forms/${application.procedureKey}/${application.procedureVersion}/schema.json`,
    status: application.status,
    reference: application.reference,
    submittedAt: application.submittedAt,
    dataHash: application.dataHash,
    expiresAt: application.expiresAt,
    revision: application.revision,
    data: application.data,
  };
}

function statusJson(status: ApplicationStatusView) {
  return {
    ...applicationJson(status.application),
    recipients: status.recipients.map((r) => ({ authorityId: r.authorityId, name: r.name, status: r.status })),
    timeline: status.timeline.map((e) => ({ kind: e.kind, authorityId: e.authorityId, at: e.at })),
    unreadMessages: status.unreadMessages,
  };
}

function submissionJson(submission: Submission) {
  return {
    ...applicationJson(submission.application),
    recipients: submission.recipients.map((r) => ({ authorityId: r.authorityId, name: r.name, status: 'submitted' })),
    repeated: submission.repeated,
  };
}

function messageJson(message: Message) {
  return {
    id: message.id,
    direction: message.direction,
    authorName: message.authorName,
    subject: message.subject,
    body: message.body,
    attachments: message.attachments,
    readAt: message.readAt,
    createdAt: message.createdAt,
  };
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

export async function applicationApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const tags = ['applications'];

  app.post(
    '/api/v1/applications',
    {
      // A draft of an anonymous procedure is created without credentials, so without a CSRF token:
      // the check below applies when a session cookie speaks for the caller.
      config: { csrf: false },
      schema: {
        summary: 'Start a draft application for a procedure',
        description:
          'With an account (session or token) the draft is the account’s. A procedure that allows anonymous applications may be started without credentials: the answer then carries the `draftToken` that stands in for an account. Drafts without an account are limited to 60 per client network in 10 minutes (429 with `Retry-After` beyond).',
        tags,
        body: Type.Object({ procedure: Type.String({ minLength: 1, maxLength: 80 }), data: Type.Optional(Data) }, { additionalProperties: false }),
        response: { 201: Created, '4xx': problem },
      },
    },
    async (request, reply) => {
      if (request.session && !csrfTokenValid(app, request, reply, request.headers['x-csrf-token'])) return reply;
      await limitAnonymousStart(ctx, request);
      const application = await startApplication(ctx, actorOf(request), request.body.procedure, request.body.data ?? {}, request.view.lang);
      return reply
        .status(201)
        .header('location', `/api/v1/applications/${application.id}`)
        .header('cache-control', 'no-store')
        .send({ ...applicationJson(application), ...(application.resumeToken ? { draftToken: application.resumeToken } : {}) });
    },
  );

  app.get(
    '/api/v1/applications/:id',
    {
      schema: { summary: 'An application with its status per recipient authority and its timeline', tags, params: IdParams, response: { 200: StatusSchema, '4xx': problem } },
    },
    async (request) => statusJson(await applicationStatus(ctx, apiRequesterOf(request), request.params.id)),
  );

  app.patch(
    '/api/v1/applications/:id',
    {
      schema: {
        summary: 'Change a draft’s answers (JSON merge patch on `data`)',
        description:
          'Answers with wrong types, unknown fields or invalid values are refused as a whole (422, nothing saved); missing answers are reported in `errors` and may follow later.',
        tags,
        params: IdParams,
        body: Type.Object({ data: Data, procedureVersion: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ application: ApplicationSchema, errors: Type.Array(FieldErrorSchema), warnings: Type.Array(FieldErrorSchema) }), '4xx': problem },
      },
    },
    async (request) => {
      const actor = apiRequesterOf(request);
      const current = await getApplication(ctx, actor, request.params.id);
      const data = mergePatch(current.data, request.body.data) as Record<string, unknown>;
      const saved = await updateDraft(ctx, actor, current.id, {
        data,
        strict: true,
        lang: request.view.lang,
        ...(request.body.procedureVersion !== undefined ? { procedureVersion: request.body.procedureVersion } : {}),
      });
      return { application: applicationJson(saved.application), errors: saved.validation.errors, warnings: saved.validation.warnings };
    },
  );

  app.post(
    '/api/v1/applications/:id/attachments',
    {
      schema: {
        summary: 'Upload a file into a file field (multipart/form-data, one part named `file`)',
        tags,
        params: IdParams,
        querystring: Type.Object({ field: Type.String({ pattern: '^(/[a-zA-Z0-9_]+)+$', maxLength: 300, description: 'JSON pointer of the file field, e.g. /sitePlan' }) }),
        response: { 201: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String(), size: Type.Integer(), sha256: Type.String() }), '4xx': problem },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new DomainError(415, 'error.badRequest');
      const part = await request.file();
      if (!part) throw new ValidationError([{ pointer: request.query.field, code: 'applications.upload.empty' }]);
      const uploaded = await addAttachment(ctx, apiRequesterOf(request), request.params.id, request.query.field, { name: part.filename, stream: part.file });
      return reply.status(201).send(uploaded);
    },
  );

  app.post(
    '/api/v1/applications/:id/validate',
    {
      schema: {
        summary: 'Validate the whole draft as submitting would',
        tags,
        params: IdParams,
        response: { 200: Type.Object({ valid: Type.Boolean(), errors: Type.Array(FieldErrorSchema), warnings: Type.Array(FieldErrorSchema) }), '4xx': problem },
      },
    },
    async (request) => {
      const result = await validateApplication(ctx, apiRequesterOf(request), request.params.id, request.view.lang);
      return { valid: result.errors.length === 0, errors: result.errors, warnings: result.warnings };
    },
  );

  app.post(
    '/api/v1/applications/:id/submit',
    {
      schema: {
        summary: 'Submit the draft (idempotent with an Idempotency-Key header)',
        tags,
        params: IdParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        querystring: Type.Object({
          procedureVersion: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'Refuse (409) if the draft belongs to another version' })),
        }),
        response: {
          200: Type.Object({
            ...ApplicationSchema.properties,
            recipients: Type.Array(Type.Object({ authorityId: Type.String(), name: Type.String(), status: Type.String() })),
            repeated: Type.Boolean(),
          }),
          201: Type.Object({
            ...ApplicationSchema.properties,
            recipients: Type.Array(Type.Object({ authorityId: Type.String(), name: Type.String(), status: Type.String() })),
            repeated: Type.Boolean(),
          }),
          '4xx': problem,
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const version = request.query.procedureVersion === undefined ? undefined : Number(request.query.procedureVersion);
      const submission = await submitApplication(ctx, apiRequesterOf(request), request.params.id, {
        lang: request.view.lang,
        ...(key !== undefined ? { idempotencyKey: key } : {}),
        ...(version !== undefined ? { procedureVersion: version } : {}),
      });
      return reply.status(submission.repeated ? 200 : 201).send(submissionJson(submission));
    },
  );

  app.get(
    '/api/v1/applications/:id/messages',
    {
      schema: { summary: 'The Postfach of an application', tags, params: IdParams, response: { 200: Type.Object({ items: Type.Array(MessageSchema) }), '4xx': problem } },
    },
    async (request) => ({ items: (await listMessages(ctx, apiRequesterOf(request), request.params.id)).map(messageJson) }),
  );

  app.post(
    '/api/v1/applications/:id/messages',
    {
      schema: {
        summary: 'Reply to the authorities of a submitted application, with files if needed',
        description: `JSON \`{subject?, body}\` for text only; \`multipart/form-data\` with the parts \`subject\` (optional) and \`body\`, then up to ${messageLimits.files} parts \`file\` (each at most ${messageLimits.fileBytes / 1024 / 1024} MB, PDF, PNG, JPEG, plain text or CSV — the type is taken from the content, not the name). A refused file is an error at \`/files/<index>\`.`,
        tags,
        params: IdParams,
        body: {
          content: {
            'application/json': { schema: ReplyText },
            // Parsed by the handler as the parts stream in; a description only, so that validation leaves the stream alone.
            'multipart/form-data': { schema: { description: 'Parts: `subject` (optional), `body`, then `file` parts' } },
          },
        },
        response: { 201: MessageSchema, '4xx': problem },
      },
    },
    async (request, reply) => {
      const message = await replyToAuthority(ctx, apiRequesterOf(request), request.params.id, await replyOf(request));
      return reply.status(201).send(messageJson(message));
    },
  );
}
