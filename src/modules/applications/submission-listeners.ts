import type { AppContext } from '../../core/context.js';
import { extensionPoint } from '../../core/extensions.js';
import type { Trx } from '../../core/db/index.js';
import type { ProcedureDefinition } from '../procedures/index.js';
import type { TrustLevel } from './access.js';

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
  /** The trust level of the sign-in that submitted; null without an account (anonymous procedures). */
  trustLevel: TrustLevel | null;
  /** Submitted for an organisation (a business, an association) or by a person for themselves. */
  applicantKind: ApplicantKind;
}

export type ApplicantKind = 'person' | 'organisation';

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

/** Where a draft stands: the page it is on (its id; null for a form without pages) since its last save. */
export interface DraftPosition {
  page: string | null;
  at: string;
}

/**
 * A draft moved: started (`from` null), saved — perhaps on another page, perhaps only its
 * answers or files — (`from` where it stood since its last save, `to` where it stands now), or
 * submitted (`to` null). Nothing about the applicant or the answers: the steering module counts
 * where drafts stand, and so where those never submitted gave up. A draft deleted when it
 * expired moves no more: it stays where it gave up.
 */
export interface DraftMoveEvent {
  tenantId: string;
  applicationId: string;
  procedureKey: string;
  from: DraftPosition | null;
  to: DraftPosition | null;
}
export type DraftMoveListener = (trx: Trx, ctx: AppContext, event: DraftMoveEvent) => Promise<void>;

export const startRedirects = extensionPoint<StartRedirect>('start redirect');
export const submissionGuards = extensionPoint<SubmissionGuard>('submission guard');
export const submissionListeners = extensionPoint<SubmissionListener>('submission listener');
export const applicantReplyListeners = extensionPoint<ApplicantReplyListener>('applicant reply listener');
export const draftStartListeners = extensionPoint<DraftStartListener>('draft start listener');
export const draftMoveListeners = extensionPoint<DraftMoveListener>('draft move listener');

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

export async function notifyDraftMove(trx: Trx, ctx: AppContext, event: DraftMoveEvent): Promise<void> {
  for (const listener of ctx.extensions.of(draftMoveListeners)) await listener(trx, ctx, event);
}
