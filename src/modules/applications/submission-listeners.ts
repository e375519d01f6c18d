import type { AppContext } from '../../core/context.js';
import { extensionPoint } from '../../core/extensions.js';
import type { Trx } from '../../core/db/index.js';
import type { ProcedureDefinition } from '../procedures/index.js';

/**
 * Extension points for modules that act on applications without this module knowing them (the
 * cases module opens one case per recipient). Listeners run inside the submitting (or replying)
 * transaction: what they write commits or rolls back with it. A module contributes them in its
 * declaration (`contribution(submissionListeners, …)`); the runtime collects them.
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

/**
 * Where the general start of an application (`POST /antrag/<key>`) leads instead of a new draft,
 * or undefined to start one: the calls module sends the applicant to the choice of a round first.
 */
export type StartRedirect = (procedure: ProcedureDefinition) => string | undefined;

/** A draft was started (nothing about the applicant: the steering module counts it). */
export interface DraftStartEvent {
  tenantId: string;
  applicationId: string;
  procedureKey: string;
  startedAt: string;
}
export type DraftStartListener = (trx: Trx, ctx: AppContext, event: DraftStartEvent) => Promise<void>;

export const startRedirects = extensionPoint<StartRedirect>('start redirect');
export const submissionGuards = extensionPoint<SubmissionGuard>('submission guard');
export const submissionListeners = extensionPoint<SubmissionListener>('submission listener');
export const applicantReplyListeners = extensionPoint<ApplicantReplyListener>('applicant reply listener');
export const draftStartListeners = extensionPoint<DraftStartListener>('draft start listener');

export async function checkSubmissionGuards(trx: Trx, ctx: AppContext, event: SubmissionGuardEvent): Promise<void> {
  for (const guard of ctx.extensions.of(submissionGuards)) await guard(trx, ctx, event);
}

export async function notifySubmission(trx: Trx, ctx: AppContext, event: SubmissionEvent): Promise<void> {
  for (const listener of ctx.extensions.of(submissionListeners)) await listener(trx, ctx, event);
}

export async function notifyApplicantReply(trx: Trx, ctx: AppContext, event: ApplicantReplyEvent): Promise<void> {
  for (const listener of ctx.extensions.of(applicantReplyListeners)) await listener(trx, ctx, event);
}

export function startRedirectFor(ctx: AppContext, procedure: ProcedureDefinition): string | undefined {
  for (const redirect of ctx.extensions.of(startRedirects)) {
    const target = redirect(procedure);
    if (target) return target;
  }
  return undefined;
}

export async function notifyDraftStart(trx: Trx, ctx: AppContext, event: DraftStartEvent): Promise<void> {
  for (const listener of ctx.extensions.of(draftStartListeners)) await listener(trx, ctx, event);
}
