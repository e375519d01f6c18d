import { addWorkingDays, dateOf, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { setRecipientStatus, type SubmissionEvent } from './access.js';
import { scheduleTimers, scheduleReminder } from './jobs-schedule.js';
import { appendEvent, noDueDate, searchForm, type Case, type EventActor } from './store.js';
import { workflowOf } from './workflow/load.js';
import type { Workflow } from './workflow/schema.js';

/**
 * Opening cases: one per recipient authority when an application is submitted (inside the submit
 * transaction, through the applications module's listener), an involvement case when an authority
 * is asked for an opinion, a new case at the competent authority when one is forwarded.
 */

export const systemActor: EventActor = { type: 'system', id: null, name: 'System' };

function textAt(data: Record<string, unknown>, pointer: string | undefined): string | null {
  if (!pointer) return null;
  let current: unknown = data;
  for (const part of pointer.split('/').slice(1)) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  return typeof current === 'string' && current.trim() ? current.trim() : null;
}

export interface NewCase extends Pick<Case, 'tenantId' | 'authorityId' | 'kind' | 'applicationId' | 'recipientId' | 'parentCaseId' | 'procedureKey' | 'procedureVersion' | 'reference'> {
  answers: Record<string, unknown>;
  /** Working days the procedure allows (its processing deadline), counted from today. */
  processingDays: number | undefined;
  actor: EventActor;
  details?: Record<string, unknown>;
}

/** Inserts a case in its initial state with its processing deadline and timers; returns its id. */
export async function openCase(trx: Trx, ctx: AppContext, workflow: Workflow, spec: NewCase): Promise<string> {
  const now = ctx.clock.now();
  const stored = now.toISOString();
  const today = dateOf(now);
  const id = newId();
  const state = spec.kind === 'involvement' ? (workflow.initial.involvement ?? workflow.initial.case) : workflow.initial.case;
  const deadline: LocalDate | null = spec.processingDays && spec.kind === 'case' ? addWorkingDays(today, spec.processingDays) : null;
  const applicantName = textAt(spec.answers, workflow.inbox.applicantName) ?? '–';
  await trx
    .insertInto('cases')
    .values({
      id,
      tenant_id: spec.tenantId,
      authority_id: spec.authorityId,
      kind: spec.kind,
      application_id: spec.applicationId,
      recipient_id: spec.recipientId,
      parent_case_id: spec.parentCaseId,
      procedure_key: spec.procedureKey,
      procedure_version: spec.procedureVersion,
      reference: spec.reference,
      state,
      state_entered_at: stored,
      open: 1,
      assignee_account_id: null,
      assignee_name: null,
      version: 1,
      processing_deadline: deadline,
      resubmission_date: null,
      due_date: deadline ?? noDueDate,
      clock_suspended_since: null,
      applicant_name: applicantName,
      applicant_search: searchForm(applicantName),
      gemeinde: textAt(spec.answers, workflow.inbox.gemeinde),
      pending_approval_id: null,
      fee_cents: null,
      fee_status: null,
      result: null,
      result_note: null,
      created_at: stored,
      updated_at: stored,
      closed_at: null,
    })
    .execute();
  if (deadline) {
    const deadlineId = newId();
    await trx.insertInto('case_deadlines').values({ id: deadlineId, tenant_id: spec.tenantId, case_id: id, kind: 'processing', due_date: deadline, note: null, created_at: stored, cleared_at: null }).execute();
    await scheduleReminder(trx, ctx, workflow, { tenantId: spec.tenantId, caseId: id, deadlineId, dueDate: deadline });
  }
  await appendEvent(trx, { tenantId: spec.tenantId, caseId: id, kind: 'created', toState: state, actor: spec.actor, details: { reference: spec.reference, ...spec.details }, at: stored });
  await appendAudit(trx, ctx, { tenantId: spec.tenantId, actor: { type: spec.actor.type, id: spec.actor.id }, action: 'case.create', objectType: 'case', objectId: id, details: { application: spec.applicationId, authority: spec.authorityId, kind: spec.kind } });
  await scheduleTimers(trx, ctx, workflow, { tenantId: spec.tenantId, caseId: id, state, enteredAt: stored });
  if (spec.recipientId) await setRecipientStatus(trx, ctx, { tenantId: spec.tenantId, recipientId: spec.recipientId, status: workflow.states[state]?.applicant?.status ?? 'submitted', caseId: id });
  return id;
}

/** The applications module calls this inside the submit transaction: a case per recipient. */
export async function openCasesForSubmission(trx: Trx, ctx: AppContext, event: SubmissionEvent): Promise<void> {
  const workflow = workflowOf(event.procedureKey);
  if (!workflow) return; // a procedure without workflow is handled outside the platform
  for (const recipient of event.recipients) {
    await openCase(trx, ctx, workflow, {
      tenantId: event.tenantId,
      authorityId: recipient.authorityId,
      kind: 'case',
      applicationId: event.applicationId,
      recipientId: recipient.recipientId,
      parentCaseId: null,
      procedureKey: event.procedureKey,
      procedureVersion: event.procedureVersion,
      reference: event.reference,
      answers: event.answers,
      processingDays: event.procedure.processingDays,
      actor: systemActor,
    });
  }
}

export const replyJobType = 'cases.applicantReplied';

/**
 * The applicant wrote into the Postfach. Inside the reply's transaction only the job is queued:
 * the workflow's reply action then runs outside it, with everything it needs loaded first.
 */
export async function queueApplicantReply(trx: Trx, ctx: AppContext, event: { tenantId: string; applicationId: string; messageId: string }): Promise<void> {
  await enqueueJob(trx, ctx, { type: replyJobType, payload: event, tenantId: event.tenantId, dedupeKey: `cases.reply:${event.messageId}` });
}
