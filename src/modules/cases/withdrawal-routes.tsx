import type { AppContext } from '../../core/context.js';
import { ValidationError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { CsrfField, ErrorSummary, SubmitButton, TextField } from '../../web/components/form.js';
import type { View } from '../../web/view.js';
import type { Actor } from './access.js';
import { maxWithdrawalReason, withdrawApplication, withdrawalOf, type Withdrawal } from './withdrawal.js';

/** `/antraege/<id>/zuruecknehmen`: the applicant confirms the Rücknahme, with an optional reason (works without JavaScript). */
function WithdrawalPage({ view, withdrawal, reason = '', error }: { view: View; withdrawal: Withdrawal; reason?: string; error?: string }) {
  const t = view.t;
  const back = `/antraege/${withdrawal.applicationId}`;
  return (
    <Layout view={view} title={`${error ? `${t('form.errorPrefix')} ` : ''}${t('cases.withdrawal.title')} – ${withdrawal.reference}`}>
      <ErrorSummary view={view} problems={error ? [{ fieldId: 'reason', message: error }] : []} />
      <h1 class="kern-title kern-title--large">{t('cases.withdrawal.title')}</h1>
      {withdrawal.cases.length === 0 ? (
        <p class="kern-body">{t('cases.withdrawal.none')}</p>
      ) : (
        <>
          <p class="kern-body">{t('cases.withdrawal.intro', { reference: withdrawal.reference })}</p>
          <ul class="kern-list">
            {withdrawal.cases.map((kase) => (
              <li key={kase.caseId}>{kase.authorityName}</li>
            ))}
          </ul>
          <p class="kern-body">{t('cases.withdrawal.final')}</p>
          <form method="post" action={`/antraege/${withdrawal.applicationId}/zuruecknehmen`} class="aw-form">
            <CsrfField view={view} />
            {withdrawal.cases.map((kase) => (
              <input type="hidden" name={`version.${kase.caseId}`} value={String(kase.version)} key={kase.caseId} />
            ))}
            <TextField
              view={view}
              id="reason"
              label={t('cases.withdrawal.reason')}
              hint={t('cases.withdrawal.reasonHint')}
              value={reason}
              multiline
              optional
              maxLength={maxWithdrawalReason}
              {...(error ? { error } : {})}
            />
            <SubmitButton>{t('cases.withdrawal.submit')}</SubmitButton>
          </form>
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href={back}>
          {t('cases.withdrawal.cancel')}
        </a>
      </p>
    </Layout>
  );
}

export async function withdrawalRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get<{ Params: { id: string } }>('/antraege/:id/zuruecknehmen', async (request, reply) => {
    const actor = request.actor as Actor;
    if (actor.kind === 'anonymous') return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    return sendPage(reply, WithdrawalPage({ view: request.view, withdrawal: await withdrawalOf(ctx, actor, request.params.id) }));
  });

  app.post<{ Params: { id: string } }>('/antraege/:id/zuruecknehmen', async (request, reply) => {
    const actor = request.actor as Actor;
    if (actor.kind === 'anonymous') return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason : '';
    // The versions the page showed: a case that changed meanwhile (e.g. was decided) is not withdrawn unseen.
    const versions: Record<string, number> = {};
    for (const [name, value] of Object.entries(body)) if (name.startsWith('version.') && typeof value === 'string') versions[name.slice('version.'.length)] = Number(value);
    try {
      await withdrawApplication(ctx, actor, request.params.id, { reason, lang: request.view.lang, versions });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const field = error.fields[0]!;
      const withdrawal = await withdrawalOf(ctx, actor, request.params.id);
      return sendPage(reply, WithdrawalPage({ view: request.view, withdrawal, reason, error: request.view.t(field.code, field.params) }), 422);
    }
    return reply.redirect(`/antraege/${request.params.id}?zurueckgezogen=1`, 303);
  });
}
