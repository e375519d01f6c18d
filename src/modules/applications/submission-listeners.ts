import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import type { ProcedureDefinition } from '../procedures/index.js';

/**
 * Extension points for modules that act on applications without this module knowing them (the
 * cases module opens one case per recipient). Listeners run inside the submitting (or replying)
 * transaction: what they write commits or rolls back with it. Registered once per process, when
 * the listening module is imported.
 */

export interface SubmissionEvent {
  tenantId: string;
  applicationId: string;
  reference: string;
  procedureKey: string;
  procedureVersion: number;
  procedure: ProcedureDefinition;
  /** The frozen, normalised answers. */
  answers: Record<string, unknown>;
  submittedAt: string;
  recipients: { recipientId: string; authorityId: string }[];
}

/** The applicant wrote into the Postfach of a submitted application. */
export interface ApplicantReplyEvent {
  tenantId: string;
  applicationId: string;
  messageId: string;
  /** The authority written to; null = all recipients. */
  authorityId: string | null;
}

export type SubmissionListener = (trx: Trx, ctx: AppContext, event: SubmissionEvent) => Promise<void>;
export type ApplicantReplyListener = (trx: Trx, ctx: AppContext, event: ApplicantReplyEvent) => Promise<void>;

const submissionListeners: SubmissionListener[] = [];
const replyListeners: ApplicantReplyListener[] = [];

export function registerSubmissionListener(listener: SubmissionListener): void {
  if (!submissionListeners.includes(listener)) submissionListeners.push(listener);
}

export function registerApplicantReplyListener(listener: ApplicantReplyListener): void {
  if (!replyListeners.includes(listener)) replyListeners.push(listener);
}

export async function notifySubmission(trx: Trx, ctx: AppContext, event: SubmissionEvent): Promise<void> {
  for (const listener of submissionListeners) await listener(trx, ctx, event);
}

export async function notifyApplicantReply(trx: Trx, ctx: AppContext, event: ApplicantReplyEvent): Promise<void> {
  for (const listener of replyListeners) await listener(trx, ctx, event);
}
