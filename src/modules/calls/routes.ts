import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import { staffOnly, type Actor } from '../access/index.js';
import { currentProcedureVersion, listCurrentProcedures, type ProcedureDefinition } from '../procedures/index.js';
import { AdminCallsPage, ChooseCallPage, type FormProblems } from './pages.js';
import { rankingCsv, rankingList } from './ranking.js';
import { RankingPage } from './ranking-page.js';
import { kindLabel } from './kind-label.js';
import { postingFieldViews, type PostingAttributes } from './posting-fields.js';
import { callLabels } from './labels.js';
import { createCall, createPosting, earlierApplications, listCalls, openChoices, remainingKinds, startInCall } from './service.js';

type Body = Record<string, unknown>;
const text = (body: Body | undefined, name: string) => (typeof body?.[name] === 'string' ? (body[name] as string).trim() : '');
const list = (value: string) => value.split(/[,;\s]+/).filter(Boolean);
const attributePrefix = 'attributes/';

/** The posting form's `attributes/<key>` inputs; a checkbox group sends one value per ticked box. */
function attributesOf(body: Body | undefined): PostingAttributes {
  return Object.fromEntries(
    Object.entries(body ?? {}).flatMap(([name, value]) =>
      name.startsWith(attributePrefix) && (typeof value === 'string' || Array.isArray(value)) ? [[name.slice(attributePrefix.length), value]] : [],
    ),
  );
}

/** What the form sent, to show it again next to the field errors. */
const sentValues = (body: Body | undefined) =>
  Object.fromEntries(Object.entries(body ?? {}).filter(([, v]) => typeof v === 'string' || Array.isArray(v))) as Record<string, string | string[]>;

/**
 * The general start of an application (`POST /antrag/<key>`) would make a draft outside any call,
 * refused at submission: for procedures with calls it leads to the choice of the round instead.
 */
export function startInRound(procedure: ProcedureDefinition): string | undefined {
  return procedure.calls ? `/antrag/${encodeURIComponent(procedure.key)}/runde` : undefined;
}

export async function callRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  /** Every procedure that takes applications in calls, with its posting fields as the page's language words them. */
  const proceduresWithCalls = async (request: FastifyRequest) =>
    (await listCurrentProcedures(ctx)).flatMap(({ procedure, form }) =>
      procedure.calls
        ? [
            {
              key: procedure.key,
              title: procedure.title[request.view.lang],
              fields: postingFieldViews(procedure.calls.postingFields ?? [], form, request.view.lang),
              labels: callLabels(procedure.calls, request.view.lang, request.view.t),
            },
          ]
        : [],
    );

  /** The calls page; `listCalls` refuses anyone but the tenant's procedure administrators. */
  const adminPage = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, problems?: FormProblems) => {
    const calls = await listCalls(ctx, actor);
    const page = AdminCallsPage({ view: request.view, procedures: await proceduresWithCalls(request), calls, problems });
    return sendPage(reply, page, problems ? 422 : 200);
  };

  /** Runs a create; on field errors shows the page again with the form's values and messages. */
  async function handle(request: FastifyRequest, reply: FastifyReply, actor: Actor, form: string, run: () => Promise<unknown>) {
    try {
      await run();
      return reply.redirect('/verwaltung/ausschreibungen', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return adminPage(request, reply, actor, { form, errors: error.fields, values: sentValues(request.body as Body) });
    }
  }

  app.get('/verwaltung/ausschreibungen', async (request, reply) => {
    const actor = staffOnly(request, reply);
    return actor ? adminPage(request, reply, actor) : reply;
  });

  app.post('/verwaltung/ausschreibungen', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const body = request.body as Body;
    return handle(request, reply, actor, 'call', () =>
      createCall(ctx, actor, {
        procedureKey: text(body, 'procedureKey'),
        title: text(body, 'title'),
        startDate: text(body, 'startDate') || undefined,
        opensOn: text(body, 'opensOn'),
        closesOn: text(body, 'closesOn'),
        groups: list(text(body, 'groups')),
      }),
    );
  });

  app.post<{ Params: { callId: string } }>('/verwaltung/ausschreibungen/:callId/stellen', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const body = request.body as Body;
    return handle(request, reply, actor, request.params.callId, () =>
      createPosting(ctx, actor, request.params.callId, {
        reference: text(body, 'reference'),
        attributes: attributesOf(body),
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
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="rangliste-${call.id}.csv"`)
      .send(rankingCsv(lists, request.view.lang));
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
      fields: postingFieldViews(rules.postingFields ?? [], version.form, lang),
      labels: callLabels(rules, lang, request.view.t),
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
