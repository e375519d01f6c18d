import type { Insertable } from 'kysely';
import { dateOf, type LocalDate, type WorkingDayCalendar } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { enqueueJobs } from '../../core/jobs/index.js';
import { appendAudits } from '../../core/audit/index.js';
import { setRecipientStatuses } from './access.js';
import { reminderJob, timerJobs } from './jobs-schedule.js';
import type { EventActor } from './event-listeners.js';
import { appendEvents, noDueDate, searchForm, type Case } from './store.js';
import type { CaseDeadlineTable, CaseTable } from './tables.js';
import type { Workflow } from './workflow/schema.js';
import { valueAt } from '../../core/json-pointer.js';

/**
 * Opening cases: one per recipient authority when an application is submitted (inside the submit
 * transaction, through the applications module's listener), an involvement case when an authority
 * is asked for an opinion, a new case at the competent authority when one is forwarded.
 */

export const systemActor: EventActor = { type: 'system', id: null, name: 'System' };

function textAt(data: Record<string, unknown>, pointer: string | undefined): string | null {
  if (!pointer) return null;
  const current = valueAt(data, pointer);
  return typeof current === 'string' && current.trim() ? current.trim() : null;
}

export interface NewCase
  extends Pick<Case, 'tenantId' | 'authorityId' | 'kind' | 'applicationId' | 'recipientId' | 'parentCaseId' | 'procedureKey' | 'procedureVersion' | 'reference'> {
  answers: Record<string, unknown>;
  /** Working days the procedure allows (its processing deadline), counted from today. */
  processingDays: number | undefined;
  actor: EventActor;
  details?: Record<string, unknown>;
  /** The applicant's status at the recipient when the caller has just written it (a submission's recipients), so it is not read again. */
  recipientStatus?: string;
}

interface PlannedCase {
  spec: NewCase;
  row: Insertable<CaseTable> & Pick<CaseTable, 'id' | 'state'>;
  deadline: CaseDeadlineTable | null;
  /** The working days of the case's tenant: its processing deadline, reminder and timers count in them. */
  calendar: WorkingDayCalendar;
}

function planCase(workflow: Workflow, spec: NewCase, stored: string, today: LocalDate, calendar: WorkingDayCalendar): PlannedCase {
  const id = newId();
  const state = spec.kind === 'involvement' ? (workflow.initial.involvement ?? workflow.initial.case) : workflow.initial.case;
  const deadline: LocalDate | null = spec.processingDays && spec.kind === 'case' ? calendar.addWorkingDays(today, spec.processingDays) : null;
  const applicantName = textAt(spec.answers, workflow.inbox.applicantName) ?? '–';
  const row: PlannedCase['row'] = {
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
    team_id: null,
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
  };
  return {
    spec,
    row,
    deadline: deadline && { id: newId(), tenant_id: spec.tenantId, case_id: id, kind: 'processing', due_date: deadline, note: null, created_at: stored, cleared_at: null },
    calendar,
  };
}

/**
 * Inserts cases in their initial state with their processing deadlines, timeline entries, audit
 * entries, deadline reminders and timers — one INSERT per table for all of them — and returns
 * their ids in order.
 */
export async function openCases(trx: Trx, ctx: AppContext, workflow: Workflow, specs: readonly NewCase[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const now = ctx.clock.now();
  const stored = now.toISOString();
  const today = dateOf(now);
  const planned: PlannedCase[] = [];
  for (const spec of specs) planned.push(planCase(workflow, spec, stored, today, await ctx.calendars.forTenant(trx, spec.tenantId)));
  await trx
    .insertInto('cases')
    .values(planned.map((p) => p.row))
    .execute();
  const deadlines = planned.flatMap((p) => (p.deadline ? [p.deadline] : []));
  if (deadlines.length) await trx.insertInto('case_deadlines').values(deadlines).execute();
  await appendEvents(
    trx,
    ctx,
    planned.map(({ spec, row }) => ({
      tenantId: spec.tenantId,
      caseId: row.id,
      kind: 'created',
      toState: row.state,
      actor: spec.actor,
      details: { reference: spec.reference, ...spec.details },
      at: stored,
    })),
  );
  await enqueueJobs(
    trx,
    ctx,
    planned.flatMap(({ spec, row, deadline, calendar }) => [
      ...(deadline ? [reminderJob(ctx, calendar, workflow, { tenantId: spec.tenantId, caseId: row.id, deadlineId: deadline.id, dueDate: deadline.due_date as LocalDate })] : []),
      ...timerJobs(ctx, calendar, workflow, { tenantId: spec.tenantId, caseId: row.id, state: row.state, enteredAt: stored }),
    ]),
  );
  await setRecipientStatuses(
    trx,
    ctx,
    planned.flatMap(({ spec, row }) => {
      if (!spec.recipientId) return [];
      const current = spec.recipientStatus === undefined ? undefined : { applicationId: spec.applicationId, authorityId: spec.authorityId, status: spec.recipientStatus };
      return [
        {
          tenantId: spec.tenantId,
          recipientId: spec.recipientId,
          status: workflow.states[row.state]?.applicant?.status ?? 'submitted',
          caseId: row.id,
          ...(current ? { current } : {}),
        },
      ];
    }),
  );
  await appendAudits(
    trx,
    ctx,
    planned.map(({ spec, row }) => ({
      tenantId: spec.tenantId,
      actor: { type: spec.actor.type, id: spec.actor.id },
      action: 'case.create',
      objectType: 'case',
      objectId: row.id,
      details: { application: spec.applicationId, authority: spec.authorityId, kind: spec.kind },
    })),
  );
  return planned.map((p) => p.row.id);
}

/** Inserts a case in its initial state with its processing deadline and timers; returns its id. */
export async function openCase(trx: Trx, ctx: AppContext, workflow: Workflow, spec: NewCase): Promise<string> {
  const [id] = await openCases(trx, ctx, workflow, [spec]);
  return id!;
}
