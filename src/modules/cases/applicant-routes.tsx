import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { CsrfField, SubmitButton } from '../../web/components/form.js';
import type { View } from '../../web/view.js';
import type { Actor } from './access.js';
import { applicantActions, performApplicantAction, type ApplicantCaseActions } from './applicant-actions.js';

/** `/antraege/<id>/antworten`: the workflow actions offered to the applicant (e.g. accept or decline an offer). */
function ApplicantActionsPage({ view, applicationId, cases }: { view: View; applicationId: string; cases: ApplicantCaseActions[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('cases.applicant.title')}>
      <h1 class="kern-heading-large">{t('cases.applicant.title')}</h1>
      {cases.length === 0 && <p class="kern-body">{t('cases.applicant.none')}</p>}
      {cases.map((kase) => (
        <section key={kase.caseId} aria-labelledby={`case-${kase.caseId}`}>
          <h2 class="kern-heading-medium" id={`case-${kase.caseId}`}>
            {kase.authorityName}
          </h2>
          {kase.actions.map((action) => (
            <form method="post" action={`/antraege/${applicationId}/antworten`} key={action.name}>
              <CsrfField view={view} />
              <input type="hidden" name="caseId" value={kase.caseId} />
              <input type="hidden" name="version" value={String(kase.version)} />
              <input type="hidden" name="action" value={action.name} />
              <SubmitButton>{action.label[view.lang]}</SubmitButton>
            </form>
          ))}
        </section>
      ))}
      <p class="kern-body">
        <a class="kern-link" href={`/antraege/${applicationId}#antwort`}>
          {t('cases.applicant.reply')}
        </a>
      </p>
      <p class="kern-body">
        <a class="kern-link" href={`/antraege/${applicationId}`}>
          {t('cases.applicant.back')}
        </a>
      </p>
    </Layout>
  );
}

export async function applicantActionRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get<{ Params: { id: string } }>('/antraege/:id/antworten', async (request, reply) => {
    const actor = request.actor as Actor;
    if (actor.kind === 'anonymous') return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    return sendPage(reply, ApplicantActionsPage({ view: request.view, applicationId: request.params.id, cases: await applicantActions(ctx, actor, request.params.id) }));
  });

  app.post<{ Params: { id: string } }>('/antraege/:id/antworten', async (request, reply) => {
    const actor = request.actor as Actor;
    if (actor.kind === 'anonymous') return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    await performApplicantAction(ctx, actor, request.params.id, text('caseId'), { action: text('action'), version: Number(text('version')), inputs: {} });
    return reply.redirect(`/antraege/${request.params.id}`, 303);
  });
}
