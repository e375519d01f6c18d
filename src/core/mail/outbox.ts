import type { AppContext } from '../context.js';
import type { Trx } from '../db/index.js';
import { enqueueJob, type JobHandler, type NewJob } from '../jobs/index.js';
import { findTenant } from '../tenancy.js';
import { createMailer, type Mailer, type MailMessage } from './mailer.js';

export const mailJobType = 'mail.send';

/**
 * Queues a mail in the caller's transaction: it is sent only if the change that caused it commits,
 * and retried by the worker if the mail server is down.
 */
export function enqueueMail(trx: Trx, ctx: Pick<AppContext, 'clock'>, message: MailMessage, tenantId: string | null = null): Promise<string | null> {
  return enqueueJob(trx, ctx, mailJob(message, tenantId));
}

/** The outbox job of a mail, for `enqueueJobs` with other jobs of the same write. */
export function mailJob(message: MailMessage, tenantId: string | null = null): NewJob {
  return { type: mailJobType, payload: message, tenantId };
}

// One transport per configuration, kept open across jobs (SMTP connections are costly).
const mailers = new WeakMap<AppContext['config'], Mailer>();

/**
 * Sends a queued mail at most once per job as far as the transport allows: the job's id is the
 * mail's identity (one `.eml` file per job; over SMTP the same Message-ID on a repeat), and the
 * lease is checked right before sending, so a worker that lost the job to another sends nothing.
 * What remains is at least once over SMTP: a crash after the server accepted the mail and before
 * the job is recorded as done sends it again (docs/operations.md, "Outbox").
 */
export const sendMailJob: JobHandler = async (ctx, message: MailMessage, job) => {
  let mailer = mailers.get(ctx.config);
  if (!mailer) {
    mailer = createMailer(ctx.config, ctx.clock);
    mailers.set(ctx.config, mailer);
  }
  // The sender is read when sending, so a tenant's changed `mailFrom` applies to queued mails too.
  const tenant = job.tenantId ? await findTenant(ctx.db, job.tenantId) : undefined;
  const from = message.from ?? tenant?.mailFrom ?? undefined;
  await job.fence();
  await mailer.send(from ? { ...message, from } : message, { id: job.id, queuedAt: new Date(job.createdAt) });
};
