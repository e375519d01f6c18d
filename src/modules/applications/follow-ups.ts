import jsonLogic from 'json-logic-js';
import { addDays, deadlineFrom, formatDate, isLocalDate, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Executor, type Trx } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { enqueueJobs, type JobHandler, type NewJob } from '../../core/jobs/index.js';
import { enqueueMail } from '../../core/mail/index.js';
import { bilingualMail, type Language } from '../../core/i18n/index.js';
import type { Logic } from '../forms/index.js';
import type { FollowUpRule } from '../procedures/index.js';
import type { Actor } from './access.js';
import { getApplication, procedureOf } from './service.js';
import { findApplication } from './store.js';
import type { SubmissionEvent } from './submission-listeners.js';
import { valueAt } from '../../core/json-pointer.js';

/**
 * Follow-up duties (procedure.json `followUps`): a submission creates the duties whose `when`
 * holds, each due `dueMonths` after a date answer, with reminder jobs before and after the due
 * date. Submitting the linked procedure (its `fulfils`) for the same person closes the duty.
 */
export interface FollowUpTable {
  id: string;
  tenant_id: string;
  application_id: string;
  duty: string;
  title: string;
  procedure_key: string;
  due_on: string;
  status: 'open' | 'fulfilled';
  fulfilled_by: string | null;
  created_at: string;
  updated_at: string;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    application_follow_ups: FollowUpTable;
  }
}

export const followUpReminderJob = 'applications.followUpReminder';

function holds(when: Logic, data: Record<string, unknown>): boolean {
  if (when === null || typeof when !== 'object') return jsonLogic.truthy(when);
  return jsonLogic.truthy(jsonLogic.apply(when as jsonLogic.RulesLogic, { ...data, computed: data }));
}

/** Reminders run at 08:00 German time on their day (07:00 UTC is close enough all year). */
function morningOf(date: LocalDate): Date {
  return new Date(`${date}T07:00:00Z`);
}

async function createDuties(trx: Trx, ctx: AppContext, event: SubmissionEvent): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const duties: FollowUpTable[] = [];
  const reminders: NewJob[] = [];
  for (const rule of event.procedure.followUps ?? []) {
    const from = valueAt(event.answers, rule.from);
    if (typeof from !== 'string' || !isLocalDate(from) || !holds(rule.when, event.answers)) continue;
    const dueOn = deadlineFrom(await ctx.calendars.forTenant(trx, event.tenantId), from, { months: rule.dueMonths });
    const id = newId();
    duties.push({
      id,
      tenant_id: event.tenantId,
      application_id: event.applicationId,
      duty: rule.key,
      title: JSON.stringify(rule.title),
      procedure_key: rule.procedure,
      due_on: dueOn,
      status: 'open',
      fulfilled_by: null,
      created_at: now,
      updated_at: now,
    });
    reminders.push(...reminderJobs(ctx, event.tenantId, id, dueOn, rule));
  }
  if (duties.length) await trx.insertInto('application_follow_ups').values(duties).execute();
  await enqueueJobs(trx, ctx, reminders);
}

function reminderJobs(ctx: AppContext, tenantId: string, followUpId: string, dueOn: LocalDate, rule: FollowUpRule): NewJob[] {
  const offsets = [...rule.remindDaysBefore.map((d) => -d), ...rule.remindDaysAfter];
  return offsets
    .map((offset) => ({ offset, runAt: morningOf(addDays(dueOn, offset)) }))
    .filter(({ runAt }) => runAt > ctx.clock.now())
    .map(({ offset, runAt }) => ({ type: followUpReminderJob, tenantId, payload: { tenantId, followUpId, offset }, runAt, dedupeKey: `${followUpId}:${offset}` }));
}

/** Closes the open duty of the earlier application named in the answers, if it is the same person's. */
async function fulfilDuty(trx: Trx, ctx: AppContext, event: SubmissionEvent): Promise<void> {
  const rule = event.procedure.fulfils;
  if (!rule || !holds(rule.when, event.answers)) return;
  const reference = valueAt(event.answers, rule.reference);
  if (typeof reference !== 'string') return;
  const [parent, child] = await Promise.all([
    trx
      .selectFrom('applications')
      .select(['id', 'owner_account_id'])
      .where('tenant_id', '=', event.tenantId)
      .where('reference', '=', reference.trim().toUpperCase())
      .executeTakeFirst(),
    trx.selectFrom('applications').select('owner_account_id').where('tenant_id', '=', event.tenantId).where('id', '=', event.applicationId).executeTakeFirstOrThrow(),
  ]);
  if (!parent || parent.owner_account_id === null || parent.owner_account_id !== child.owner_account_id) return;
  const duty = rule.duty ? valueAt(event.answers, rule.duty) : undefined;
  let update = trx
    .updateTable('application_follow_ups')
    .set({ status: 'fulfilled', fulfilled_by: event.applicationId, updated_at: ctx.clock.now().toISOString() })
    .where('tenant_id', '=', event.tenantId)
    .where('application_id', '=', parent.id)
    .where('procedure_key', '=', event.procedureKey)
    .where('status', '=', 'open');
  if (typeof duty === 'string') update = update.where('duty', '=', duty);
  await update.execute();
}

/** The submission listener: fulfil first (a results submission may itself create no duties), then create. */
export async function followUpsOnSubmission(trx: Trx, ctx: AppContext, event: SubmissionEvent): Promise<void> {
  await fulfilDuty(trx, ctx, event);
  await createDuties(trx, ctx, event);
}

/** Reminds the applicant by mail (the contact address of the application) while the duty is open. */
export const followUpReminder: JobHandler = async (ctx, { tenantId, followUpId, offset }: { tenantId: string; followUpId: string; offset: number }, job) => {
  const duty = await ctx.db.selectFrom('application_follow_ups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', followUpId).executeTakeFirst();
  if (duty?.status !== 'open') return;
  const application = await findApplication(ctx.db, tenantId, duty.application_id);
  if (!application) return;
  const { procedure } = await procedureOf(ctx, application);
  const to = procedure.contactEmail ? valueAt(application.data, procedure.contactEmail) : undefined;
  if (typeof to !== 'string') return;
  const title = JSON.parse(duty.title) as Record<Language, string>;
  const mail = bilingualMail(offset < 0 ? 'applications.followUp.reminderBefore' : 'applications.followUp.reminderAfter', (language) => ({
    title: title[language] ?? title.de,
    reference: application.reference ?? '',
    due: formatDate(duty.due_on as LocalDate, language, 'numeric'),
  }));
  await inTransaction(ctx.db, async (trx) => {
    await job.fence(trx); // a worker that lost this job to another queues no second reminder
    await enqueueMail(trx, ctx, { to, ...mail }, tenantId);
  });
};

export interface FollowUpView {
  duty: string;
  title: { de: string; en: string };
  procedureKey: string;
  dueOn: string;
  status: 'open' | 'fulfilled';
  fulfilledBy: string | null;
}

/** The duties of an application the caller already may read. */
export async function followUpsOf(db: Executor, tenantId: string, applicationId: string): Promise<FollowUpView[]> {
  const rows = await db
    .selectFrom('application_follow_ups')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('application_id', '=', applicationId)
    .orderBy('due_on')
    .orderBy('duty')
    .execute();
  return rows.map((r) => ({
    duty: r.duty,
    title: JSON.parse(r.title) as FollowUpView['title'],
    procedureKey: r.procedure_key,
    dueOn: r.due_on,
    status: r.status,
    fulfilledBy: r.fulfilled_by,
  }));
}

/** The duties of an application, for its owner. */
export async function listFollowUps(ctx: AppContext, actor: Actor, applicationId: string): Promise<FollowUpView[]> {
  const application = await getApplication(ctx, actor, applicationId);
  return followUpsOf(ctx.db, application.tenantId, application.id);
}
