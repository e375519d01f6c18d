import { contribution } from '../../core/extensions.js';
import type { AmtswegModule } from '../../core/module.js';
import { packChecks } from '../procedures/index.js';
import { applicantReplyListeners, submissionListeners } from './access.js';
import { applicantActionRoutes } from './applicant-routes.js';
import { withdrawalRoutes } from './withdrawal-routes.js';
import { caseApiRoutes } from './api-routes.js';
import { openCasesForSubmission, queueApplicantReply } from './on-submission.js';
import { caseEffects, workflowEffects } from './effects/registry.js';
import { caseJobs } from './jobs.js';
import { caseMessages } from './messages.js';
import { caseMigrations } from './migrations.js';
import { caseNavigation } from './navigation.js';
import { casePageRoutes } from './page-routes.js';
import { checkPackWorkflow, loadAllWorkflows } from './workflow/load.js';
import './tables.js';

/**
 * Case processing (Vorgangsbearbeitung): a case per recipient authority of a submitted
 * application, driven by the procedure pack's `workflow.json`; inbox, case page, assignment,
 * deadlines, Nachforderung, Beteiligung/Abgabe, four-eyes, Bescheid — pages and API over one service.
 */
export const casesModule: AmtswegModule = {
  name: 'cases',
  dependsOn: ['catalog', 'forms', 'identity', 'procedures', 'applications'],
  contributes: [
    contribution(submissionListeners, openCasesForSubmission),
    contribution(applicantReplyListeners, queueApplicantReply),
    contribution(packChecks, checkPackWorkflow),
    ...caseEffects.map((effect) => contribution(workflowEffects, effect)),
  ],
  migrations: caseMigrations,
  messages: caseMessages,
  hooks: caseNavigation,
  async routes(app, ctx) {
    loadAllWorkflows(ctx); // a broken workflow.json stops the start, naming file and pointer
    await casePageRoutes(app, ctx);
    await caseApiRoutes(app, ctx);
    await applicantActionRoutes(app, ctx);
    await withdrawalRoutes(app, ctx);
  },
  jobs: caseJobs,
};

export { casesOfApplications, type Case } from './store.js';
export {
  caseForFiling,
  caseHoldsBlob,
  caseNoteForFiling,
  finalDocumentsOf,
  hasOpenInvolvement,
  involvementsForFiling,
  type CaseNoteForFiling,
  type FinalDocument,
  type InvolvementForFiling,
} from './record-sources.js';
export { caseFigures, caseFiguresPage, clockResumptions, issuesDecisionToPostfach, type CaseFigures, type ClockResumption } from './steering-sources.js';
export type { CaseView } from './case-view.js';
export type { Workflow } from './workflow/schema.js';
export { loadWorkflow, workflowOf, loadAllWorkflows } from './workflow/load.js';
export { workflowEffects, workflowJsonSchema } from './effects/registry.js';
export { defineEffect, type EffectPlugin } from './effects/effect.js';
export { workflowSvg } from './workflow/diagram.js';
export { listInbox, type InboxQuery, type InboxPage, type InboxTab } from './inbox.js';
export { getCaseView } from './case-view.js';
export { siblingFinders, type SiblingFinder } from './siblings.js';
export { caseEventListeners, type CaseEventListener } from './event-listeners.js';
export type { NewCaseEvent } from './event-listeners.js';
export { applicantActions, performApplicantAction, type ApplicantCaseActions } from './applicant-actions.js';
export { withdrawApplication, withdrawalOf, withdrawalState, type Withdrawal, type WithdrawableCase } from './withdrawal.js';
export { performAction, decideApproval, assignCase, addNote, setResubmission, setFeeStatus, editDraft, messageApplicant } from './service.js';
