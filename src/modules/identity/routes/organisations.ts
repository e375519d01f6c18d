import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../core/context.js';
import { ConflictError, ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { formBody, formErrors, requestInfo, requireSignedIn } from '../http.js';
import { InvalidLinkError } from '../one-time-tokens.js';
import { acceptInvitation, changeMemberRole, getOrganisation, inviteMember, peekInvitation, removeMember, revokeInvitation } from '../organisations.js';
import { MessagePage } from '../pages/common.js';
import { InvitationPage, OrganisationPage, type OrganisationPageProps } from '../pages/organisation.js';

type Params = { id: string };
type MemberParams = Params & { personId: string };

/** Ids come from the path: at most a UUID's length, anything longer is nobody's. */
const idOf = (value: string) => value.slice(0, 40);

/** An organisation's members page and its forms, and the page behind an invitation link. Thin adapters over organisations.ts. */
export async function organisationRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const page = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, extra: Partial<OrganisationPageProps> = {}, status = 200) => {
    const overview = await getOrganisation(ctx, request.actor, idOf(request.params.id));
    const personId = request.actor.kind === 'citizen' ? request.actor.accountId : '';
    return sendPage(reply, OrganisationPage({ view: request.view, overview, personId, ...extra }), status);
  };

  const notices = new Set(['invited', 'revoked', 'removed', 'role']);
  app.get<{ Params: Params }>('/konto/organisationen/:id', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const notice = (request.query as Record<string, unknown>).hinweis;
    return page(
      request,
      reply,
      typeof notice === 'string' && notices.has(notice) ? { notice: { kind: 'success', text: request.view.t(`identity.organisation.notice.${notice}`) } } : {},
    );
  });

  const back = (request: FastifyRequest<{ Params: Params }>, notice: string) => `/konto/organisationen/${encodeURIComponent(idOf(request.params.id))}?hinweis=${notice}`;

  /** Runs a members-page form and redirects where it says; bad input and refused changes (the last administrator) come back on the page. */
  const form = <P extends Params>(path: string, action: (request: FastifyRequest<{ Params: P }>, body: Record<string, unknown>) => Promise<string>) =>
    app.post<{ Params: P }>(path, async (request, reply) => {
      if (!requireSignedIn(request, reply)) return reply;
      const body = formBody(request);
      try {
        return reply.redirect(await action(request, body), 303);
      } catch (error) {
        if (error instanceof ValidationError) return page(request, reply, { errors: formErrors(request.view, error), values: body }, 422);
        if (error instanceof ConflictError) return page(request, reply, { notice: { kind: 'danger', text: request.view.t(error.code) } }, 409);
        throw error;
      }
    });

  form('/konto/organisationen/:id/einladen', async (request, body) => {
    await inviteMember(ctx, requestInfo(ctx, request), request.actor, idOf(request.params.id), body);
    return back(request, 'invited');
  });
  form<Params & { invitationId: string }>('/konto/organisationen/:id/einladungen/:invitationId/zurueckziehen', async (request) => {
    await revokeInvitation(ctx, request.actor, idOf(request.params.id), idOf(request.params.invitationId));
    return back(request, 'revoked');
  });
  form<MemberParams>('/konto/organisationen/:id/mitglieder/:personId/rolle', async (request, body) => {
    await changeMemberRole(ctx, request.actor, idOf(request.params.id), idOf(request.params.personId), body);
    return back(request, 'role');
  });
  form<MemberParams>('/konto/organisationen/:id/mitglieder/:personId/entfernen', async (request) => {
    await removeMember(ctx, request.actor, idOf(request.params.id), idOf(request.params.personId));
    return back(request, 'removed');
  });
  form('/konto/organisationen/:id/verlassen', async (request) => {
    const self = request.actor.kind === 'citizen' ? request.actor.accountId : '';
    await removeMember(ctx, request.actor, idOf(request.params.id), self);
    return '/konto?hinweis=left';
  });

  // ---- the invitation link ----
  const tokenOf = (request: FastifyRequest) => {
    const token = (request.query as Record<string, unknown>).token;
    return typeof token === 'string' ? token : '';
  };
  const invalidLink = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, MessagePage({ view: request.view, title: request.view.t('identity.link.invalidTitle'), text: request.view.t('identity.link.invalid'), kind: 'warning' }), 410);

  app.get('/konto/einladung', async (request, reply) => {
    try {
      const invitation = await peekInvitation(ctx, request.view.tenant.id, tokenOf(request));
      const { actor } = request;
      return sendPage(
        reply,
        InvitationPage({
          view: request.view,
          organisation: invitation.organisationName,
          role: invitation.role,
          token: tokenOf(request),
          signedIn: actor.kind === 'citizen',
          staff: actor.kind === 'staff',
        }),
      );
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(request, reply);
      throw error;
    }
  });

  app.post('/konto/einladung', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    try {
      await acceptInvitation(ctx, request.actor, tokenOf(request));
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(request, reply);
      throw error;
    }
    return reply.redirect('/konto?hinweis=joined', 303);
  });
}
