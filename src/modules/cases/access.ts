/**
 * The one place this module meets the others: identity (who acts, what they may), applications
 * (the application behind a case, the applicant's status and Postfach), procedures and catalog.
 */
export { can, auditActor, staffMailAddress, teamsOfStaff, teamsOfAuthority, caseStaffOfAuthority, type Actor, type Action, type CaseStaffMember } from '../identity/index.js';
export {
  applicationForCase,
  fileForCase,
  messagesForCase,
  setRecipientStatus,
  setRecipientStatuses,
  addRecipient,
  postToApplicant,
  submissionListeners,
  applicantReplyListeners,
  type ApplicationForCase,
  type SubmissionEvent,
  type ApplicantReplyEvent,
  type Message,
  type MessageAttachment,
} from '../applications/index.js';
export { getAuthority, listAuthoritiesByKind } from '../catalog/index.js';
export type { Authority } from '../catalog/index.js';
