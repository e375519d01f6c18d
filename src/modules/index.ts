import type { AmtswegModule } from '../core/module.js';
import { catalogModule } from './catalog/index.js';
import { catalogAdminModule } from './catalog-admin/index.js';
import { formsModule } from './forms/index.js';
import { identityModule } from './identity/index.js';
import { proceduresModule } from './procedures/index.js';
import { applicationsModule } from './applications/index.js';
import { casesModule } from './cases/index.js';
import { callsModule } from './calls/index.js';
import { recordsModule, recordsPlanModule } from './records/index.js';
import { steeringModule } from './steering/index.js';
import { demoModule } from './demo/index.js';

/** Every module of the application, in dependency order (a module's seed may use earlier ones). */
export const modules: readonly AmtswegModule[] = [
  formsModule,
  catalogModule,
  identityModule,
  catalogAdminModule,
  proceduresModule,
  applicationsModule,
  casesModule,
  callsModule,
  recordsModule,
  recordsPlanModule,
  steeringModule,
  demoModule,
];
