import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { Alert, CsrfField, SubmitButton } from '../../web/components/form.js';
import { formatDate, isLocalDate, localDate } from '../../core/calendar/index.js';
import type { View } from '../../web/view.js';
import type { Actor } from './access.js';
import { applicantActionDone, applicantActions, performApplicantAction, type ApplicantAction, type ApplicantCaseActions, type DecisionDetail } from './applicant-actions.js';
import type { LocalText } from './workflow/schema.js';

/** A detail as it reads: dates as 15.01.2026, everything else as given. */
function detailText(view: View, detail: DecisionDetail): string {
  const value = detail.value[view.lang];
  return detail.type === 'date' && isLocalDate(value) ? formatDate(value, view.lang, 'numeric') : value;
}

function ActionButton({
  view,
  applicationId,
  kase,
  action,
  confirmed,
}: {
  view: View;
  applicationId: string;
  kase: ApplicantCaseActions;
  action: ApplicantAction;
  confirmed?: boolean;
}) {
  // An action with a question (declining) is a secondary button that first asks (`step=ask`).
  const asks = !!action.confirm && !confirmed;
  return (
    <form method="post" action={`/antraege/${applicationId}/antworten`}>
      <CsrfField view={view} />
      <input type="hidden" name="caseId" value={kase.caseId} />
      <input type="hidden" name="version" value={String(kase.version)} />
      <input type="hidden" name="action" value={action.name} />
      {asks && <input type="hidden" name="step" value="ask" />}
      <SubmitButton variant={asks ? 'secondary' : 'primary'}>{action.label[view.lang]}</SubmitButton>
    </form>
  );
}

/** What the applicant decides on (e.g. the offer: school, hiring date) and by when. */
function Decision({ view, kase }: { view: View; kase: ApplicantCaseActions }) {
  const t = view.t;
  return (
    <>
      {kase.details.length > 0 && (
        <dl class="kern-description-list">
          {kase.details.map((detail) => (
            <div class="kern-description-list-item" key={detail.label.de}>
              <dt class="kern-description-list-item__key">{detail.label[view.lang]}</dt>
              <dd class="kern-description-list-item__value">{detailText(view, detail)}</dd>
            </div>
          ))}
        </dl>
      )}
      {kase.deadlines[0] && <p class="kern-body">{t('cases.applicant.deadline', { date: formatDate(localDate(kase.deadlines[0]), view.lang, 'numeric') })}</p>}
    </>
  );
}

/** `/antraege/<id>/antworten`: the workflow actions offered to the applicant (e.g. accept or decline an offer). */
function ApplicantActionsPage({ view, applicationId, cases, done }: { view: View; applicationId: string; cases: ApplicantCaseActions[]; done?: LocalText }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('cases.applicant.title')}>
      <h1 class="kern-heading-large">{t('cases.applicant.title')}</h1>
      {done && (
        <Alert kind="success">
          <p class="kern-body">{done[view.lang]}</p>
        </Alert>
      )}
      {cases.length === 0 && !done && <p class="kern-body">{t('cases.applicant.none')}</p>}
      {cases.map((kase) => (
        <section key={kase.caseId} aria-labelledby={`case-${kase.caseId}`}>
          <h2 class="kern-heading-medium" id={`case-${kase.caseId}`}>
            {kase.authorityName}
          </h2>
          <Decision view={view} kase={kase} />
          {kase.actions.map((action) => (
            <ActionButton view={view} applicationId={applicationId} kase={kase} action={action} key={action.name} />
          ))}
        </section>
      ))}
      <Links view={view} applicationId={applicationId} />
    </Layout>
  );
}

function Links({ view, applicationId }: { view: View; applicationId: string }) {
  return (
    <>
      <p class="kern-body">
        <a class="kern-link" href={`/antraege/${applicationId}#antwort`}>
          {view.t('cases.applicant.reply')}
        </a>
      </p>
      <p class="kern-body">
        <a class="kern-link" href={`/antraege/${applicationId}`}>
          {view.t('cases.applicant.back')}
        </a>
      </p>
    </>
  );
}

/** The confirmation step of an action with a question: the question, the details again, and the action once more. */
function ConfirmPage({ view, applicationId, kase, action }: { view: View; applicationId: string; kase: ApplicantCaseActions; action: ApplicantAction }) {
  const question = action.confirm![view.lang];
  return (
    <Layout view={view} title={question}>
      <h1 class="kern-heading-large">{question}</h1>
      <Decision view={view} kase={kase} />
      <ActionButton view={view} applicationId={applicationId} kase={kase} action={action} confirmed />
      <p class="kern-body">
        <a class="kern-link" href={`/antraege/${applicationId}/antworten`}>
          {view.t('cases.applicant.cancel')}
        </a>
      </p>
    </Layout>
  );
}

export async function applicantActionRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get<{ Params: { id: string } }>('/antraege/:id/antworten', async (request, reply) => {
    const actor = request.actor as Actor;
    if (actor.kind === 'anonymous') return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    const cases = await applicantActions(ctx, actor, request.params.id);
    // After an answer (`?erledigt=<case>.<action>`): what the applicant did and what happens next.
    const [caseId, actionName] = ((request.query as { erledigt?: string }).erledigt ?? '').split('.');
    const done = caseId && actionName ? await applicantActionDone(ctx, actor, request.params.id, caseId, actionName) : undefined;
    return sendPage(reply, ApplicantActionsPage({ view: request.view, applicationId: request.params.id, cases, done }));
  });

  app.post<{ Params: { id: string } }>('/antraege/:id/antworten', async (request, reply) => {
    const actor = request.actor as Actor;
    if (actor.kind === 'anonymous') return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    if (text('step') === 'ask') {
      const kase = (await applicantActions(ctx, actor, request.params.id)).find((c) => c.caseId === text('caseId'));
      const action = kase?.actions.find((a) => a.name === text('action'));
      if (kase && action?.confirm) return sendPage(reply, ConfirmPage({ view: request.view, applicationId: request.params.id, kase, action }));
    }
    await performApplicantAction(ctx, actor, request.params.id, text('caseId'), { action: text('action'), version: Number(text('version')), inputs: {} });
    const done = await applicantActionDone(ctx, actor, request.params.id, text('caseId'), text('action'));
    const next = done ? `/antraege/${request.params.id}/antworten?erledigt=${encodeURIComponent(`${text('caseId')}.${text('action')}`)}` : `/antraege/${request.params.id}`;
    return reply.redirect(next, 303);
  });
}
