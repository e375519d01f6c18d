import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../core/context.js';
import { ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import type { Actor } from '../../access/index.js';
import { sendPage } from '../../../web/render.js';
import { formBody, formErrors, noErrors, requireSignedIn } from '../http.js';
import { TenantAddPage, TenantPage, TenantsPage, tenantsPath } from '../pages/platform.js';
import { addTenantAsOperator, setHostsAsOperator, setSettingsAsOperator, tenantForOperator, tenantsForOperator } from '../platform.js';

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

/** The platform operator's tenant pages. The services check `platform.tenants.read` / `.manage`. */
export async function platformRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const slugOf = (request: SlugRequest) => request.params.slug.slice(0, 40);

  app.get(tenantsPath, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return sendPage(reply, TenantsPage({ view: request.view, tenants: await tenantsForOperator(ctx, request.actor) }));
  });

  app.get(`${tenantsPath}/neu`, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    await tenantsForOperator(ctx, request.actor); // checks the permission before showing the form
    return sendPage(reply, TenantAddPage({ view: request.view, values: {}, errors: noErrors }));
  });

  app.post(`${tenantsPath}/neu`, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const body = formBody(request);
    try {
      const tenant = await addTenantAsOperator(ctx, request.actor, body);
      return reply.redirect(`${tenantsPath}/${tenant.slug}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return sendPage(reply, TenantAddPage({ view: request.view, values: body, errors: formErrors(request.view, error) }), 422);
      throw error;
    }
  });

  const tenantPage = async (request: SlugRequest, reply: FastifyReply, extra: Partial<Parameters<typeof TenantPage>[0]> = {}, status = 200) =>
    sendPage(reply, TenantPage({ view: request.view, tenant: await tenantForOperator(ctx, request.actor, slugOf(request)), errors: noErrors, ...extra }), status);

  app.get<{ Params: { slug: string } }>(`${tenantsPath}/:slug`, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return tenantPage(request, reply);
  });

  /** A change to one tenant from its page: refused input back on the page (422), else to the page again. */
  const changeFromTenantPage = (path: string, change: (actor: Actor, slug: string, body: Record<string, unknown>) => Promise<unknown>) =>
    app.post<{ Params: { slug: string } }>(`${tenantsPath}/:slug/${path}`, async (request, reply) => {
      if (!requireSignedIn(request, reply)) return reply;
      const body = formBody(request);
      try {
        await change(request.actor, slugOf(request), body);
      } catch (error) {
        if (error instanceof ValidationError) return tenantPage(request, reply, { values: body, errors: formErrors(request.view, error) }, 422);
        throw error;
      }
      return reply.redirect(`${tenantsPath}/${slugOf(request)}`, 303);
    });

  changeFromTenantPage('hostnamen', (actor, slug, body) => setHostsAsOperator(ctx, actor, slug, body.hosts));
  changeFromTenantPage('einstellungen', (actor, slug, body) => setSettingsAsOperator(ctx, actor, slug, body));
}
