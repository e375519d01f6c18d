import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import type { Translate } from '../../core/i18n/index.js';
import { enqueueJob } from '../../core/jobs/index.js';

export type MailKind = 'alreadyRegistered' | 'verifyEmail' | 'resetPassword' | 'changeEmail' | 'emailChanged' | 'inviteMember';

/**
 * Queues a mail in the outbox in the caller's transaction: it is sent if and only if the change
 * that caused it commits. Texts come from the catalogue in the language the user was using.
 */
export async function queueMail(
  trx: Trx,
  ctx: AppContext,
  mail: { tenantId: string; to: string; kind: MailKind; t: Translate; params: Record<string, string>; dedupeKey?: string },
): Promise<void> {
  await enqueueJob(trx, ctx, {
    type: 'mail.send',
    tenantId: mail.tenantId,
    payload: {
      to: mail.to,
      subject: mail.t(`identity.mail.${mail.kind}.subject`, mail.params),
      text: mail.t(`identity.mail.${mail.kind}.text`, mail.params),
    },
    ...(mail.dedupeKey ? { dedupeKey: mail.dedupeKey } : {}),
  });
}

/** An absolute link into the portal for a mail. */
export function portalLink(ctx: AppContext, path: string, token: string): string {
  return `${ctx.config.baseUrl}${path}?token=${encodeURIComponent(token)}`;
}
