import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../core/context.js';
import { ConflictError, ForbiddenError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import { auditActor, authorize, can } from '../access/index.js';
import { requireSignedIn } from '../identity/index.js';
import { StudioListPage, studioPath, VersionPage, versionPath, workingCopyPath, type StudioNotice, type VersionPageProps } from './pages.js';
import { approveVersion, retireProcedure, returnToDraft, studioProcedures, studioVersion, submitForReview, versionOfPath } from './studio.js';
import { startWorkingCopy } from './working-copy.js';
import { revisionOfBody, workingCopyRoutes } from './working-copy-routes.js';

type VersionParams = { key: string; version: string };
const keyParams = Type.Object({ key: Type.String({ maxLength: 63 }) });
const versionParams = Type.Object({ key: Type.String({ maxLength: 63 }), version: Type.String({ maxLength: 10 }) });
const noticeQuery = Type.Object({ hinweis: Type.Optional(Type.String({ maxLength: 20 })) });
const hide = { hide: true };
const notices: readonly StudioNotice[] = ['submitted', 'approved', 'returned', 'retired', 'saved', 'unchanged'];
const noticeOf = (value: string | undefined) => notices.find((notice) => notice === value);

/**
 * The procedure studio under /verwaltung/verfahren (docs/studio.md): procedure administrators see
 * every procedure's versions and their differences, submit drafts for review, approve a version
 * someone else submitted, and retire a procedure. Anonymous visitors are sent to sign in; the
 * service functions check the permission (403 otherwise).
 */
export async function procedureStudioRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: { hinweis?: string } }>(studioPath, { schema: { ...hide, querystring: noticeQuery } }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const procedures = await studioProcedures(ctx, request.actor);
    return sendPage(reply, StudioListPage({ view: request.view, procedures, notice: noticeOf(request.query.hinweis) }));
  });

  const versionPage = async (request: FastifyRequest<{ Params: VersionParams }>, reply: FastifyReply, extra: Pick<VersionPageProps, 'notice' | 'error'> = {}, status = 200) => {
    const { actor } = request;
    const studio = await studioVersion(ctx, actor, request.params.key, versionOfPath(request.params.version));
    const resource = { tenantId: actor.tenantId };
    const may = { edit: can(actor, 'procedures.studio.edit', resource), approve: can(actor, 'procedures.studio.approve', resource) };
    return sendPage(reply, VersionPage({ view: request.view, studio, may, viewerId: auditActor(actor).id, ...extra }), status);
  };

  app.get<{ Params: VersionParams; Querystring: { hinweis?: string } }>(
    `${studioPath}/:key/:version`,
    { schema: { ...hide, params: versionParams, querystring: noticeQuery } },
    async (request, reply) => {
      if (!requireSignedIn(request, reply)) return reply;
      return versionPage(request, reply, { notice: noticeOf(request.query.hinweis) });
    },
  );

  /** A state change: on success back to the version page with a notice; a refusal (four eyes, a state that moved on) shown on the page. */
  const stateChange = (change: typeof submitForReview, notice: StudioNotice) => async (request: FastifyRequest<{ Params: VersionParams }>, reply: FastifyReply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { key } = request.params;
    const version = versionOfPath(request.params.version);
    try {
      await change(ctx, request.actor, key, version);
    } catch (error) {
      const refused = error instanceof ConflictError || (error instanceof ForbiddenError && error.code === 'procedures.studio.ownApproval');
      if (!refused) throw error;
      const params = { ...error.params };
      if (typeof params.state === 'string') params.state = request.view.t(`procedures.studio.state.${params.state}`);
      return versionPage(request, reply, { error: { code: error.code, params } }, error.status);
    }
    return reply.redirect(`${versionPath(key, version)}?hinweis=${notice}`, 303);
  };

  app.post<{ Params: VersionParams }>(`${studioPath}/:key/:version/pruefen`, { schema: { ...hide, params: versionParams } }, stateChange(submitForReview, 'submitted'));
  app.post<{ Params: VersionParams }>(`${studioPath}/:key/:version/freigeben`, { schema: { ...hide, params: versionParams } }, stateChange(approveVersion, 'approved'));
  app.post<{ Params: VersionParams }>(`${studioPath}/:key/:version/zurueck`, { schema: { ...hide, params: versionParams } }, stateChange(returnToDraft, 'returned'));

  // "Bearbeiten": the version becomes the procedure's working copy; a working copy changed since the page was shown is not replaced (409).
  app.post<{ Params: VersionParams }>(`${studioPath}/:key/:version/bearbeiten`, { schema: { ...hide, params: versionParams } }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { key } = request.params;
    try {
      await startWorkingCopy(ctx, request.actor, key, versionOfPath(request.params.version), revisionOfBody(request.body));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return versionPage(request, reply, { error: { code: error.code, params: error.params } }, error.status);
    }
    return reply.redirect(`${workingCopyPath(key)}?hinweis=started`, 303);
  });

  await workingCopyRoutes(app, ctx);

  app.post<{ Params: { key: string } }>(`${studioPath}/:key/einstellen`, { schema: { ...hide, params: keyParams } }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    authorize(request.actor, 'procedures.studio.approve', { tenantId: request.actor.tenantId });
    try {
      await retireProcedure(ctx, request.actor, request.params.key);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return reply.redirect(studioPath, 303);
    }
    return reply.redirect(`${studioPath}?hinweis=retired`, 303);
  });
}

/**
 * Puts "Verfahren" into the main navigation of staff who may see the studio. The pages check the
 * permission again; the link is only a way there. Synchronous: it runs on every request.
 */
export async function procedureStudioNavigation(app: HttpApp, _ctx: AppContext): Promise<void> {
  app.addHook('onRequest', (request, _reply, done) => {
    const user = request.viewUser;
    if (user?.staff && can(request.actor, 'procedures.studio.read', { tenantId: request.actor.tenantId })) {
      user.links = [...(user.links ?? []), { href: studioPath, labelKey: 'procedures.studio.nav' }];
    }
    done();
  });
}
