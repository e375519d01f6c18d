import { contribution } from '../../core/extensions.js';
import type { AmtswegModule } from '../../core/module.js';
import { recordApiRoutes } from './files/api-routes.js';
import { fileOnCaseEvents, filingJobs } from './files/filing.js';
import { caseEventListeners } from './files/sources.js';
import { recordPageRoutes } from './files/page-routes.js';
import { recordFileMessages } from './files/messages.js';
import { recordMigrations } from './migrations.js';
import { recordSearchApiRoutes } from './search/api-routes.js';
import { recordSearchMessages } from './search/messages.js';
import { recordSearchPageRoutes } from './search/page-routes.js';
import { recordExportApiRoutes } from './export/api-routes.js';
import { recordsCommand } from './export/command.js';
import { recordExportMessages } from './export/messages.js';
import { recordExportPageRoutes } from './export/page-routes.js';
import { aussonderungApiRoutes, aussonderungPageRoutes } from './aussonderung/api-routes.js';
import { aussonderungJobs } from './aussonderung/delete.js';
import { aussonderungMessages } from './aussonderung/messages.js';
import { archivedDeletionJobs } from './aussonderung/service.js';
import { abgabeMessages } from './abgabe/messages.js';
import { abgabeApiRoutes, abgabePageRoutes } from './abgabe/routes.js';
import { abgabeJobs } from './abgabe/service.js';

/**
 * Electronic records (E-Akte): Aktenplan, Akten, Vorgänge, Dokumente and their versions,
 * retention, the Aussonderung to the archive and the Abgabe to an external DMS in XDOMEA 3.0. Every case is filed as a Vorgang.
 */
export const recordsModule: AmtswegModule = {
  name: 'records',
  dependsOn: ['catalog', 'identity', 'procedures', 'applications', 'cases'],
  contributes: [contribution(caseEventListeners, fileOnCaseEvents)],
  migrations: recordMigrations,
  messages: {
    de: { ...recordFileMessages.de, ...recordSearchMessages.de, ...recordExportMessages.de, ...aussonderungMessages.de, ...abgabeMessages.de },
    en: { ...recordFileMessages.en, ...recordSearchMessages.en, ...recordExportMessages.en, ...aussonderungMessages.en, ...abgabeMessages.en },
  },
  jobs: { ...filingJobs, ...aussonderungJobs, ...archivedDeletionJobs, ...abgabeJobs },
  async routes(app, ctx) {
    await recordApiRoutes(app, ctx);
    await recordPageRoutes(app, ctx);
    await recordSearchApiRoutes(app, ctx);
    await recordSearchPageRoutes(app, ctx);
    await recordExportApiRoutes(app, ctx);
    await recordExportPageRoutes(app, ctx);
    await aussonderungApiRoutes(app, ctx);
    await aussonderungPageRoutes(app, ctx);
    await abgabeApiRoutes(app, ctx);
    await abgabePageRoutes(app, ctx);
  },
  commands: { records: recordsCommand },
};
export { recordsPlanModule, seedDemoRecordPlans } from './plan/index.js';
