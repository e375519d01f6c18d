import { contribution } from '../../core/extensions.js';
import type { AmtswegModule } from '../../core/module.js';
import { draftMoveListeners, draftStartListeners, submissionListeners } from '../applications/index.js';
import { caseEventListeners } from '../cases/index.js';
import { countCaseEvents, countDraftMove, countDraftStart, countSubmission } from './listeners.js';
import { steeringMessages } from './messages.js';
import { steeringMigrations } from './migrations.js';
import { steeringCommand } from './rebuild.js';
import { steeringNavigation, steeringRoutes } from './routes.js';

/**
 * Steering (`/steuerung`): the CIO's figures for the OZG programme — how mature each service is
 * online, how fast the authorities decide — from counters this module keeps itself on the
 * application and case events. No personal data reaches it; small counts are shown as "< 5".
 */
export const steeringModule: AmtswegModule = {
  name: 'steering',
  dependsOn: ['forms', 'catalog', 'procedures', 'applications', 'cases'],
  contributes: [
    contribution(draftStartListeners, countDraftStart),
    contribution(draftMoveListeners, countDraftMove),
    contribution(submissionListeners, countSubmission),
    contribution(caseEventListeners, countCaseEvents),
  ],
  migrations: steeringMigrations,
  messages: steeringMessages,
  hooks: steeringNavigation,
  routes: steeringRoutes,
  commands: { steering: steeringCommand },
};

export { rebuildFigures } from './rebuild.js';
export { speedFigures, type SpeedFigures } from './speed.js';
export { useFigures, type UseFigures } from './use.js';
export { maturityFigures, setMaturityOverride, type MaturityFigures } from './maturity.js';
