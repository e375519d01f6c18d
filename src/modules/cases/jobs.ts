import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { enqueueMail } from '../../core/mail/index.js';
import type { JobHandler } from '../../core/jobs/index.js';
import { defaultLanguage, hasMessage, translator } from '../../core/i18n/index.js';
import { applicationForCase, getAuthority, staffMailAddress } from './access.js';
import { guardData } from './actions.js';
import { replyJobType } from './on-submission.js';
import { jobTypes, type ReminderPayload, type TimerPayload } from './jobs-schedule.js';
import { performSystemAction } from './service.js';
import { germanDate } from './documents.js';
import { appendEvent, findCase, type Case } from './store.js';
import { holds } from './workflow/engine.js';
import { caseWorkflow } from './workflow/versions.js';
import { systemActor } from './create.js';
import { siblingCases, siblingJobType, type SiblingPayload } from './siblings.js';
import { waitingInvolvements, withdrawInvolvementsJobType, type WithdrawInvolvementsPayload } from './involvements.js';

/**
 * The outbox job handlers of the cases module. Each checks that what it was queued for still
 * applies, and fences its transactions with the job's lease: a worker that lost the job to another
 * (it stalled past its lease) records nothing.
 */

/** The `closeSiblings` effect's job: the action on each sibling case; one not offered in its state (e.g. already closed) is skipped. */
const closeSiblings: JobHandler = async (ctx: AppContext, payload: SiblingPayload, job) => {
  for (const id of await siblingCases(ctx, payload)) {
    const kase = await findCase(ctx.db, payload.tenantId, id);
    if (kase) await performSystemAction(ctx, kase, payload.action, job.fence);
  }
};

/** A closed case's involvements that still wait: each gets the workflow's `onParentClosed` action. */
const withdrawInvolvements: JobHandler = async (ctx: AppContext, payload: WithdrawInvolvementsPayload, job) => {
  for (const { id } of await waitingInvolvements(ctx.db, payload.tenantId, payload.caseId).execute()) {
    const involvement = await findCase(ctx.db, payload.tenantId, id);
    const action = involvement && (await caseWorkflow(ctx, involvement))?.onParentClosed;
    if (involvement && action) await performSystemAction(ctx, involvement, action, job.fence);
  }
};

/** A workflow timer: the case is still in the state it was scheduled for, entered at the same time. */
const runTimer: JobHandler = async (ctx: AppContext, payload: TimerPayload, job) => {
  const kase = await findCase(ctx.db, payload.tenantId, payload.caseId);
  if (!kase || kase.state !== payload.state || kase.stateEnteredAt !== payload.enteredAt) return;
  const timer = (await caseWorkflow(ctx, kase))?.timers?.[payload.timer];
  if (!timer) return;
  const [application, authority] = await Promise.all([applicationForCase(ctx, kase.tenantId, kase.applicationId), getAuthority(ctx, kase.tenantId, kase.authorityId)]);
  if (!application || !authority || !holds(timer.when, guardData(kase, application, authority))) return;
  await performSystemAction(ctx, kase, timer.action, job.fence);
};

/** The applicant's reply: a timeline entry on each open case of the application, and the workflow's reply action. */
const applicantReplied: JobHandler = async (ctx, payload: { tenantId: string; applicationId: string; messageId: string }, job) => {
  const cases = await ctx.db
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', payload.tenantId)
    .where('application_id', '=', payload.applicationId)
    .where('open', '=', 1)
    .where('kind', '=', 'case')
    .execute();
  for (const { id } of cases) {
    const kase = await findCase(ctx.db, payload.tenantId, id);
    if (!kase) continue;
    const recorded = await ctx.db
      .selectFrom('case_events')
      .select('id')
      .where('tenant_id', '=', kase.tenantId)
      .where('case_id', '=', kase.id)
      .where('kind', '=', 'messageReceived')
      .where('details', '=', JSON.stringify({ message: payload.messageId }))
      .executeTakeFirst();
    if (!recorded) {
      await inTransaction(ctx.db, async (trx) => {
        await job.fence(trx);
        const at = ctx.clock.now().toISOString();
        await appendEvent(trx, ctx, { tenantId: kase.tenantId, caseId: kase.id, kind: 'messageReceived', actor: systemActor, details: { message: payload.messageId }, at });
        await trx.updateTable('cases').set({ updated_at: at }).where('tenant_id', '=', kase.tenantId).where('id', '=', kase.id).execute();
      });
    }
    const action = (await caseWorkflow(ctx, kase))?.onApplicantReply;
    if (action) await performSystemAction(ctx, (await findCase(ctx.db, kase.tenantId, kase.id))!, action, job.fence);
  }
};

/**
 * Where a reminder goes: the assignee's own address, or the authority's mailbox while nobody has
 * the case (or the assignee's account has no address or is deactivated).
 */
async function reminderAddress(ctx: AppContext, kase: Case): Promise<string | undefined> {
  const own = kase.assigneeAccountId ? await staffMailAddress(ctx, kase.tenantId, kase.assigneeAccountId) : undefined;
  return own ?? (await getAuthority(ctx, kase.tenantId, kase.authorityId))?.email ?? undefined;
}

/**
 * A deadline comes near: a timeline entry, and a mail that names only the reference, the date and
 * the kind of deadline, with a link to the case (a mailbox is no place for the applicant's data).
 */
const remind: JobHandler = async (ctx, payload: ReminderPayload, job) => {
  const deadline = await ctx.db.selectFrom('case_deadlines').selectAll().where('tenant_id', '=', payload.tenantId).where('id', '=', payload.deadlineId).executeTakeFirst();
  const kase = await findCase(ctx.db, payload.tenantId, payload.caseId);
  if (!deadline || deadline.cleared_at || !kase || !kase.open) return;
  const to = await reminderAddress(ctx, kase);
  await inTransaction(ctx.db, async (trx) => {
    await job.fence(trx);
    await appendEvent(trx, ctx, {
      tenantId: kase.tenantId,
      caseId: kase.id,
      kind: 'reminder',
      actor: systemActor,
      details: { deadline: deadline.id, kind: deadline.kind, due: deadline.due_date, assignee: kase.assigneeName },
      at: ctx.clock.now().toISOString(),
    });
    if (!to) return;
    const t = translator(defaultLanguage);
    const params = {
      reference: kase.reference,
      due: germanDate(deadline.due_date),
      kind: hasMessage(`cases.page.deadlineKind.${deadline.kind}`) ? t(`cases.page.deadlineKind.${deadline.kind}`) : deadline.kind,
      link: `${ctx.config.baseUrl.replace(/\/$/, '')}/bearbeitung/vorgaenge/${kase.id}`,
    };
    await enqueueMail(trx, ctx, { to, subject: t('cases.mail.reminder.subject', params), text: t('cases.mail.reminder.text', params) }, kase.tenantId);
  });
};

export const caseJobs: Record<string, JobHandler> = {
  [jobTypes.timer]: runTimer,
  [jobTypes.reminder]: remind,
  [replyJobType]: applicantReplied,
  [siblingJobType]: closeSiblings,
  [withdrawInvolvementsJobType]: withdrawInvolvements,
};
