import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import { can, staffOnly, type Actor } from '../access/index.js';
import { currentProcedureVersion, listCurrentProcedures, type ProcedureDefinition } from '../procedures/index.js';
import { AdminCallsPage, ChooseCallPage, type FormProblems } from './pages.js';
import { rankingCsv, rankingList } from './ranking.js';
import { RankingPage } from './ranking-page.js';
import { kindLabel, postingLabels } from './posting-labels.js';
import { createCall, createPosting, earlierApplications, listCalls, openChoices, remainingKinds, startInCall } from './service.js';

type Body = Record<string, unknown>;
const text = (body: Body | undefined, name: string) => (typeof body?.[name] === 'string' ? (body[name] as string).trim() : '');
const list = (value: string) => value.split(/[,;\s]+/).filter(Boolean);

/** Procedure administrators only; anonymous visitors are sent to the login first. */
function adminOnly(request: FastifyRequest, reply: FastifyReply): Actor | null {
  const actor = request.actor as Actor;
  if (actor.kind === 'anonymous') {
    void reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  if (!can(actor, 'procedure.admin', { tenantId: actor.tenantId })) throw new ForbiddenError();
  return actor;
}

/**
 * The general start of an application (`POST /antrag/<key>`) would make a draft outside any call,
 * refused at submission: for procedures with calls it leads to the choice of the round instead.
 */
export function startInRound(procedure: ProcedureDefinition): string | undefined {
  return procedure.calls ? `/antrag/${encodeURIComponent(procedure.key)}/runde` : undefined;
}

export async function callRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  /** The procedure that takes applications in calls (the administration page covers all of them). */
  const procedureWithCalls = async () => (await listCurrentProcedures(ctx)).find((version) => version.procedure.calls);

  const adminPage = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, problems?: FormProblems) => {
    const version = await procedureWithCalls();
    const page = AdminCallsPage({
      view: request.view,
      procedureKey: version?.procedure.key ?? '',
      calls: await listCalls(ctx, actor),
      labels: postingLabels(version?.form, request.view.lang),
      problems,
    });
    return sendPage(reply, page, problems ? 422 : 200);
  };

  /** Runs a create; on field errors shows the page again with the form's values and messages. */
  async function handle(request: FastifyRequest, reply: FastifyReply, actor: Actor, form: string, run: () => Promise<unknown>) {
    try {
      await run();
      return reply.redirect('/verwaltung/ausschreibungen', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const values = Object.fromEntries(Object.entries((request.body as Body) ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      return adminPage(request, reply, actor, { form, errors: error.fields, values });
    }
  }

  app.get('/verwaltung/ausschreibungen', async (request, reply) => {
    const actor = adminOnly(request, reply);
    return actor ? adminPage(request, reply, actor) : reply;
  });

  app.post('/verwaltung/ausschreibungen', async (request, reply) => {
    const actor = adminOnly(request, reply);
    if (!actor) return reply;
    const body = request.body as Body;
    return handle(request, reply, actor, 'call', () =>
      createCall(ctx, actor, {
        procedureKey: text(body, 'procedureKey'),
        title: text(body, 'title'),
        hiringDate: text(body, 'hiringDate') || undefined,
        opensOn: text(body, 'opensOn'),
        closesOn: text(body, 'closesOn'),
        groups: list(text(body, 'groups')),
      }),
    );
  });

  app.post<{ Params: { callId: string } }>('/verwaltung/ausschreibungen/:callId/stellen', async (request, reply) => {
    const actor = adminOnly(request, reply);
    if (!actor) return reply;
    const body = request.body as Body;
    return handle(request, reply, actor, request.params.callId, () =>
      createPosting(ctx, actor, request.params.callId, {
        reference: text(body, 'reference'),
        school: text(body, 'school'),
        schulart: text(body, 'schulart'),
        subjects: list(text(body, 'subjects')),
        opensOn: text(body, 'opensOn'),
        closesOn: text(body, 'closesOn'),
      }),
    );
  });

  app.get<{ Params: { callId: string } }>('/verwaltung/ausschreibungen/:callId/rangliste', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const { call, ...lists } = await rankingList(ctx, actor, request.params.callId);
    return sendPage(reply, RankingPage({ view: request.view, call, lists }));
  });

  app.get<{ Params: { callId: string } }>('/verwaltung/ausschreibungen/:callId/rangliste.csv', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const { call, ...lists } = await rankingList(ctx, actor, request.params.callId);
    return reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="rangliste-${call.id}.csv"`).send(rankingCsv(lists));
  });

  app.get<{ Params: { procedureKey: string } }>('/antrag/:procedureKey/runde', async (request, reply) => {
    const version = await currentProcedureVersion(ctx, request.params.procedureKey);
    if (!version?.procedure.calls) throw new NotFoundError('calls.procedure.noCalls');
    const { calls, postings } = await openChoices(ctx, request.view.tenant.id, version.procedure.key);
    const lang = request.view.lang;
    const rules = version.procedure.calls;
    const wordKind = kindLabel(version.form, rules, lang);
    const callIds = [...new Set([...calls.map((c) => c.id), ...postings.map((p) => p.callId)])];
    const earlier = new Map(
      [...(await earlierApplications(ctx, request.actor as Actor, callIds))].map(([callId, applied]) => [
        callId,
        { reference: applied.reference, remaining: remainingKinds(rules, applied.kinds).map(wordKind) },
      ]),
    );
    const page = ChooseCallPage({
      view: request.view,
      title: version.procedure.title[lang],
      procedureKey: version.procedure.key,
      calls,
      postings,
      labels: postingLabels(version.form, lang),
      earlier,
    });
    return sendPage(reply, page);
  });

  app.post<{ Params: { procedureKey: string } }>('/antrag/:procedureKey/runde', async (request, reply) => {
    const actor = request.actor as Actor;
    if (actor.kind === 'anonymous') return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(request.url)}`, 303);
    const body = request.body as Body;
    const application = await startInCall(ctx, actor, request.params.procedureKey, { callId: text(body, 'callId') || undefined, postingId: text(body, 'postingId') || undefined });
    return reply.redirect(`/antraege/${application.id}/seite/${encodeURIComponent(application.currentPage ?? '')}`, 303);
  });
}
