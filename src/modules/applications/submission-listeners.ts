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
  /** The recipient rows just written, with the applicant's status there. */
  recipients: { recipientId: string; authorityId: string; status: string }[];
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
/**
 * Runs in the submitting transaction before anything else is written for the submission (the
 * draft row is already locked by its update); throwing a DomainError refuses the submission and
 * rolls everything back — e.g. the calls module's "one application per person and round".
 */
export type SubmissionGuard = (trx: Trx, ctx: AppContext, event: SubmissionGuardEvent) => Promise<void>;

export interface SubmissionGuardEvent {
  tenantId: string;
  applicationId: string;
  procedure: ProcedureDefinition;
  answers: Record<string, unknown>;
  /** The account owning the draft; null for anonymous drafts. */
  ownerAccountId: string | null;
  submittedAt: string;
}
export type ApplicantReplyListener = (trx: Trx, ctx: AppContext, event: ApplicantReplyEvent) => Promise<void>;

/** A draft was started (nothing about the applicant: the steering module counts it). */
export interface DraftStartEvent {
  tenantId: string;
  applicationId: string;
  procedureKey: string;
  startedAt: string;
}
export type DraftStartListener = (trx: Trx, ctx: AppContext, event: DraftStartEvent) => Promise<void>;

const submissionGuards: SubmissionGuard[] = [];
const submissionListeners: SubmissionListener[] = [];
const replyListeners: ApplicantReplyListener[] = [];
const draftStartListeners: DraftStartListener[] = [];

export function registerDraftStartListener(listener: DraftStartListener): void {
  if (!draftStartListeners.includes(listener)) draftStartListeners.push(listener);
}

export async function notifyDraftStart(trx: Trx, ctx: AppContext, event: DraftStartEvent): Promise<void> {
  for (const listener of draftStartListeners) await listener(trx, ctx, event);
}

export function registerSubmissionListener(listener: SubmissionListener): void {
  if (!submissionListeners.includes(listener)) submissionListeners.push(listener);
}

export function registerSubmissionGuard(guard: SubmissionGuard): void {
  if (!submissionGuards.includes(guard)) submissionGuards.push(guard);
}

export async function checkSubmissionGuards(trx: Trx, ctx: AppContext, event: SubmissionGuardEvent): Promise<void> {
  for (const guard of submissionGuards) await guard(trx, ctx, event);
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
