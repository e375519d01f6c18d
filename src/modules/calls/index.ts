import type { AmtswegModule } from '../../core/module.js';
import { registerSubmissionGuard } from '../applications/index.js';
import { registerSiblingFinder } from '../cases/index.js';
import { callMessages } from './messages.js';
import { callMigrations } from './migrations.js';
import { callHooks, callRoutes } from './routes.js';
import { guardSubmission, siblingsInCall } from './service.js';

/**
 * Calls (application windows): hiring rounds and postings of procedures that declare `calls` in
 * their `procedure.json`. Starting and submitting happen only inside an open window, one
 * application per person and call; the check runs in the submitting transaction (a guard).
 */
registerSubmissionGuard(guardSubmission);
registerSiblingFinder(siblingsInCall);

export const callsModule: AmtswegModule = {
  name: 'calls',
  migrations: callMigrations,
  messages: callMessages,
  hooks: callHooks,
  routes: callRoutes,
};

export { rankingList, rankingCsv, type RankingLists } from './ranking.js';
export { createCall, createPosting, listCalls, openChoices, startInCall, entryOf, getCall, type Call, type Posting, type CallInput, type PostingInput } from './service.js';
