import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { enqueueJob } from '../../core/jobs/index.js';
import type { SubmissionEvent } from './access.js';
import { openCases, systemActor } from './create.js';
import { workflowOfVersion } from './workflow/versions.js';

/**
 * What the cases module does when the applications module reports a submission or an applicant's
 * reply (registered in index.ts).
 */

/** The applications module calls this inside the submit transaction: a case per recipient. */
export async function openCasesForSubmission(trx: Trx, ctx: AppContext, event: SubmissionEvent): Promise<void> {
  const workflow = await workflowOfVersion(ctx, event.procedureKey, event.procedureVersion, trx);
  if (!workflow) return; // a procedure without workflow is handled outside the platform
  await openCases(
    trx,
    ctx,
    workflow,
    event.recipients.map((recipient) => ({
      tenantId: event.tenantId,
      authorityId: recipient.authorityId,
      kind: 'case' as const,
      applicationId: event.applicationId,
      recipientId: recipient.recipientId,
      recipientStatus: recipient.status,
      parentCaseId: null,
      procedureKey: event.procedureKey,
      procedureVersion: event.procedureVersion,
      reference: event.reference,
      answers: event.answers,
      processingDays: event.procedure.processingDays,
      actor: systemActor,
    })),
  );
}

export const replyJobType = 'cases.applicantReplied';

/**
 * The applicant wrote into the Postfach. Inside the reply's transaction only the job is queued:
 * the workflow's reply action then runs outside it, with everything it needs loaded first.
 */
export async function queueApplicantReply(trx: Trx, ctx: AppContext, event: { tenantId: string; applicationId: string; messageId: string }): Promise<void> {
  await enqueueJob(trx, ctx, { type: replyJobType, payload: event, tenantId: event.tenantId, dedupeKey: `cases.reply:${event.messageId}` });
}
