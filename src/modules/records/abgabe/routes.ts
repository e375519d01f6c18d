import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { guardStaffApi, type Actor } from '../../access/index.js';
import type { AppContext } from '../../../core/context.js';
import { ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { readMessageUpload } from '../message-upload.js';
import { abgabePath, AbgabePage } from './pages.js';
import { importConfirmation, openHandovers, retryHandover } from './service.js';

/**
 * `/api/v1/records/abgabe/…` (the records manager's hand-overs to the external DMS, for connected
 * systems and staff sessions) and the page `/bearbeitung/abgabe`, over the same service functions.
 */

const tags = ['records'];
const security = [{ bearerAuth: [] }];
const actorOf = (request: FastifyRequest) => request.actor as Actor;
const base = '/api/v1/records/abgabe';
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const Handover = Type.Object({
  id: Type.String({ description: 'the ProzessID of the 0401 (and of the DMS’s 0402)' }),
  processId: Type.String({ description: 'the Vorgang handed over' }),
  fileId: Type.String({ description: 'its Akte' }),
  aktenzeichen: Type.String(),
  subject: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('failed'), Type.Literal('sent')], {
    description: 'pending: being delivered; failed: see lastError, retry; sent: waiting for the 0402',
  }),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  target: Nullable(Type.String({ description: 'the folder or URL it was last delivered (or tried) to' })),
  createdAt: Type.String({ format: 'date-time', description: 'zdA of the Vorgang; the 0401’s Erstellungszeitpunkt' }),
  sentAt: Nullable(Type.String({ format: 'date-time' })),
});

const ImportOutcome = Type.Object({
  prozessId: Type.String(),
  processId: Type.String(),
  aktenzeichen: Type.String(),
  state: Type.Union([Type.Literal('confirmed'), Type.Literal('failed'), Type.Literal('received')], {
    description: 'confirmed: the Vorgang is abgegeben (0402); failed: the DMS reported a failed import (0402); received: the DMS confirmed receipt of the package (0403)',
  }),
});

export async function abgabeApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  guardStaffApi(app, [base], ['records.manage']);

  app.get(
    `${base}/handovers`,
    {
      schema: {
        tags,
        security,
        summary: 'Hand-overs to the external DMS not confirmed yet: being delivered, failed (with the error), waiting for the 0402',
        response: { 200: Type.Array(Handover) },
      },
    },
    async (request) => openHandovers(ctx, actorOf(request)),
  );

  app.post(
    `${base}/handovers/:id/retry`,
    { schema: { tags, security, summary: 'Delivers a failed hand-over again (same ProzessID; audited)', params: IdParams } },
    async (request, reply) => {
      await retryHandover(ctx, actorOf(request), request.params.id);
      return reply.code(202).send();
    },
  );

  app.post(
    `${base}/messages`,
    {
      schema: {
        tags,
        security,
        summary: 'Imports the DMS’s 0402 ImportBestaetigen (marks the Vorgang abgegeben or its hand-over failed) or its 0403 EmpfangBestaetigen (notes the receipt)',
        body: Type.Object({ base64: Type.String({ minLength: 1, maxLength: 14_000_000 }) }),
        response: { 200: ImportOutcome },
      },
    },
    async (request) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(request.body.base64)) throw new ValidationError([{ pointer: '/base64', code: 'records.error.base64' }]);
      return importConfirmation(ctx, actorOf(request), Buffer.from(request.body.base64, 'base64'));
    },
  );
}

/** The records manager's page: work lists, retry, and the upload of the DMS's 0402 (no JavaScript needed). */
export async function abgabePageRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const render = async (request: FastifyRequest, reply: FastifyReply, state: { error?: string; problem?: string; notice?: string } = {}, status = 200) =>
    sendPage(reply, AbgabePage({ view: request.view, handovers: await openHandovers(ctx, actorOf(request)), ...state }), status);
  const signIn = (reply: FastifyReply) => reply.redirect(`/anmelden?zurueck=${encodeURIComponent(abgabePath)}`, 303);

  app.get<{ Querystring: { ergebnis?: string; az?: string; wiederholt?: string } }>(abgabePath, async (request, reply) => {
    if (actorOf(request).kind === 'anonymous') return signIn(reply);
    const { ergebnis, az, wiederholt } = request.query;
    const t = request.view.t;
    const notice =
      wiederholt === '1'
        ? t('records.abgabe.retried')
        : ergebnis === 'confirmed' || ergebnis === 'failed' || ergebnis === 'received'
          ? t(`records.abgabe.upload.${ergebnis}`, { aktenzeichen: (az ?? '').slice(0, 100) })
          : undefined;
    return render(request, reply, notice ? { notice } : {});
  });

  /** Multipart (a file): the CSRF token is checked once the fields have arrived. */
  app.post(`${abgabePath}/nachrichten`, { config: { csrf: false } }, async (request, reply) => {
    const actor = actorOf(request);
    if (actor.kind === 'anonymous') return signIn(reply);
    if (!request.isMultipart()) return reply.status(415).send();
    try {
      const bytes = await readMessageUpload(app, request, reply, 'records.abgabe.error.noFile');
      if (!bytes) return reply;
      const outcome = await importConfirmation(ctx, actor, bytes);
      return reply.redirect(`${abgabePath}?ergebnis=${outcome.state}&az=${encodeURIComponent(outcome.aktenzeichen)}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const field = error.fields[0]!;
      return render(request, reply, { error: request.view.t(field.code, field.params) }, 422);
    }
  });

  app.post<{ Params: { id: string } }>(`${abgabePath}/:id/wiederholen`, { schema: { params: IdParams, hide: true } }, async (request, reply) => {
    if (actorOf(request).kind === 'anonymous') return signIn(reply);
    try {
      await retryHandover(ctx, actorOf(request), request.params.id);
      return reply.redirect(`${abgabePath}?wiederholt=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, { problem: request.view.t(error.fields[0]!.code) }, 422);
    }
  });
}
