import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';

export const inboxPath = '/bearbeitung';

/**
 * Staff work from their inbox: it comes first in their header, and they land there after signing
 * in (instead of the applicant-style Mein Konto). Runs after identity's hook has found the actor.
 * Synchronous: it runs on every request.
 */
export async function caseNavigation(app: HttpApp, _ctx: AppContext): Promise<void> {
  app.addHook('onRequest', (request, _reply, done) => {
    const user = request.viewUser;
    if (user?.staff) {
      user.links = [{ href: inboxPath, labelKey: 'cases.inbox.title' }, ...(user.links ?? [])];
      user.home = inboxPath;
    }
    done();
  });
}
