import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { enqueueMail } from '../../core/mail/index.js';
import type { JobHandler } from '../../core/jobs/index.js';
import { applicationForCase, getAuthority } from './access.js';
import { guardData } from './actions.js';
import { replyJobType } from './create.js';
import { jobTypes, type ReminderPayload, type TimerPayload } from './jobs-schedule.js';
import { performSystemAction } from './service.js';
import { appendEvent, findCase } from './store.js';
import { holds } from './workflow/engine.js';
import { workflowOf } from './workflow/load.js';
import { systemActor } from './create.js';
import { closeSiblings, siblingJobType } from './siblings.js';

/** The outbox job handlers of the cases module. Each checks that what it was queued for still applies. */

/** A workflow timer: the case is still in the state it was scheduled for, entered at the same time. */
const runTimer: JobHandler = async (ctx: AppContext, payload: TimerPayload) => {
  const kase = await findCase(ctx.db, payload.tenantId, payload.caseId);
  if (!kase || kase.state !== payload.state || kase.stateEnteredAt !== payload.enteredAt) return;
  const timer = workflowOf(kase.procedureKey)?.timers?.[payload.timer];
  if (!timer) return;
  const [application, authority] = await Promise.all([applicationForCase(ctx, kase.tenantId, kase.applicationId), getAuthority(ctx, kase.tenantId, kase.authorityId)]);
  if (!application || !authority || !holds(timer.when, guardData(kase, application, authority))) return;
  await performSystemAction(ctx, kase, timer.action);
};

/** The applicant's reply: a timeline entry on each open case of the application, and the workflow's reply action. */
const applicantReplied: JobHandler = async (ctx, payload: { tenantId: string; applicationId: string; messageId: string }) => {
  const cases = await ctx.db.selectFrom('cases').select('id').where('tenant_id', '=', payload.tenantId).where('application_id', '=', payload.applicationId).where('open', '=', 1).where('kind', '=', 'case').execute();
  for (const { id } of cases) {
    const kase = await findCase(ctx.db, payload.tenantId, id);
    if (!kase) continue;
    const recorded = await ctx.db.selectFrom('case_events').select('id').where('tenant_id', '=', kase.tenantId).where('case_id', '=', kase.id).where('kind', '=', 'messageReceived').where('details', '=', JSON.stringify({ message: payload.messageId })).executeTakeFirst();
    if (!recorded) {
      await inTransaction(ctx.db, async (trx) => {
        const at = ctx.clock.now().toISOString();
        await appendEvent(trx, { tenantId: kase.tenantId, caseId: kase.id, kind: 'messageReceived', actor: systemActor, details: { message: payload.messageId }, at });
        await trx.updateTable('cases').set({ updated_at: at }).where('tenant_id', '=', kase.tenantId).where('id', '=', kase.id).execute();
      });
    }
    const action = workflowOf(kase.procedureKey)?.onApplicantReply;
    if (action) await performSystemAction(ctx, (await findCase(ctx.db, kase.tenantId, kase.id))!, action);
  }
};

/**
 * A deadline comes near: the reminder goes to the authority's mailbox (the identity module does
 * not hand out staff addresses) naming the assignee, and into the case's timeline.
 */
const remind: JobHandler = async (ctx, payload: ReminderPayload) => {
  const deadline = await ctx.db.selectFrom('case_deadlines').selectAll().where('tenant_id', '=', payload.tenantId).where('id', '=', payload.deadlineId).executeTakeFirst();
  const kase = await findCase(ctx.db, payload.tenantId, payload.caseId);
  if (!deadline || deadline.cleared_at || !kase || !kase.open) return;
  const authority = await getAuthority(ctx, kase.tenantId, kase.authorityId);
  await inTransaction(ctx.db, async (trx) => {
    await appendEvent(trx, { tenantId: kase.tenantId, caseId: kase.id, kind: 'reminder', actor: systemActor, details: { deadline: deadline.id, kind: deadline.kind, due: deadline.due_date, assignee: kase.assigneeName }, at: ctx.clock.now().toISOString() });
    if (authority?.email) {
      await enqueueMail(trx, ctx, { to: authority.email, subject: `Frist ${deadline.due_date}: Vorgang ${kase.reference}`, text: `Zur Beachtung${kase.assigneeName ? ` für ${kase.assigneeName}` : ''}:\n\nIm Vorgang ${kase.reference} endet am ${deadline.due_date} eine Frist (${deadline.kind}).\nSie finden den Vorgang im Posteingang unter /bearbeitung/vorgaenge/${kase.id}.` }, kase.tenantId);
    }
  });
};

export const caseJobs: Record<string, JobHandler> = {
  [jobTypes.timer]: runTimer,
  [jobTypes.reminder]: remind,
  [replyJobType]: applicantReplied,
  [siblingJobType]: closeSiblings,
};
