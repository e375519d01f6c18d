import type { AppContext } from '../../../core/context.js';
import type { HttpApp } from '../../../core/module.js';
import { usesPlanPages } from './routes.js';
import { plansPath } from './pages/common.js';

/**
 * Puts "Aktenplan" into the main navigation of staff who read a plan. Runs after identity's
 * hook has found the actor; the pages check again. Synchronous: it runs on every request.
 */
export async function recordsPlanNavigation(app: HttpApp, _ctx: AppContext): Promise<void> {
  app.addHook('onRequest', (request, _reply, done) => {
    const user = request.viewUser;
    if (user?.staff && usesPlanPages(request.actor)) user.links = [...(user.links ?? []), { href: plansPath, labelKey: 'recordsPlan.nav' }];
    done();
  });
}
