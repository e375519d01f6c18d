import type { AppContext } from '../../../core/context.js';
import { NotFoundError } from '../../../core/errors.js';
import { listStoredMails } from '../../../core/mail/index.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { DevMailListPage, DevMailPage } from '../pages/dev-mail.js';

/** `/dev/mail`: the mails written by the file transport, to follow their links without a mail server. Never in production. */
export async function devMailRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  if (ctx.config.env === 'production') return;
  app.get('/dev/mail', async (request, reply) => sendPage(reply, DevMailListPage({ view: request.view, mails: await listStoredMails(ctx.config.dataDir) })));
  app.get<{ Params: { name: string } }>('/dev/mail/:name', async (request, reply) => {
    const mail = (await listStoredMails(ctx.config.dataDir, 1000)).find((m) => m.name === request.params.name);
    if (!mail) throw new NotFoundError();
    return sendPage(reply, DevMailPage({ view: request.view, mail }));
  });
}
