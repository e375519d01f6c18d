import type { AmtswegModule } from '../../core/module.js';
import { followUpsOnSubmission } from './follow-ups.js';
import { applicationJobs } from './jobs.js';
import { contribution } from '../../core/extensions.js';
import { submissionListeners } from './submission-listeners.js';
import { serviceFacts } from '../catalog/index.js';
import { signInLevelFact } from './service-facts.js';
import { applicationMessages } from './messages.js';
import { applicationMigrations } from './migrations.js';
import { applicationNavigation } from './navigation.js';
import { applicationRoutes } from './routes.js';

/**
 * Online applications: drafts saved page by page, attachments, check answers, submit (one
 * transaction: frozen answers, reference, recipients, audit, jobs), receipt PDF, status timeline
 * and the Postfach — as pages and as the JSON API, over the same service functions.
 */
export const applicationsModule: AmtswegModule = {
  name: 'applications',
  dependsOn: ['catalog', 'forms', 'identity', 'procedures'],
  contributes: [contribution(submissionListeners, followUpsOnSubmission), contribution(serviceFacts, signInLevelFact)],
  migrations: applicationMigrations,
  messages: applicationMessages,
  hooks: applicationNavigation,
  routes: applicationRoutes,
  jobs: applicationJobs,
};

export { submittedApplications, hasApplicationsOf, type Application } from './store.js';
export type { ApplicationStatus } from './tables.js';
export type { Message, MessageAttachment } from './postfach.js';
export { sendToApplicant, listMessages } from './postfach.js';
export { isValidReference } from './reference.js';
export { applicationsHoldBlob } from './held-blobs.js';
export { startApplication, updateDraft, submitApplication } from './service.js';
export { addAttachment } from './attachments.js';
export { listFollowUps, type FollowUpView } from './follow-ups.js';
export {
  submissionListeners,
  submissionGuards,
  applicantReplyListeners,
  startRedirects,
  type SubmissionListener,
  type SubmissionGuard,
  type ApplicantReplyListener,
  type StartRedirect,
  draftStartListeners,
  draftMoveListeners,
  type DraftMoveListener,
  type DraftMoveEvent,
  type DraftPosition,
  type ApplicantKind,
  type DraftStartListener,
  type DraftStartEvent,
  type SubmissionEvent,
  type SubmissionGuardEvent,
  type ApplicantReplyEvent,
} from './submission-listeners.js';
export { applicationFiguresPage, type ApplicationFigures } from './steering-sources.js';
export { ensureReceipt } from './receipt.js';
export { sniffMediaType } from './uploads.js';
export { csrfTokenValid, readReplyParts } from './http.js';
export {
  applicationForCase,
  fileForCase,
  messagesForCase,
  setRecipientStatus,
  setRecipientStatuses,
  addRecipient,
  postToApplicant,
  type ApplicationForCase,
  type AuthorityMessage,
} from './case-side.js';
