import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';
import { can } from '../access/index.js';

/**
 * Puts "Leistungen bearbeiten" into the main navigation of staff who may edit the catalogue
 * (procedure and tenant administrators). Runs after identity's hook has found the actor; the
 * pages check the permission again, the link is only a way there. Synchronous: it runs on every request.
 */
export async function catalogAdminNavigation(app: HttpApp, _ctx: AppContext): Promise<void> {
  app.addHook('onRequest', (request, _reply, done) => {
    const user = request.viewUser;
    if (user?.staff && can(request.actor, 'catalog.service.edit', { tenantId: request.actor.tenantId })) {
      user.links = [...(user.links ?? []), { href: '/verwaltung/leistungen', labelKey: 'catalogAdmin.nav.services' }];
    }
    done();
  });
}
