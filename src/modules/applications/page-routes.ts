import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type VNode } from 'preact';
import type { AppContext } from '../../core/context.js';
import { DomainError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import { SubmitButton } from '../../web/components/form.js';
import { FormPage, findPage, mergePageData, parsePageInput, regionCheckOf, revealedFields, validatePage, withoutUnseenRequired, type Page } from '../forms/index.js';
import type { ProcedureVersion } from '../procedures/index.js';
import { addAttachment, attachmentContent } from './attachments.js';
import { appendToForm } from './form-vnode.js';
import { pageAfter, pageBefore, shownPages } from './page-order.js';
import { StepUpRequiredError } from './errors.js';
import { actorOf, csrfTokenValid, draftCookie, limitAnonymousStart, readPageForm, readReplyParts, requesterOf, setDraftCookie } from './http.js';
import { answersFromEarlier, type StartedFrom } from './prefill-from.js';
import { resumeLink, sendResumeLink } from './resume.js';
import { SavedDraftPage } from './pages/saved.js';
import { messageAttachment, messageLimits, listMessages, markMessagesRead, replyToAuthority } from './postfach.js';
import { ensureReceipt } from './receipt.js';
import {
  checkMayApply,
  currentProcedure,
  getApplication,
  getOwnApplication,
  listMyApplications,
  procedureOf,
  startApplication,
  submitApplication,
  updateDraft,
  validateAnswers,
} from './service.js';
import { applicationStatus } from './status.js';
import { startRedirectFor } from './submission-listeners.js';
import { copyApplication, copyable } from './copy.js';
import type { Application } from './store.js';
import { CheckPage, draftCheckLinks } from './pages/check.js';
import { ConfirmationPage } from './pages/confirmation.js';
import { ApplicationDetailPage } from './pages/detail.js';
import { MyApplicationsPage } from './pages/list.js';
import { distinguishingAnswers } from './draft-summary.js';
import { PostfachPage } from './pages/postfach.js';
import { postfachPath, recountUnread } from './navigation.js';
import { listInboxMessages } from './postfach-inbox.js';
import { StartPage, type StartBlock } from './pages/start.js';

/**
 * The browser flow: start → pages (saved on every "Weiter") → check answers → submit →
 * confirmation; "Meine Anträge", status and Postfach. Thin adapters over the service.
 */

type Params = { id: string };
type PageParams = { id: string; pageId: string };

const loginHref = (returnTo: string) => `/anmelden?zurueck=${encodeURIComponent(returnTo)}`;
const stepUpHref = (level: string, returnTo: string) => `/anmelden/vertrauensniveau?niveau=${level}&zurueck=${encodeURIComponent(returnTo)}`;

function startBlock(request: FastifyRequest, version: ProcedureVersion): StartBlock {
  const actor = actorOf(request);
  const returnTo = request.method === 'GET' ? request.url : `/antrag/${version.procedure.key}`; // keeps `?aus=` of a start from an earlier application
  try {
    checkMayApply(actor, version.procedure);
    return null;
  } catch (error) {
    if (error instanceof StepUpRequiredError)
      return actor.kind === 'anonymous' ? { kind: 'login', href: loginHref(returnTo) } : { kind: 'stepUp', href: stepUpHref(error.required, returnTo), level: error.required };
    if (error instanceof ForbiddenError) return { kind: 'forbidden', code: error.code };
    throw error;
  }
}

/** `aus` (and `pflicht`) of a start link from an earlier application, e.g. from its follow-up duty. */
function startedFromOf(input: unknown): StartedFrom | undefined {
  const fields = (input ?? {}) as Record<string, unknown>;
  const id = typeof fields.aus === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(fields.aus) ? fields.aus : undefined;
  if (!id) return undefined;
  const duty = typeof fields.pflicht === 'string' && /^[a-z][a-z0-9-]{1,62}$/.test(fields.pflicht) ? fields.pflicht : undefined;
  return duty ? { application: id, duty } : { application: id };
}

const pageUrl = (id: string, pageId: string) => `/antraege/${id}/seite/${encodeURIComponent(pageId)}`;

/** The page before this one in the flow (only pages shown for the answers), or the start page. */
function previousHref(application: Application, version: ProcedureVersion, pages: Page[], pageId: string): string {
  const previous = pageBefore(pages, pageId);
  return previous ? pageUrl(application.id, previous.id) : `/antrag/${version.procedure.key}`;
}

/** The forms engine's page with "Speichern und später fortsetzen" next to "Weiter" (it posts the page's answers too). */
const withSaveButton = (page: VNode, label: string): VNode => appendToForm(page, h(SubmitButton, { name: '_action', value: 'save', variant: 'secondary', children: label }));

/** Redirects anonymous visitors to the login (and back here afterwards), unless they hold this draft's resume token. */
function requireSignedIn(request: FastifyRequest, reply: FastifyReply, applicationId?: string): boolean {
  if (actorOf(request).kind !== 'anonymous') return true;
  if (applicationId && request.cookies?.[draftCookie(applicationId)]) return true;
  void reply.redirect(loginHref(request.url), 303);
  return false;
}

export async function applicationPageRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const titleOf = async (application: Application, lang: 'de' | 'en') => (await procedureOf(ctx, application)).procedure.title[lang];

  app.get<{ Params: { procedureKey: string } }>('/antrag/:procedureKey', async (request, reply) => {
    const version = await currentProcedure(ctx, request.params.procedureKey);
    const startedFrom = startedFromOf(request.query);
    return sendPage(reply, StartPage({ view: request.view, procedure: version, block: startBlock(request, version), startedFrom: version.procedure.prefill && startedFrom }));
  });

  app.post<{ Params: { procedureKey: string } }>('/antrag/:procedureKey', async (request, reply) => {
    const version = await currentProcedure(ctx, request.params.procedureKey);
    const redirect = startRedirectFor(ctx, version.procedure);
    if (redirect) return reply.redirect(redirect, 303);
    await limitAnonymousStart(ctx, request);
    try {
      const startedFrom = startedFromOf(request.body);
      const actor = actorOf(request);
      const first = startedFrom ? await answersFromEarlier(ctx, actor, version, startedFrom, request.view.lang) : {};
      const application = await startApplication(ctx, actor, request.params.procedureKey, first, request.view.lang);
      if (application.resumeToken) setDraftCookie(reply, application.id, application.resumeToken, ctx.config.draftRetentionDays);
      return reply.redirect(pageUrl(application.id, application.currentPage ?? ''), 303);
    } catch (error) {
      if (error instanceof StepUpRequiredError) return reply.redirect(`/antrag/${encodeURIComponent(request.params.procedureKey)}`, 303);
      throw error;
    }
  });

  app.get('/antraege', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { lang } = request.view;
    const applications = await listMyApplications(ctx, actorOf(request));
    const listed = await Promise.all(applications.map(async (application) => ({ application, version: await procedureOf(ctx, application) })));
    const drafts = listed.filter(({ application }) => application.status === 'draft');
    const answers = distinguishingAnswers(
      drafts.map(({ application, version }) => ({ id: application.id, procedureKey: application.procedureKey, form: version.form, data: application.data })),
      lang,
    );
    const items = await Promise.all(
      listed.map(async ({ application, version }) => ({
        application,
        title: version.procedure.title[lang],
        answer: answers.get(application.id) ?? null,
        copyable: await copyable(ctx, application),
      })),
    );
    return sendPage(reply, MyApplicationsPage({ view: request.view, items, saved: (request.query as Record<string, unknown>).gespeichert === '1' }));
  });

  /** A new draft with the answers of an earlier application (files and answers the current form refuses left out), at its first page. */
  app.post<{ Params: Params }>('/antraege/:id/als-vorlage', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    try {
      const draft = await copyApplication(ctx, actorOf(request), request.params.id, request.view.lang);
      return reply.redirect(pageUrl(draft.id, draft.currentPage ?? ''), 303);
    } catch (error) {
      if (!(error instanceof StepUpRequiredError)) throw error;
      const application = await getApplication(ctx, actorOf(request), request.params.id);
      return reply.redirect(`/antrag/${encodeURIComponent(application.procedureKey)}`, 303);
    }
  });

  app.get(postfachPath, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return sendPage(reply, PostfachPage({ view: request.view, messages: await listInboxMessages(ctx, actorOf(request)) }));
  });

  const renderFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    application: Application,
    version: ProcedureVersion,
    page: Page,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    warnings: FieldError[] = [],
    status = 200,
    revealed: string[] = [],
  ) => {
    const now = ctx.clock.now();
    const pages = shownPages(ctx, request.view.tenant.slug, version.form, values);
    const vnode = FormPage({
      view: request.view,
      form: version.form,
      page,
      values,
      errors,
      warnings,
      now,
      action: pageUrl(application.id, page.id),
      backHref: previousHref(application, version, pages, page.id),
      revealed,
    });
    return sendPage(reply, withSaveButton(vnode, request.view.t('applications.saveForLater')), status);
  };

  const openDraft = async (request: FastifyRequest<{ Params: PageParams }>) => {
    const { application, version } = await getOwnApplication(ctx, requesterOf(request, request.params.id), request.params.id);
    const page = findPage(version.form, request.params.pageId);
    if (!page) throw new NotFoundError();
    return { application, version, page };
  };

  app.get<{ Params: PageParams }>('/antraege/:id/seite/:pageId', async (request, reply) => {
    if (!requireSignedIn(request, reply, request.params.id)) return reply;
    const { application, version, page } = await openDraft(request);
    if (application.status !== 'draft') return reply.redirect(`/antraege/${application.id}`, 303);
    return renderFormPage(request, reply, application, version, page, application.data);
  });

  app.post<{ Params: PageParams }>('/antraege/:id/seite/:pageId', { config: { csrf: false } }, async (request, reply) => {
    const actor = requesterOf(request, request.params.id);
    const { application, version, page } = await openDraft(request);
    if (application.status !== 'draft') return reply.redirect(`/antraege/${application.id}`, 303);
    const uploadErrors: FieldError[] = [];
    const body = await readPageForm(app, request, reply, async (pointer, name, stream) => {
      try {
        await addAttachment(ctx, actor, application.id, pointer, { name, stream });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        uploadErrors.push(...error.fields);
      }
    });
    if (!body) return reply;

    const input = parsePageInput(page, body);
    const latest = await getApplication(ctx, actor, application.id); // uploads above changed the answers
    const data = mergePageData(page, latest.data, input.data);
    const rawAction = Array.isArray(body._action) ? body._action[body._action.length - 1] : body._action;
    // /assets/forms.js asks for the page as these answers would show it (a choice opened or closed questions): nothing is saved.
    if (rawAction === 'preview') return renderFormPage(request, reply, latest, version, page, data);
    const continuing = rawAction !== 'save' && input.action.type === 'continue';
    const validation = validatePage(version.form, page.id, data, {
      now: ctx.clock.now(),
      lang: request.view.lang,
      insideRegion: regionCheckOf(ctx.extensions, request.view.tenant.slug),
    });
    const errors = continuing ? [...uploadErrors, ...withoutUnseenRequired(validation.errors, input.shown)] : [];
    // Questions the answers have just opened on this page are asked here, before the applicant moves on.
    const revealed = continuing && errors.length === 0 ? revealedFields(version.form, page, data, input.shown, ctx.clock.now()) : [];
    // The draft resumes where the applicant has to go on: this page until it is answered, then the next.
    const next = continuing && errors.length === 0 && revealed.length === 0 ? nextPageId(request.view.tenant.slug, data, version, page.id) : page.id;
    await updateDraft(ctx, actor, application.id, { data, currentPage: next ?? page.id, strict: false, lang: request.view.lang });

    if (rawAction === 'save') {
      if (latest.ownerAccountId !== null) return reply.redirect('/antraege?gespeichert=1', 303);
      const { mailedTo } = await sendResumeLink(ctx, actor, application.id);
      return reply.redirect(`/antraege/${application.id}/gespeichert${mailedTo ? '?gesendet=1' : ''}`, 303);
    }
    if (input.action.type !== 'continue') return reply.redirect(`${pageUrl(application.id, page.id)}#${input.action.pointer.slice(1).replace(/\//g, '-')}`, 303);
    if (errors.length) return renderFormPage(request, reply, latest, version, page, data, errors, validation.warnings, 422);
    if (revealed.length) return renderFormPage(request, reply, latest, version, page, data, [], validation.warnings, 200, revealed);
    return reply.redirect(next ? pageUrl(application.id, next) : `/antraege/${application.id}/pruefen`, 303);
  });

  /** The page after this one among those shown for the answers; null after the last (check answers). */
  const nextPageId = (tenantSlug: string, data: Record<string, unknown>, version: ProcedureVersion, pageId: string): string | null =>
    pageAfter(shownPages(ctx, tenantSlug, version.form, data), pageId)?.id ?? null;

  app.get<{ Params: Params }>('/antraege/:id/gespeichert', async (request, reply) => {
    const requester = requesterOf(request, request.params.id);
    const application = await getApplication(ctx, requester, request.params.id);
    if (application.ownerAccountId !== null || !requester.draftToken) return reply.redirect('/antraege?gespeichert=1', 303);
    return sendPage(
      reply,
      SavedDraftPage({ view: request.view, link: resumeLink(ctx, application.id, requester.draftToken), mailed: (request.query as Record<string, unknown>).gesendet === '1' }),
    );
  });

  /** The secret link: proves the token once, then keeps it in the draft's cookie. */
  app.get<{ Params: Params & { token: string } }>('/antraege/:id/fortsetzen/:token', async (request, reply) => {
    const { id, token } = request.params;
    const application = await getApplication(ctx, { ...actorOf(request), draftToken: token }, id);
    setDraftCookie(reply, id, token, ctx.config.draftRetentionDays);
    return reply.redirect(application.status === 'draft' ? pageUrl(id, application.currentPage ?? '') : `/antraege/${id}`, 303);
  });

  const renderCheck = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, declarationError: boolean, status: number) => {
    const { application, version } = await getOwnApplication(ctx, requesterOf(request, request.params.id), request.params.id);
    if (application.status !== 'draft') return reply.redirect(`/antraege/${application.id}/bestaetigung`, 303);
    const validation = validateAnswers(ctx, regionCheckOf(ctx.extensions, request.view.tenant.slug), version.form, application.data, request.view.lang);
    return sendPage(
      reply,
      CheckPage({
        view: request.view,
        links: draftCheckLinks(application.id),
        procedure: version,
        value: validation.value,
        errors: validation.errors,
        warnings: validation.warnings,
        declarationError,
        now: ctx.clock.now(),
      }),
      validation.errors.length || declarationError ? Math.max(status, 422) : status,
    );
  };

  app.get<{ Params: Params }>('/antraege/:id/pruefen', async (request, reply) => {
    if (!requireSignedIn(request, reply, request.params.id)) return reply;
    return renderCheck(request, reply, false, 200);
  });

  app.post<{ Params: Params }>('/antraege/:id/absenden', async (request, reply) => {
    const actor = requesterOf(request, request.params.id);
    const application = await getApplication(ctx, actor, request.params.id);
    if (application.status === 'submitted') return reply.redirect(`/antraege/${application.id}/bestaetigung`, 303);
    // No body at all when the form came as multipart (parts are read only where files are expected).
    if ((request.body as Record<string, unknown> | undefined)?.declaration !== 'yes') return renderCheck(request, reply, true, 422);
    try {
      await submitApplication(ctx, actor, application.id, { lang: request.view.lang });
    } catch (error) {
      if (error instanceof ValidationError) return renderCheck(request, reply, false, 422);
      throw error;
    }
    return reply.redirect(`/antraege/${application.id}/bestaetigung`, 303);
  });

  app.get<{ Params: Params }>('/antraege/:id/bestaetigung', async (request, reply) => {
    if (!requireSignedIn(request, reply, request.params.id)) return reply;
    const status = await applicationStatus(ctx, requesterOf(request, request.params.id), request.params.id);
    if (status.application.status !== 'submitted') return reply.redirect(`/antraege/${status.application.id}/pruefen`, 303);
    const { application } = status;
    return sendPage(
      reply,
      ConfirmationPage({
        view: request.view,
        title: await titleOf(application, request.view.lang),
        reference: application.reference!,
        receivedAt: application.submittedAt!,
        recipients: status.recipients,
        receiptHref: `/antraege/${application.id}/eingangsbestaetigung.pdf`,
        statusHref: `/antraege/${application.id}`,
      }),
    );
  });

  const renderDetail = async (
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; body?: string; sent?: boolean; withdrawn?: boolean } = {},
    code = 200,
  ) => {
    const actor = requesterOf(request, request.params.id);
    const status = await applicationStatus(ctx, actor, request.params.id);
    if (status.application.status === 'draft') return reply.redirect(pageUrl(status.application.id, status.application.currentPage ?? ''), 303);
    const messages = await listMessages(ctx, actor, request.params.id);
    await markMessagesRead(ctx, actor, request.params.id);
    await recountUnread(ctx, request);
    return sendPage(reply, ApplicationDetailPage({ view: request.view, title: await titleOf(status.application, request.view.lang), status, messages, ...extra }), code);
  };

  app.get<{ Params: Params }>('/antraege/:id', async (request, reply) => {
    if (!requireSignedIn(request, reply, request.params.id)) return reply;
    const query = request.query as Record<string, unknown>;
    return renderDetail(request, reply, { sent: query.gesendet === '1', withdrawn: query.zurueckgezogen === '1' });
  });

  app.post<{ Params: Params }>('/antraege/:id/nachrichten', { config: { csrf: false } }, async (request, reply) => {
    const actor = actorOf(request);
    if (!request.isMultipart()) throw new DomainError(415, 'error.badRequest');
    let csrfChecked = false;
    const parts = await readReplyParts(request, messageLimits.fileBytes, (fields) => (csrfChecked = csrfTokenValid(app, request, reply, fields._csrf)));
    if (!parts) return reply;
    const { fields: body, files } = parts;
    if (!csrfChecked && !csrfTokenValid(app, request, reply, body._csrf)) return reply;
    const text = typeof body.body === 'string' ? body.body : '';
    try {
      await replyToAuthority(ctx, actor, request.params.id, { body: text, files });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const field of error.fields) errors[field.pointer.startsWith('/files') ? 'files' : 'body'] ??= request.view.t(field.code, field.params);
      return renderDetail(request, reply, { errors, body: text }, 422);
    }
    return reply.redirect(`/antraege/${request.params.id}?gesendet=1#postfach`, 303);
  });

  app.get<{ Params: Params }>('/antraege/:id/eingangsbestaetigung.pdf', async (request, reply) => {
    const application = await getApplication(ctx, requesterOf(request, request.params.id), request.params.id);
    const pdf = await ensureReceipt(ctx, application.tenantId, application.id);
    if (!pdf) throw new NotFoundError('applications.receipt.notYet');
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="Eingangsbestaetigung-${application.reference}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  app.get<{ Params: Params & { sha256: string } }>('/antraege/:id/dateien/:sha256', async (request, reply) => {
    const actor = requesterOf(request, request.params.id);
    const application = await getApplication(ctx, actor, request.params.id);
    const file =
      (await attachmentContent(ctx, application.tenantId, application.id, request.params.sha256)) ?? (await messageAttachment(ctx, actor, application.id, request.params.sha256));
    if (!file) throw new NotFoundError();
    return reply
      .type(file.type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('cache-control', 'private, no-store')
      .send(file.bytes);
  });
}
