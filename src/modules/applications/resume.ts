import { bilingualMail } from '../../core/i18n/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { enqueueMail } from '../../core/mail/index.js';
import { getOwnApplication, regionCheck, validateAnswers, type Requester } from './service.js';
import { valueAt } from '../../core/json-pointer.js';

/**
 * Drafts of anonymous procedures have no account to find them again: their secret resume link is
 * the only way back. It is shown after "Speichern und später fortsetzen" and mailed to the contact
 * address the draft already gives (only the link, nothing of the answers).
 */

export function resumeLink(ctx: AppContext, applicationId: string, token: string): string {
  return `${ctx.config.baseUrl.replace(/\/$/, '')}/antraege/${applicationId}/fortsetzen/${token}`;
}

export async function sendResumeLink(ctx: AppContext, requester: Requester, applicationId: string): Promise<{ link: string; mailedTo: string | null }> {
  const { application, version } = await getOwnApplication(ctx, requester, applicationId);
  if (application.ownerAccountId !== null || !requester.draftToken) return { link: '', mailedTo: null };
  const link = resumeLink(ctx, application.id, requester.draftToken);
  const answers = validateAnswers(ctx, await regionCheck(ctx, requester.tenantId), version.form, application.data).value;
  const contact = version.procedure.contactEmail ? valueAt(answers, version.procedure.contactEmail) : undefined;
  if (typeof contact !== 'string') return { link, mailedTo: null };
  await inTransaction(ctx.db, (trx) =>
    enqueueMail(
      trx,
      ctx,
      {
        to: contact,
        ...bilingualMail('applications.mail.resume', (language) => ({ title: version.procedure.title[language], link })),
      },
      application.tenantId,
    ),
  );
  return { link, mailedTo: contact };
}
