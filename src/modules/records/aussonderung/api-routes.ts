import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { staffOnly, type Actor } from '../../access/index.js';
import type { AppContext } from '../../../core/context.js';
import { DomainError, NotFoundError, ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { readMessageUpload } from '../message-upload.js';
import { AussonderungPage, type PageState } from './pages.js';
import {
  appraisalReceipt,
  approveDestruction,
  deletionLog,
  dueFiles,
  exportPackage,
  heldFiles,
  importArchiveMessage,
  offer,
  offerMessage,
  openDisposals,
  requestDestruction,
  setHold,
  setHoldByAktenzeichen,
} from './service.js';

/**
 * `/api/v1/records/aussonderung/…`: the records manager's Aussonderung for connected systems and
 * staff sessions, over the same service functions; errors as problem+json with field pointers.
 */

const tags = ['records'];
const security = [{ bearerAuth: [] }];
const actorOf = (request: FastifyRequest) => request.actor as Actor;
const base = '/api/v1/records/aussonderung';
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
/** XDOMEA messages from the archive are small (no primary files): the XML or its ZIP as base64. */
const MessageBody = Type.Object({ base64: Type.String({ minLength: 1, maxLength: 14_000_000 }) });

/** A message we wrote (0501, 0505) as a download. */
const sendXml = (reply: FastifyReply, message: { fileName: string; xml: Buffer }) =>
  reply.header('Content-Type', 'application/xml; charset=utf-8').header('Content-Disposition', `attachment; filename="${message.fileName}"`).send(message.xml);

export async function aussonderungApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get(`${base}/due`, { schema: { tags, security, summary: 'Akten whose retention has ended, not on hold and not yet offered' } }, async (request) =>
    dueFiles(ctx, actorOf(request)),
  );

  app.get(`${base}/holds`, { schema: { tags, security, summary: 'Akten under an Aussonderungssperre (legal hold)' } }, async (request) => heldFiles(ctx, actorOf(request)));

  app.put(
    `${base}/holds/:id`,
    {
      schema: {
        tags,
        security,
        summary: 'Sets the Aussonderungssperre of an Akte, with a reason (audited)',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ maxLength: 1000 }) }),
      },
    },
    async (request, reply) => {
      await setHold(ctx, actorOf(request), request.params.id, request.body.reason);
      return reply.code(204).send();
    },
  );

  app.delete(`${base}/holds/:id`, { schema: { tags, security, summary: 'Lifts the Aussonderungssperre of an Akte (audited)', params: IdParams } }, async (request, reply) => {
    await setHold(ctx, actorOf(request), request.params.id, null);
    return reply.code(204).send();
  });

  app.get(`${base}/offers`, { schema: { tags, security, summary: 'Aussonderungen waiting for the archive or for a destruction approval' } }, async (request) =>
    openDisposals(ctx, actorOf(request)),
  );

  app.post(
    `${base}/offers`,
    {
      schema: {
        tags,
        security,
        summary: 'Offers due Akten to the archive (writes and keeps the 0501 Anbieteverzeichnis)',
        body: Type.Object({ fileIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10_000 }) }),
      },
    },
    async (request, reply) => {
      const prozessId = await offer(ctx, actorOf(request), request.body.fileIds);
      return reply.code(201).send({ prozessId });
    },
  );

  app.get(`${base}/offers/:id/0501`, { schema: { tags, security, summary: 'The 0501 Anbieteverzeichnis as sent', params: IdParams } }, async (request, reply) => {
    return sendXml(reply, await offerMessage(ctx, actorOf(request), request.params.id));
  });

  app.get(
    `${base}/offers/:id/0505`,
    { schema: { tags, security, summary: 'The 0505 receipt written for the archive’s 0502 when it asked for one (404 otherwise)', params: IdParams } },
    async (request, reply) => {
      return sendXml(reply, await appraisalReceipt(ctx, actorOf(request), request.params.id));
    },
  );

  app.get(
    `${base}/offers/:id/0503`,
    { schema: { tags, security, summary: 'The 0503 Aussonderung package (ZIP, streamed) with the Akten the archive keeps', params: IdParams } },
    async (request, reply) => {
      const pkg = await exportPackage(ctx, actorOf(request), request.params.id);
      return reply.header('Content-Type', 'application/zip').header('Content-Disposition', `attachment; filename="${pkg.fileName}"`).send(Readable.from(pkg.chunks));
    },
  );

  app.post(
    `${base}/messages`,
    {
      schema: {
        tags,
        security,
        summary: 'Imports a message from the archive: 0502 Bewertungsverzeichnis, 0506 import confirmation (deletes the confirmed Akten), 0504/0507 receipts',
        body: MessageBody,
      },
    },
    async (request) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(request.body.base64)) throw new ValidationError([{ pointer: '/base64', code: 'records.error.base64' }]);
      return importArchiveMessage(ctx, actorOf(request), Buffer.from(request.body.base64, 'base64'));
    },
  );

  app.post(
    `${base}/destructions/:id/request`,
    { schema: { tags, security, summary: 'Asks to destroy an Akte the archive declined (V); a second records manager approves', params: IdParams } },
    async (request, reply) => {
      await requestDestruction(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    `${base}/destructions/:id/approve`,
    { schema: { tags, security, summary: 'Approves the destruction (four eyes: not the requester) and deletes the Akte', params: IdParams } },
    async (request, reply) => {
      await approveDestruction(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(`${base}/deletions`, { schema: { tags, security, summary: 'The Löschprotokoll: what was deleted, when, by whom, and the archive’s id' } }, async (request) =>
    deletionLog(ctx, actorOf(request)),
  );
}

/** The notices after a form went through (PRG: `?erledigt=<key>`). */
const doneKeys = new Set(['offer', 'holdSet', 'holdLift', 'destroyRequest', 'destroyApprove']);

/** A form field's value as text; `list` for a repeated field (checkboxes: one value is a string, several an array). */
const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};
const list = (body: unknown, name: string): string[] => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
};

/** The records manager's work list page and its forms (no JavaScript needed): offer, holds, V destruction, and the upload of the archive's messages. */
export async function aussonderungPageRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const render = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, state: PageState = {}, status = 200) => {
    const [due, waiting, holds, deletions] = await Promise.all([dueFiles(ctx, actor), openDisposals(ctx, actor), heldFiles(ctx, actor), deletionLog(ctx, actor)]);
    return sendPage(reply, AussonderungPage({ view: request.view, due, waiting, holds, deletions, state }), status);
  };

  /** The page again with a refusal: each field error at its field (`fieldOf` maps the pointer), anything else at `main`. */
  const refusedForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    error: unknown,
    main: string,
    fieldOf: (pointer: string) => string = () => main,
    values: Record<string, string> = {},
  ) => {
    if (error instanceof NotFoundError || !(error instanceof DomainError)) throw error;
    const { t } = request.view;
    const errors =
      error instanceof ValidationError ? Object.fromEntries(error.fields.map((f) => [fieldOf(f.pointer), t(f.code, f.params)])) : { [main]: t(error.code, error.params) };
    return render(request, reply, actor, { errors, values }, error.status);
  };

  app.get<{ Querystring: { code?: string; geloescht?: string; erledigt?: string } }>('/bearbeitung/aussonderung', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const { t } = request.view;
    const code = /^05\d\d$/.test(request.query.code ?? '') ? request.query.code! : undefined;
    const done = doneKeys.has(request.query.erledigt ?? '') ? request.query.erledigt : undefined;
    const notice = code
      ? t('records.aussonderung.upload.done', { code, deleted: Number(request.query.geloescht) || 0 })
      : done
        ? t(`records.aussonderung.done.${done}`)
        : undefined;
    return render(request, reply, actor, { notice });
  });

  /** A form of the page: the service call, then back to the page with its notice, or the page again with the refusal. */
  function form(
    path: string,
    done: string,
    main: (id: string) => string,
    fieldOf: ((pointer: string) => string) | undefined,
    work: (actor: Actor, id: string, body: unknown) => Promise<unknown>,
  ) {
    app.post<{ Params: { id?: string } }>(path, async (request, reply) => {
      const actor = staffOnly(request, reply);
      if (!actor) return reply;
      const id = request.params.id ?? '';
      try {
        await work(actor, id, request.body);
        return reply.redirect(`/bearbeitung/aussonderung?erledigt=${done}`, 303);
      } catch (error) {
        return refusedForm(request, reply, actor, error, main(id), fieldOf, { aktenzeichen: field(request.body, 'aktenzeichen'), reason: field(request.body, 'reason') });
      }
    });
  }

  const destroyField = (id: string) => `destroy-${id}`;
  form(
    '/bearbeitung/aussonderung/angebot',
    'offer',
    () => 'fileIds',
    undefined,
    (actor, _id, body) => offer(ctx, actor, list(body, 'fileIds')),
  );
  form(
    '/bearbeitung/aussonderung/sperren',
    'holdSet',
    () => 'hold-aktenzeichen',
    (pointer) => (pointer === '/reason' ? 'hold-reason' : 'hold-aktenzeichen'),
    (actor, _id, body) => setHoldByAktenzeichen(ctx, actor, field(body, 'aktenzeichen'), field(body, 'reason')),
  );
  form(
    '/bearbeitung/aussonderung/sperren/:id/aufheben',
    'holdLift',
    () => 'hold-aktenzeichen',
    undefined,
    (actor, id) => setHold(ctx, actor, id, null),
  );
  form('/bearbeitung/aussonderung/vernichtung/:id/beantragen', 'destroyRequest', destroyField, undefined, (actor, id) => requestDestruction(ctx, actor, id));
  form('/bearbeitung/aussonderung/vernichtung/:id/freigeben', 'destroyApprove', destroyField, undefined, (actor, id) => approveDestruction(ctx, actor, id));

  /** Multipart (a file): the CSRF token is checked once the fields have arrived. */
  app.post('/bearbeitung/aussonderung/nachrichten', { config: { csrf: false } }, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    if (!request.isMultipart()) return reply.status(415).send();
    try {
      const bytes = await readMessageUpload(app, request, reply, 'records.aussonderung.error.noFile');
      if (!bytes) return reply;
      const result = await importArchiveMessage(ctx, actor, bytes);
      return reply.redirect(`/bearbeitung/aussonderung?code=${result.code}&geloescht=${result.deleted}`, 303);
    } catch (error) {
      return refusedForm(request, reply, actor, error, 'message');
    }
  });
}
