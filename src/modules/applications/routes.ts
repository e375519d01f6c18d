import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';
import { applicationApiRoutes } from './api-routes.js';
import { applicationPageRoutes } from './page-routes.js';
import { previewRoutes } from './preview-routes.js';

export async function applicationRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  await applicationPageRoutes(app, ctx);
  await applicationApiRoutes(app, ctx);
  await previewRoutes(app, ctx);
}
