/**
 * The one place this part of the records module meets the others: the case behind a Vorgang,
 * its application (answers, attachments, receipt, Postfach) and its authority. Reads only; the
 * filing job trusts them for the tenant and decides itself what to file.
 */
export {
  applicationForCase,
  csrfTokenValid,
  ensureReceipt,
  messagesForCase,
  readReplyParts,
  sniffMediaType,
  type ApplicationForCase,
  type Message,
} from '../../applications/index.js';
export { getAuthority, type Authority } from '../../catalog/index.js';
export {
  caseForFiling,
  caseNoteForFiling,
  finalDocumentsOf,
  hasOpenInvolvement,
  involvementsForFiling,
  caseEventListeners,
  type Case,
  type NewCaseEvent,
} from '../../cases/index.js';
export type { RecipientFiling } from '../../procedures/index.js';
