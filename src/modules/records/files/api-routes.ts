import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { guardStaffApi, type Actor } from '../../access/index.js';
import type { AppContext } from '../../../core/context.js';
import { ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { accessLog, addDocumentVersion, addVermerk, closeByHand, getDocumentContent, getFile, getProcess, moveProcess, reopenByHand, uploadDocument } from './service.js';

/**
 * `/api/v1/records/…` for connected systems (API clients with the records scopes) and staff
 * sessions, over the same service functions as the pages; errors as problem+json with pointers.
 * Every read is logged; `purpose` (query) says why, where the reader is asked.
 */

const tags = ['records'];
const security = [{ bearerAuth: [] }];
const actorOf = (request: FastifyRequest) => request.actor as Actor;
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Purpose = Type.Object({ purpose: Type.Optional(Type.String({ maxLength: 500 })) });
/** A file in JSON: its bytes as base64 (the pages upload multipart). */
const FileBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  type: Type.String({ minLength: 1, maxLength: 100 }),
  base64: Type.String({ maxLength: 14_000_000 }),
});

function decode(file: { name: string; type: string; base64: string } | undefined, pointer: string) {
  if (!file) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.base64)) throw new ValidationError([{ pointer, code: 'records.error.base64' }]);
  return { name: file.name, type: file.type, bytes: Buffer.from(file.base64, 'base64') };
}

export async function recordApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  guardStaffApi(
    app,
    ['/api/v1/records/files', '/api/v1/records/processes', '/api/v1/records/documents', '/api/v1/records/access'],
    ['records.read', 'records.file', 'records.accessLog'],
  );
  app.get(
    '/api/v1/records/files/:id',
    { schema: { tags, security, summary: 'An Akte with its Vorgänge, Dokumente and versions (the read is logged)', params: IdParams, querystring: Purpose } },
    async (request) => getFile(ctx, actorOf(request), request.params.id, request.query.purpose ?? null),
  );

  app.get(
    '/api/v1/records/processes/:id',
    { schema: { tags, security, summary: 'A Vorgang with its Dokumente (the read is logged)', params: IdParams, querystring: Purpose } },
    async (request) => getProcess(ctx, actorOf(request), request.params.id, request.query.purpose ?? null),
  );

  app.get(
    '/api/v1/records/documents/:id/versions/:number/content',
    {
      schema: {
        tags,
        security,
        summary: 'The content of a version of a Dokument (the read is logged)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), number: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }) }),
        querystring: Purpose,
      },
    },
    async (request, reply) => {
      const { version, bytes } = await getDocumentContent(ctx, actorOf(request), request.params.id, Number(request.params.number), request.query.purpose ?? null);
      return reply
        .header('Content-Type', version.mediaType)
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(version.fileName)}`)
        .header('X-Content-Type-Options', 'nosniff')
        .send(bytes);
    },
  );

  app.post(
    '/api/v1/records/processes/:id/documents',
    {
      schema: {
        tags,
        security,
        summary: 'Files a document into an open Vorgang',
        params: IdParams,
        body: Type.Object({
          title: Type.String({ maxLength: 500 }),
          kind: Type.Optional(Type.String({ maxLength: 40 })),
          direction: Type.String({ maxLength: 20, description: 'in, out or internal' }),
          documentDate: Type.Optional(Type.String({ maxLength: 10 })),
          sender: Type.Optional(Type.String({ maxLength: 500 })),
          recipient: Type.Optional(Type.String({ maxLength: 500 })),
          file: Type.Optional(FileBody),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await uploadDocument(ctx, actorOf(request), request.params.id, { ...request.body, file: decode(request.body.file, '/file/base64') })),
  );

  app.post(
    '/api/v1/records/processes/:id/notes',
    {
      schema: {
        tags,
        security,
        summary: 'Adds a Vermerk to an open Vorgang',
        params: IdParams,
        body: Type.Object({ title: Type.String({ maxLength: 500 }), body: Type.String({ maxLength: 20_000 }) }),
      },
    },
    async (request, reply) => reply.status(201).send(await addVermerk(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/records/documents/:id/versions',
    {
      schema: {
        tags,
        security,
        summary: 'Adds a version to a Dokument of an open Vorgang; the reason is required',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ maxLength: 1000 }), file: Type.Optional(FileBody) }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ version: await addDocumentVersion(ctx, actorOf(request), request.params.id, { reason: request.body.reason, file: decode(request.body.file, '/file/base64') }) }),
  );

  app.post(
    '/api/v1/records/processes/:id/move',
    {
      schema: {
        tags,
        security,
        summary: 'Moves a Vorgang into another open Akte of the authority (audited)',
        params: IdParams,
        body: Type.Object({ targetFileId: Type.String({ maxLength: 64 }), reason: Type.String({ maxLength: 1000 }) }),
      },
    },
    async (request) => moveProcess(ctx, actorOf(request), request.params.id, request.body),
  );

  for (const type of ['files', 'processes'] as const) {
    const target = type === 'files' ? 'file' : 'process';
    app.post(
      `/api/v1/records/${type}/:id/close`,
      { schema: { tags, security, summary: `zdA: closes the ${target === 'file' ? 'Akte (all its Vorgänge closed)' : 'Vorgang'}`, params: IdParams } },
      async (request, reply) => {
        await closeByHand(ctx, actorOf(request), { type: target, id: request.params.id });
        return reply.status(204).send();
      },
    );
    app.post(
      `/api/v1/records/${type}/:id/reopen`,
      {
        schema: {
          tags,
          security,
          summary: 'Re-opens a closed object (Registratur, with a reason)',
          params: IdParams,
          body: Type.Object({ reason: Type.String({ maxLength: 1000 }) }),
        },
      },
      async (request, reply) => {
        await reopenByHand(ctx, actorOf(request), { type: target, id: request.params.id }, request.body.reason);
        return reply.status(204).send();
      },
    );
  }

  app.get(
    '/api/v1/records/access',
    {
      schema: {
        tags,
        security,
        summary: 'The access log of an authority, per Akte or per person (Registratur, data-protection officer)',
        querystring: Type.Object({
          authorityId: Type.String({ maxLength: 64 }),
          fileId: Type.Optional(Type.String({ maxLength: 64 })),
          actorId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request) => ({ entries: await accessLog(ctx, actorOf(request), request.query) }),
  );
}
