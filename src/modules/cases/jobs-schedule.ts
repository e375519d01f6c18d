import { dateOf, type LocalDate, type WorkingDayCalendar } from '../../core/calendar/index.js';
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

export interface TimerPayload {
  tenantId: string;
  caseId: string;
  timer: number;
  state: string;
  enteredAt: string;
}

/** Where the schedule needs the case's tenant: its working days. */
type ScheduleContext = Pick<AppContext, 'clock' | 'calendars'>;

/** The jobs of the workflow's timers for a case that has just entered `entered.state`, in the tenant's working days. */
export function timerJobs(
  ctx: Pick<AppContext, 'clock'>,
  calendar: WorkingDayCalendar,
  workflow: Workflow,
  entered: { tenantId: string; caseId: string; state: string; enteredAt: string },
): NewJob[] {
  const today = dateOf(ctx.clock.now());
  const jobs: NewJob[] = [];
  for (const [index, timer] of (workflow.timers ?? []).entries()) {
    if (timer.state !== entered.state) continue;
    const payload: TimerPayload = { ...entered, timer: index };
    jobs.push({ type: jobTypes.timer, payload, tenantId: entered.tenantId, runAt: morningOf(calendar.addWorkingDays(today, timer.workingDays)) });
  }
  return jobs;
}

export async function scheduleTimers(
  trx: Trx,
  ctx: ScheduleContext,
  workflow: Workflow,
  entered: { tenantId: string; caseId: string; state: string; enteredAt: string },
): Promise<void> {
  const calendar = await ctx.calendars.forTenant(trx, entered.tenantId);
  await enqueueJobs(trx, ctx, timerJobs(ctx, calendar, workflow, entered));
}

export interface ReminderPayload {
  tenantId: string;
  caseId: string;
  deadlineId: string;
}

/** The reminder job of a deadline (one per deadline: its dedupe key), the workflow's number of the tenant's working days before it. */
export function reminderJob(ctx: Pick<AppContext, 'clock'>, calendar: WorkingDayCalendar, workflow: Workflow, deadline: ReminderPayload & { dueDate: LocalDate }): NewJob {
  const remindOn = calendar.addWorkingDays(deadline.dueDate, -(workflow.remindDaysBefore ?? 1));
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

export async function scheduleReminder(trx: Trx, ctx: ScheduleContext, workflow: Workflow, deadline: ReminderPayload & { dueDate: LocalDate }): Promise<void> {
  const calendar = await ctx.calendars.forTenant(trx, deadline.tenantId);
  await enqueueJobs(trx, ctx, [reminderJob(ctx, calendar, workflow, deadline)]);
}
