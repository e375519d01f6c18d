import { contribution } from '../../core/extensions.js';
import type { AmtswegModule } from '../../core/module.js';
import { startRedirects, submissionGuards } from '../applications/index.js';
import { siblingFinders } from '../cases/index.js';
import { callMessages } from './messages.js';
import { callMigrations } from './migrations.js';
import { callRoutes, startInRound } from './routes.js';
import { guardSubmission, siblingsInCall } from './service.js';

/**
 * Calls (application windows): hiring rounds and postings of procedures that declare `calls` in
 * their `procedure.json`. Starting and submitting happen only inside an open window, one
 * application per person and call; the check runs in the submitting transaction (a guard).
 */
export const callsModule: AmtswegModule = {
  name: 'calls',
  dependsOn: ['catalog', 'forms', 'procedures', 'applications', 'cases'],
  contributes: [contribution(submissionGuards, guardSubmission), contribution(siblingFinders, siblingsInCall), contribution(startRedirects, startInRound)],
  migrations: callMigrations,
  messages: callMessages,
  routes: callRoutes,
};

export { rankingList, rankingCsv, type RankingLists } from './ranking.js';
export { createCall, createPosting, listCalls, openChoices, startInCall, entryOf, getCall, type Call, type Posting, type CallInput, type PostingInput } from './service.js';
export type { PostingAttributes } from './posting-fields.js';
