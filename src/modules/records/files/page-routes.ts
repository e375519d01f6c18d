import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, staffOnly, type Actor } from '../../access/index.js';
import type { AppContext } from '../../../core/context.js';
import { DomainError, NotFoundError, ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { AccessLogPage, FilePage, type FormState } from './pages.js';
import { buffer } from 'node:stream/consumers';
import { csrfTokenValid, readReplyParts } from './sources.js';
import {
  addVermerk,
  closeByHand,
  fileAccessLog,
  fileCaseNote,
  fileIdByAktenzeichen,
  fileOfCase,
  getDocumentContent,
  getFile,
  maxUploadBytes,
  moveProcess,
  personAccessLog,
  reopenByHand,
  uploadDocument,
} from './service.js';

/**
 * The E-Akte's pages for staff: the Akte (tree, versions, forms), a version's content, the access
 * log per Akte and per person, and the way in from a case. Thin adapters over the service; a
 * refused form shows the Akte again with the input kept (422/409), a success returns to it (PRG).
 */

type Body = Record<string, unknown>;

function text(body: unknown, name: string): string {
  const value = (body as Body | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

async function renderFile(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, actor: Actor, fileId: string, state: FormState, status = 200) {
  const data = await getFile(ctx, actor, fileId);
  const resource = { tenantId: actor.tenantId, authorityId: data.file.authorityId };
  return sendPage(
    reply,
    FilePage({ view: request.view, data, state, mayReopen: can(actor, 'records.manage', resource), mayReadLog: can(actor, 'records.accessLog', resource) }),
    status,
  );
}

/** Where a form's refusal is shown: the Akte of the object it was posted for. */
async function fileIdOf(ctx: AppContext, actor: Actor, type: 'file' | 'process', id: string): Promise<string> {
  if (type === 'file') return id;
  const row = await ctx.db.selectFrom('record_processes').select('file_id').where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError();
  return row.file_id;
}

export async function recordPageRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: { erledigt?: string } }>('/bearbeitung/akten/:id', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    return renderFile(ctx, request, reply, actor, request.params.id, request.query.erledigt ? { notice: request.view.t('records.done') } : {});
  });

  app.get<{ Params: { id: string } }>('/bearbeitung/vorgaenge/:id/akte', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const { fileId, processId } = await fileOfCase(ctx, actor, request.params.id);
    return reply.redirect(`/bearbeitung/akten/${fileId}#vorgang-${processId}`, 303);
  });

  app.get<{ Params: { id: string; number: string } }>('/bearbeitung/akten/dokumente/:id/versionen/:number', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const number = Number(request.params.number);
    if (!Number.isInteger(number) || number < 1) throw new NotFoundError();
    const { version, bytes } = await getDocumentContent(ctx, actor, request.params.id, number);
    const inline = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'].includes(version.mediaType);
    return reply
      .header('Content-Type', version.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : version.mediaType)
      .header('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(version.fileName)}`)
      .header('Content-Security-Policy', "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'")
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .send(bytes);
  });

  app.get<{ Params: { id: string } }>('/bearbeitung/akten/:id/zugriffe', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const { aktenzeichen, entries } = await fileAccessLog(ctx, actor, request.params.id);
    return sendPage(reply, AccessLogPage({ view: request.view, title: request.view.t('records.accessLog.fileTitle', { aktenzeichen }), entries }));
  });

  app.get<{ Querystring: { person?: string } }>('/bearbeitung/akten-zugriffe', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const entries = await personAccessLog(ctx, actor, request.query.person ?? '');
    return sendPage(reply, AccessLogPage({ view: request.view, title: request.view.t('records.accessLog.personTitle', { name: entries[0]?.actorName ?? '–' }), entries }));
  });

  /** One form of the Akte page: the service call, then back to the Akte, or the Akte again with the problem. */
  function form(
    path: string,
    type: 'file' | 'process',
    formId: (id: string) => string,
    fields: string[],
    work: (actor: Actor, id: string, values: Record<string, string>) => Promise<unknown>,
  ) {
    app.post<{ Params: { id: string } }>(path, async (request, reply) => {
      const actor = staffOnly(request, reply);
      if (!actor) return reply;
      const values = Object.fromEntries(fields.map((name) => [name, text(request.body, name)]));
      const fileId = await fileIdOf(ctx, actor, type, request.params.id);
      try {
        await work(actor, request.params.id, values);
        const after = type === 'process' ? await fileIdOf(ctx, actor, type, request.params.id) : fileId; // a moved Vorgang is in its new Akte
        return reply.redirect(`/bearbeitung/akten/${after}?erledigt=1${type === 'process' ? `#vorgang-${request.params.id}` : ''}`, 303);
      } catch (error) {
        if (error instanceof NotFoundError || !(error instanceof DomainError)) throw error;
        const { t } = request.view;
        const id = formId(request.params.id);
        if (error instanceof ValidationError) {
          const fieldOf = (pointer: string) => `${id}-${pointer === '/targetFileId' ? 'target' : pointer.slice(1)}`;
          return renderFile(
            ctx,
            request,
            reply,
            actor,
            fileId,
            { form: id, values, errors: Object.fromEntries(error.fields.map((f) => [fieldOf(f.pointer), t(f.code, f.params)])) },
            422,
          );
        }
        return renderFile(ctx, request, reply, actor, fileId, { form: id, values, problem: t(error.code, error.params) }, error.status);
      }
    });
  }

  // Filing a document by upload: multipart, so the CSRF token is checked here once its field has arrived (before the file).
  app.post<{ Params: { id: string } }>('/bearbeitung/akten/vorgaenge/:id/dokument', { config: { csrf: false } }, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    if (!request.isMultipart()) throw new DomainError(415, 'error.badRequest');
    let csrfChecked = false;
    const parts = await readReplyParts(request, maxUploadBytes, (fields) => (csrfChecked = csrfTokenValid(app, request, reply, fields._csrf)));
    if (!parts) return reply;
    if (!csrfChecked && !csrfTokenValid(app, request, reply, parts.fields._csrf)) return reply;
    const values = Object.fromEntries(['title', 'direction', 'documentDate'].map((name) => [name, text(parts.fields, name)]));
    const upload = parts.files[0];
    const fileId = await fileIdOf(ctx, actor, 'process', request.params.id);
    const id = `upload-${request.params.id}`;
    try {
      await uploadDocument(ctx, actor, request.params.id, {
        title: values.title!,
        direction: values.direction!,
        documentDate: values.documentDate,
        file: upload && { name: upload.name, type: '', bytes: await buffer(upload.stream) },
      });
      return reply.redirect(`/bearbeitung/akten/${fileId}?erledigt=1#vorgang-${request.params.id}`, 303);
    } catch (error) {
      if (error instanceof NotFoundError || !(error instanceof DomainError)) throw error;
      const { t } = request.view;
      if (error instanceof ValidationError)
        return renderFile(
          ctx,
          request,
          reply,
          actor,
          fileId,
          { form: id, values, errors: Object.fromEntries(error.fields.map((f) => [`${id}-${f.pointer.slice(1)}`, t(f.code, f.params)])) },
          422,
        );
      return renderFile(ctx, request, reply, actor, fileId, { form: id, values, problem: t(error.code, error.params) }, error.status);
    }
  });

  form(
    '/bearbeitung/akten/vorgaenge/:id/vermerk',
    'process',
    (id) => `vermerk-${id}`,
    ['title', 'body'],
    (actor, id, v) => addVermerk(ctx, actor, id, { title: v.title!, body: v.body! }),
  );
  form(
    '/bearbeitung/akten/vorgaenge/:id/verschieben',
    'process',
    (id) => `move-${id}`,
    ['target', 'reason'],
    async (actor, id, v) => moveProcess(ctx, actor, id, { targetFileId: await fileIdByAktenzeichen(ctx, actor, v.target!), reason: v.reason! }),
  );
  form(
    '/bearbeitung/akten/vorgaenge/:id/zda',
    'process',
    (id) => `close-${id}`,
    [],
    (actor, id) => closeByHand(ctx, actor, { type: 'process', id }),
  );
  form(
    '/bearbeitung/akten/:id/zda',
    'file',
    () => 'close-file',
    [],
    (actor, id) => closeByHand(ctx, actor, { type: 'file', id }),
  );
  form(
    '/bearbeitung/akten/vorgaenge/:id/wiedereroeffnen',
    'process',
    (id) => `reopen-${id}`,
    ['reason'],
    (actor, id, v) => reopenByHand(ctx, actor, { type: 'process', id }, v.reason!),
  );
  form(
    '/bearbeitung/akten/:id/wiedereroeffnen',
    'file',
    () => 'reopen-file',
    ['reason'],
    (actor, id, v) => reopenByHand(ctx, actor, { type: 'file', id }, v.reason!),
  );

  // A case note marked for the file (from the case page): back to the case.
  app.post<{ Params: { id: string; note: string } }>('/bearbeitung/vorgaenge/:id/notizen/:note/zur-akte', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    await fileCaseNote(ctx, actor, request.params.id, request.params.note);
    return reply.redirect(`/bearbeitung/vorgaenge/${request.params.id}?erledigt=1#notizen`, 303);
  });
}
