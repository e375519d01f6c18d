import { addDays, addWorkingDays, dateOf, isWorkingDay, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { enqueueJobs, type NewJob } from '../../core/jobs/index.js';
import type { Workflow } from './workflow/schema.js';

/**
 * Outbox jobs with a run time: the workflow's timers (e.g. LfULG confirms receipt after three
 * working days) and deadline reminders. Each job carries what it was scheduled for and checks on
 * running that it still applies (the case may have moved on, the deadline may be cleared).
 */

export const jobTypes = { timer: 'cases.timer', reminder: 'cases.deadlineReminder' } as const;

/** Jobs for a working day run at 06:00 UTC (07:00 or 08:00 in Germany): the start of office hours. */
export function morningOf(date: LocalDate): Date {
  return new Date(`${date}T06:00:00Z`);
}

function workingDaysBefore(date: LocalDate, count: number): LocalDate {
  let day = date;
  for (let left = count; left > 0; ) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

export interface TimerPayload {
  tenantId: string;
  caseId: string;
  timer: number;
  state: string;
  enteredAt: string;
}

/** The jobs of the workflow's timers for a case that has just entered `entered.state`. */
export function timerJobs(ctx: Pick<AppContext, 'clock'>, workflow: Workflow, entered: { tenantId: string; caseId: string; state: string; enteredAt: string }): NewJob[] {
  const today = dateOf(ctx.clock.now());
  const jobs: NewJob[] = [];
  for (const [index, timer] of (workflow.timers ?? []).entries()) {
    if (timer.state !== entered.state) continue;
    const payload: TimerPayload = { ...entered, timer: index };
    jobs.push({ type: jobTypes.timer, payload, tenantId: entered.tenantId, runAt: morningOf(addWorkingDays(today, timer.workingDays)) });
  }
  return jobs;
}

export function scheduleTimers(
  trx: Trx,
  ctx: Pick<AppContext, 'clock'>,
  workflow: Workflow,
  entered: { tenantId: string; caseId: string; state: string; enteredAt: string },
): Promise<void> {
  return enqueueJobs(trx, ctx, timerJobs(ctx, workflow, entered));
}

export interface ReminderPayload {
  tenantId: string;
  caseId: string;
  deadlineId: string;
}

/** The reminder job of a deadline (one per deadline: its dedupe key). */
export function reminderJob(ctx: Pick<AppContext, 'clock'>, workflow: Workflow, deadline: ReminderPayload & { dueDate: LocalDate }): NewJob {
  const remindOn = workingDaysBefore(deadline.dueDate, workflow.remindDaysBefore ?? 1);
  const runAt = morningOf(remindOn);
  const payload: ReminderPayload = { tenantId: deadline.tenantId, caseId: deadline.caseId, deadlineId: deadline.deadlineId };
  return {
    type: jobTypes.reminder,
    payload,
    tenantId: deadline.tenantId,
    runAt: new Date(Math.max(runAt.getTime(), ctx.clock.now().getTime())),
    dedupeKey: `cases.reminder:${deadline.deadlineId}`,
  };
}

export function scheduleReminder(trx: Trx, ctx: Pick<AppContext, 'clock'>, workflow: Workflow, deadline: ReminderPayload & { dueDate: LocalDate }): Promise<void> {
  return enqueueJobs(trx, ctx, [reminderJob(ctx, workflow, deadline)]);
}
