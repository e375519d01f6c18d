import { bilingualMail } from '../../core/i18n/index.js';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { enqueueJob, type JobHandler } from '../../core/jobs/index.js';
import { enqueueMail } from '../../core/mail/index.js';
import { followUpReminder, followUpReminderJob } from './follow-ups.js';
import { enqueueDraftExpiry, jobTypes, procedureOf } from './service.js';
import { findApplication } from './store.js';
import { valueAt } from '../../core/json-pointer.js';
import { dateOf, formatDate } from '../../core/calendar/index.js';

interface ApplicationJob {
  tenantId: string;
  applicationId: string;
}

/**
 * A receipt job queued before receipts were rendered on first download (docs/decisions/0003):
 * nothing is left to do, the download renders it. Kept so that an upgraded installation's
 * backlog drains instead of failing with "no handler".
 */
const queuedReceiptJob: JobHandler = async () => {};

/**
 * Draft retention without a scheduler: each draft has one pending expiry job. It reminds the
 * applicant a week before the draft's `expires_at`, deletes it once that has passed, and
 * re-schedules itself when the draft was saved meanwhile (which moves `expires_at`).
 */
const draftExpiryJob: JobHandler = async (ctx: AppContext, { tenantId, applicationId }: ApplicationJob, job) => {
  const draft = await findApplication(ctx.db, tenantId, applicationId);
  if (draft?.status !== 'draft' || !draft.expiresAt) return;
  const now = ctx.clock.now();
  const expiresAt = new Date(draft.expiresAt);
  const { procedure } = await procedureOf(ctx, draft);
  const contact = procedure.contactEmail ? valueAt(draft.data, procedure.contactEmail) : undefined;
  const reminderDue = expiresAt.getTime() - 7 * 24 * 3600 * 1000 <= now.getTime();

  await inTransaction(ctx.db, async (trx) => {
    await job.fence(trx); // a worker that lost this job to another changes nothing
    if (expiresAt <= now) {
      await trx.deleteFrom('application_attachments').where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).execute();
      await trx
        .deleteFrom('applications')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', applicationId)
        .where('status', '=', 'draft')
        .where('revision', '=', draft.revision)
        .execute();
      await appendAudit(trx, ctx, { tenantId, actor: { type: 'system', id: null }, action: 'application.draftExpired', objectType: 'application', objectId: applicationId });
      return;
    }
    if (!reminderDue) {
      await enqueueDraftExpiry(trx, ctx, tenantId, applicationId, new Date(expiresAt.getTime() - ctx.config.draftRetentionDays * 24 * 3600 * 1000));
      return;
    }
    if (draft.reminderSentAt === null) {
      await trx
        .updateTable('applications')
        .set({ reminder_sent_at: toStored(now) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', applicationId)
        .execute();
      if (typeof contact === 'string') {
        const day = dateOf(expiresAt);
        await enqueueMail(trx, ctx, { to: contact, ...bilingualMail('applications.mail.draftExpiry', (language) => ({ day: formatDate(day, language) })) }, tenantId);
      }
    }
    await enqueueJob(trx, ctx, { type: jobTypes.draftExpiry, payload: { tenantId, applicationId }, tenantId, runAt: expiresAt });
  });
};

export const applicationJobs: Record<string, JobHandler> = {
  [jobTypes.receipt]: queuedReceiptJob,
  [jobTypes.draftExpiry]: draftExpiryJob,
  [followUpReminderJob]: followUpReminder,
};
