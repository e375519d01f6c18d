import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../core/context.js';
import { ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { listAllAuthorities, listAuthorityKinds } from '../../catalog/index.js';
import { createApiClient, listApiClients, revokeApiClient } from '../api-clients.js';
import { formBody, formErrors, noErrors, requireSignedIn } from '../http.js';
import { ApiClientsPage, StaffAddPage, StaffListPage, StaffMemberPage, TeamsPage, type AuthorityOption } from '../pages/staff-admin.js';
import { addRole, addStaff, deactivateStaff, getStaffMember, listStaff, removeRole } from '../staff.js';
import { addTeam, listTeams, removeTeam, setMembershipTeam } from '../teams.js';

/** Staff administration, teams and API clients, for tenant administrators. The services check `staff.manage` / `apiClient.manage`. */
export async function adminRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const authorities = async (tenantId: string): Promise<AuthorityOption[]> => {
    // Only kinds marked `staffAccounts`: the ~400 Gemeindeverwaltungen would make the list unusable (their staff come via SSO).
    const offered = new Set((await listAuthorityKinds(ctx, tenantId)).filter((kind) => kind.staffAccounts).map((kind) => kind.key));
    return (await listAllAuthorities(ctx, tenantId))
      .filter((a) => offered.has(a.kind))
      .map((a) => ({ id: a.id, name: a.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  };
  const tenantOf = (request: FastifyRequest) => request.view.tenant.id;

  app.get('/verwaltung/personal', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return sendPage(reply, StaffListPage({ view: request.view, staff: await listStaff(ctx, request.actor, tenantOf(request)) }));
  });

  const addPage = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<Parameters<typeof StaffAddPage>[0]> = {}, status = 200) =>
    sendPage(
      reply,
      StaffAddPage({
        view: request.view,
        authorities: await authorities(tenantOf(request)),
        teams: await listTeams(ctx, request.actor, tenantOf(request)),
        values: {},
        errors: noErrors,
        ...extra,
      }),
      status,
    );

  app.get('/verwaltung/personal/neu', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    await listStaff(ctx, request.actor, tenantOf(request)); // checks the permission before showing the form
    return addPage(request, reply);
  });

  app.post('/verwaltung/personal/neu', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const body = formBody(request);
    try {
      const { password } = await addStaff(ctx, request.actor, tenantOf(request), body);
      return addPage(request, reply, { created: { name: String(body.name), password } }, 201);
    } catch (error) {
      if (error instanceof ValidationError) return addPage(request, reply, { values: body, errors: formErrors(request.view, error) }, 422);
      throw error;
    }
  });

  const memberPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, errors = noErrors, status = 200) => {
    const member = await getStaffMember(ctx, request.actor, tenantOf(request), request.params.id.slice(0, 40));
    const teams = await listTeams(ctx, request.actor, tenantOf(request));
    return sendPage(reply, StaffMemberPage({ view: request.view, member, authorities: await authorities(tenantOf(request)), teams, errors }), status);
  };

  app.get<{ Params: { id: string } }>('/verwaltung/personal/:id', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return memberPage(request, reply);
  });

  app.post<{ Params: { id: string } }>('/verwaltung/personal/:id/rollen', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    try {
      await addRole(ctx, request.actor, tenantOf(request), request.params.id.slice(0, 40), formBody(request));
    } catch (error) {
      if (error instanceof ValidationError) return memberPage(request, reply, formErrors(request.view, error), 422);
      throw error;
    }
    return reply.redirect(`/verwaltung/personal/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string; membership: string } }>('/verwaltung/personal/:id/rollen/:membership/entfernen', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    await removeRole(ctx, request.actor, tenantOf(request), request.params.id.slice(0, 40), request.params.membership.slice(0, 40));
    return reply.redirect(`/verwaltung/personal/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string; membership: string } }>('/verwaltung/personal/:id/rollen/:membership/team', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    try {
      await setMembershipTeam(ctx, request.actor, tenantOf(request), request.params.id.slice(0, 40), request.params.membership.slice(0, 40), formBody(request).teamId);
    } catch (error) {
      if (error instanceof ValidationError) return memberPage(request, reply, formErrors(request.view, error, { teamId: `team-${request.params.membership.slice(0, 40)}` }), 422);
      throw error;
    }
    return reply.redirect(`/verwaltung/personal/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/verwaltung/personal/:id/deaktivieren', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    await deactivateStaff(ctx, request.actor, tenantOf(request), request.params.id.slice(0, 40));
    return reply.redirect('/verwaltung/personal', 303);
  });

  const teamsPage = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<Parameters<typeof TeamsPage>[0]> = {}, status = 200) =>
    sendPage(
      reply,
      TeamsPage({
        view: request.view,
        teams: await listTeams(ctx, request.actor, tenantOf(request)),
        authorities: await authorities(tenantOf(request)),
        values: {},
        errors: noErrors,
        ...extra,
      }),
      status,
    );

  app.get('/verwaltung/teams', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return teamsPage(request, reply);
  });

  app.post('/verwaltung/teams', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const body = formBody(request);
    try {
      await addTeam(ctx, request.actor, tenantOf(request), body);
    } catch (error) {
      if (error instanceof ValidationError) return teamsPage(request, reply, { values: body, errors: formErrors(request.view, error) }, 422);
      throw error;
    }
    return reply.redirect('/verwaltung/teams', 303);
  });

  app.post<{ Params: { id: string } }>('/verwaltung/teams/:id/loeschen', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    await removeTeam(ctx, request.actor, tenantOf(request), request.params.id.slice(0, 40));
    return reply.redirect('/verwaltung/teams', 303);
  });

  const clientsPage = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<Parameters<typeof ApiClientsPage>[0]> = {}, status = 200) =>
    sendPage(
      reply,
      ApiClientsPage({
        view: request.view,
        clients: await listApiClients(ctx, request.actor, tenantOf(request)),
        authorities: await authorities(tenantOf(request)),
        errors: noErrors,
        ...extra,
      }),
      status,
    );

  app.get('/verwaltung/api-clients', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return clientsPage(request, reply);
  });

  app.post('/verwaltung/api-clients', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const body = formBody(request);
    try {
      const { client, token } = await createApiClient(ctx, request.actor, tenantOf(request), body);
      return clientsPage(request, reply, { created: { name: client.name, token } }, 201);
    } catch (error) {
      if (error instanceof ValidationError) return clientsPage(request, reply, { errors: formErrors(request.view, error) }, 422);
      throw error;
    }
  });

  app.post<{ Params: { id: string } }>('/verwaltung/api-clients/:id/widerrufen', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    await revokeApiClient(ctx, request.actor, tenantOf(request), request.params.id.slice(0, 40));
    return reply.redirect('/verwaltung/api-clients', 303);
  });
}
