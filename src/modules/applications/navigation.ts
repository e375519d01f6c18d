import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';
import { unreadMessageCount } from './postfach-inbox.js';

export const postfachPath = '/postfach';

/**
 * Puts "Meine Anträge" and the Postfach with its unread count into the header of signed-in
 * applicants. Runs after identity's hook has found the actor; API requests skip it (they show no
 * header), so the count costs one indexed query per page.
 */
export async function applicationNavigation(app: HttpApp, ctx: AppContext): Promise<void> {
  app.addHook('onRequest', (request, _reply, done) => {
    const user = request.viewUser;
    if (!user || request.actor.kind !== 'citizen' || request.url.startsWith('/api/')) return done();
    unreadMessageCount(ctx.db, request.actor).then((count) => {
      user.links = [
        { href: '/antraege', labelKey: 'applications.nav.mine' },
        { href: postfachPath, labelKey: 'applications.nav.postfach', badge: { count, labelKey: 'applications.nav.unread' } },
        ...(user.links ?? []),
      ];
      done();
    }, done);
  });
}

/** After a page marked messages read, its own header counts again (the hook counted before). */
export async function recountUnread(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const link = request.viewUser?.links?.find((candidate) => candidate.href === postfachPath);
  if (link?.badge) link.badge.count = await unreadMessageCount(ctx.db, request.actor);
}
