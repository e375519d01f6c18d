import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { AppContext } from '../../core/context.js';
import { NotFoundError, ValidationError, type FieldError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import type { View } from '../../web/view.js';
import { FormPage, findPage, mergePageData, parsePageInput, regionCheckOf, revealedFields, validatePage, withoutUnseenRequired, type Page } from '../forms/index.js';
import { versionOfPath, type ProcedureVersion } from '../procedures/index.js';
import { requireSignedIn } from './access.js';
import { addPreviewFile } from './attachments.js';
import { appendToForm } from './form-vnode.js';
import { readPageForm } from './http.js';
import { pageAfter, pageBefore, shownPages } from './page-order.js';
import { CheckPage } from './pages/check.js';
import { ConfirmationPage } from './pages/confirmation.js';
import { answersParameter, openAnswers, sealAnswers, versionToPreview, type PreviewAnswers } from './preview.js';
import { filesAnswered, receiptPdf } from './receipt.js';
import { hashAnswers, validateAnswers } from './service.js';

/**
 * The studio's preview (docs/studio.md) under /verwaltung/verfahren/<key>/<n>/vorschau: the
 * applicant's own pages (the forms engine's page, the check page, the confirmation and the receipt)
 * for any version, with a banner, answers carried in the pages (preview.ts) and nothing stored.
 */

type VersionParams = { key: string; version: string };
type PageParams = VersionParams & { pageId: string };
type AnswersQuery = { antworten?: string };

const previewRoot = '/verwaltung/verfahren/:key/:version/vorschau';
const previewPath = (key: string, version: number) => `/verwaltung/verfahren/${encodeURIComponent(key)}/${version}/vorschau`;
/** The reference a preview's confirmation and receipt show instead of a real one. */
const sampleReference = 'VORSCHAU';

export async function previewRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  /** The version to preview (any state, for whoever may read the studio), its path, and the page's view with the banner. */
  const open = async (request: FastifyRequest<{ Params: VersionParams }>) => {
    const number = versionOfPath(request.params.version);
    const version = await versionToPreview(ctx, request.actor, request.params.key, number);
    const view: View = { ...request.view, banner: request.view.t('applications.preview.banner') };
    return { version, view, base: previewPath(request.params.key, number) };
  };
  /** A link within the preview that carries the answers. */
  const withAnswers = (path: string, answers: PreviewAnswers, anchor = '') => {
    const query = Object.keys(answers).length ? `?${answersParameter}=${encodeURIComponent(sealAnswers(app, answers))}` : '';
    return `${path}${query}${anchor ? `#${anchor}` : ''}`;
  };
  const pageHref = (base: string, pageId: string) => `${base}/seite/${encodeURIComponent(pageId)}`;

  const renderPage = (
    reply: FastifyReply,
    target: { version: ProcedureVersion; view: View; base: string },
    page: Page,
    answers: PreviewAnswers,
    shown: { errors?: FieldError[]; warnings?: FieldError[]; revealed?: string[] } = {},
    status = 200,
  ) => {
    const { version, view, base } = target;
    const previous = pageBefore(shownPages(ctx, view.tenant.slug, version.form, answers), page.id);
    const vnode = FormPage({
      view,
      form: version.form,
      page,
      values: answers,
      now: ctx.clock.now(),
      action: pageHref(base, page.id),
      backHref: previous ? withAnswers(pageHref(base, previous.id), answers) : `/verwaltung/verfahren/${encodeURIComponent(version.procedure.key)}/${version.version}`,
      ...shown,
    });
    return sendPage(reply, appendToForm(vnode, h('input', { type: 'hidden', name: `_${answersParameter}`, value: sealAnswers(app, answers) })), status);
  };

  const renderCheck = (reply: FastifyReply, target: { version: ProcedureVersion; view: View; base: string }, answers: PreviewAnswers, declarationError: boolean) => {
    const { version, view, base } = target;
    const validation = validateAnswers(ctx, regionCheckOf(ctx.extensions, view.tenant.slug), version.form, answers, view.lang);
    const links = {
      pageHref: (pageId: string, fieldId: string) => withAnswers(pageHref(base, pageId), answers, fieldId),
      submitAction: `${base}/absenden`,
      hidden: { [`_${answersParameter}`]: sealAnswers(app, answers) },
    };
    const page = CheckPage({ view, links, procedure: version, ...validation, declarationError, now: ctx.clock.now() });
    return sendPage(reply, page, validation.errors.length || declarationError ? 422 : 200);
  };

  app.get<{ Params: VersionParams }>(previewRoot, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { version, view, base } = await open(request);
    const first = shownPages(ctx, view.tenant.slug, version.form, {})[0] ?? version.form.pages[0]!;
    return reply.redirect(pageHref(base, first.id), 303);
  });

  const openPage = async (request: FastifyRequest<{ Params: PageParams }>) => {
    const target = await open(request);
    const page = findPage(target.version.form, request.params.pageId);
    if (!page) throw new NotFoundError();
    return { target, page };
  };

  app.get<{ Params: PageParams; Querystring: AnswersQuery }>(`${previewRoot}/seite/:pageId`, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { target, page } = await openPage(request);
    return renderPage(reply, target, page, openAnswers(app, request.query.antworten));
  });

  /** Like an applicant's page: "Weiter" checks the page and goes on; repeat buttons and the live update (forms.js) stay on it. Nothing is saved. */
  app.post<{ Params: PageParams }>(`${previewRoot}/seite/:pageId`, { config: { csrf: false } }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { target, page } = await openPage(request);
    // The answers so far arrive in a field after the files, so the files wait in memory until then.
    const files: { pointer: string; name: string; bytes: Buffer }[] = [];
    const body = await readPageForm(app, request, reply, async (pointer, name, stream) => {
      const bytes = Buffer.concat(await stream.toArray());
      if (bytes.length > 0) files.push({ pointer, name, bytes });
    });
    if (!body) return reply;

    const answers = openAnswers(app, body[`_${answersParameter}`]);
    const uploadErrors: FieldError[] = [];
    for (const file of files) {
      try {
        await addPreviewFile(ctx, target.version.form, answers, file.pointer, { name: file.name, stream: Readable.from([file.bytes]) });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        uploadErrors.push(...error.fields);
      }
    }
    const input = parsePageInput(page, body);
    const data = mergePageData(page, answers, input.data);
    const action = Array.isArray(body._action) ? body._action.at(-1) : body._action;
    if (action === 'preview') return renderPage(reply, target, page, data);
    if (input.action.type !== 'continue') return reply.redirect(withAnswers(pageHref(target.base, page.id), data, input.action.pointer.slice(1).replace(/\//g, '-')), 303);
    const { lang, tenant } = target.view;
    const validation = validatePage(target.version.form, page.id, data, { now: ctx.clock.now(), lang, insideRegion: regionCheckOf(ctx.extensions, tenant.slug) });
    const errors = [...uploadErrors, ...withoutUnseenRequired(validation.errors, input.shown)];
    if (errors.length) return renderPage(reply, target, page, data, { errors, warnings: validation.warnings }, 422);
    const revealed = revealedFields(target.version.form, page, data, input.shown, ctx.clock.now());
    if (revealed.length) return renderPage(reply, target, page, data, { warnings: validation.warnings, revealed });
    const next = pageAfter(shownPages(ctx, tenant.slug, target.version.form, data), page.id);
    return reply.redirect(withAnswers(next ? pageHref(target.base, next.id) : `${target.base}/pruefen`, data), 303);
  });

  app.get<{ Params: VersionParams; Querystring: AnswersQuery }>(`${previewRoot}/pruefen`, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return renderCheck(reply, await open(request), openAnswers(app, request.query.antworten), false);
  });

  /** "Verbindlich absenden" in the preview: checked like a submission, then the confirmation with a sample reference; nothing is submitted. */
  app.post<{ Params: VersionParams }>(`${previewRoot}/absenden`, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const target = await open(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const answers = openAnswers(app, body[`_${answersParameter}`]);
    const { view, version, base } = target;
    const validation = validateAnswers(ctx, regionCheckOf(ctx.extensions, view.tenant.slug), version.form, answers, view.lang);
    if (body.declaration !== 'yes' || validation.errors.length) return renderCheck(reply, target, answers, body.declaration !== 'yes');
    return sendPage(
      reply,
      ConfirmationPage({
        view,
        title: version.procedure.title[view.lang],
        reference: sampleReference,
        receivedAt: ctx.clock.now().toISOString(),
        recipients: [{ name: view.t('applications.preview.recipients'), reason: null }],
        receiptHref: withAnswers(`${base}/eingangsbestaetigung.pdf`, answers),
      }),
    );
  });

  /** The sample receipt of the preview's answers: the applicant's receipt with the sample reference. */
  app.get<{ Params: VersionParams; Querystring: AnswersQuery }>(`${previewRoot}/eingangsbestaetigung.pdf`, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { version, view } = await open(request);
    const answers = openAnswers(app, request.query.antworten);
    const data = validateAnswers(ctx, regionCheckOf(ctx.extensions, view.tenant.slug), version.form, answers, view.lang).value;
    const pdf = await receiptPdf(
      {
        procedure: version,
        reference: sampleReference,
        receivedAt: ctx.clock.now().toISOString(),
        recipients: [view.t('applications.preview.recipients')],
        dataHash: hashAnswers(data),
        data,
        attachments: filesAnswered(data),
      },
      view.lang,
    );
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="Eingangsbestaetigung-${sampleReference}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });
}
