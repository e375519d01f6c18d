import type { AmtswegModule } from '../../core/module.js';
import { catalogAdminMessages } from './messages.js';
import { catalogAdminNavigation } from './navigation.js';
import { catalogAdminRoutes } from './routes.js';

/**
 * The catalogue's editing pages for procedure administrators (texts with versions and diffs,
 * jurisdictions). A module of its own because it needs both the catalogue and the signed-in
 * actor from identity, and identity already imports the catalogue. Staff who may edit find the
 * pages in their main navigation.
 */
export const catalogAdminModule: AmtswegModule = {
  name: 'catalog-admin',
  dependsOn: ['catalog', 'identity'],
  messages: catalogAdminMessages,
  hooks: catalogAdminNavigation,
  routes: catalogAdminRoutes,
};
