import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import { can, getAuthority, listAuthoritiesByKind, type Actor, type Authority } from './access.js';
import { staffOnly } from '../access/index.js';
import { caseFile, getCaseView } from './case-view.js';
import { inboxAssignees, inboxTabs, inboxTeams, listInbox, type InboxFilter, type InboxTab } from './inbox.js';
import { CasePage, type CaseFormState } from './pages/case.js';
import { InboxPageView } from './pages/inbox.js';
import { WorkflowPage } from './pages/workflow.js';
import { addNote, assignableStaff, assignCase, decideApproval, editDraft, messageApplicant, performAction, setFeeStatus, setResubmission, type Assignment } from './service.js';
import { loadAllWorkflows, workflowOf } from './workflow/load.js';
import { workflowSvg } from './workflow/diagram.js';
import { listCurrentProcedures } from '../procedures/index.js';

/**
 * The case worker's pages: inbox, case, and one POST route per form on the case page. Thin
 * adapters over the service; a refused post shows the case page again with the input kept.
 */

type Body = Record<string, unknown>;
type IdParams = { id: string };

function text(body: Body, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

function versionOf(body: Body): number {
  const version = Number(text(body, 'version'));
  return Number.isInteger(version) ? version : -1;
}

async function authoritiesFor(ctx: AppContext, actor: Actor, data: Awaited<ReturnType<typeof getCaseView>>): Promise<Record<string, Authority[]>> {
  const kinds = [...new Set(data.actions.flatMap(({ action }) => (action.inputs ?? []).flatMap((i) => i.authorityKinds ?? [])))];
  const [byKind, linked, own] = await Promise.all([
    Promise.all(kinds.map((kind) => listAuthoritiesByKind(ctx, actor.tenantId, kind as Authority['kind']))),
    // Names of the authorities this case involved or forwarded to, for the list of links.
    Promise.all(data.links.map((l) => getAuthority(ctx, actor.tenantId, l.to_authority_id))),
    kinds.length ? getAuthority(ctx, actor.tenantId, data.kase.authorityId) : undefined,
  ]);
  // The case's own region first, so the choice starts at it (the Personalrat of the case's LaSuB Standort).
  const ownRegionFirst = (list: Authority[]) => [...list.filter((a) => a.regionAgs === own?.regionAgs), ...list.filter((a) => a.regionAgs !== own?.regionAgs)];
  const result: Record<string, Authority[]> = Object.fromEntries(kinds.map((kind, index) => [kind, ownRegionFirst(byKind[index]!.filter((a) => a.id !== data.kase.authorityId))]));
  if (data.links.length) result.all = linked.filter((a): a is Authority => !!a);
  return result;
}

async function renderCase(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, actor: Actor, id: string, state: CaseFormState, status = 200) {
  const data = await getCaseView(ctx, actor, id);
  const [authorities, colleagues] = await Promise.all([authoritiesFor(ctx, actor, data), assignableStaff(ctx, actor, data.kase.authorityId)]);
  // A team lead may route the case to any team of its authority (teams.ts, routableTeams): the view has read them already.
  const teams = data.mayAssign ? data.authorityTeams : [];
  return sendPage(reply, CasePage({ view: request.view, data, state, authorities, colleagues, teams, accountId: actor.kind === 'staff' ? actor.accountId : null }), status);
}

/** Field ids of the case page's forms, by the pointer a ValidationError names. */
function fieldId(form: string, pointer: string): string {
  if (form.startsWith('action:')) return `action-${form.slice(7)}-${pointer.split('/')[2] ?? ''}`;
  return `${form === 'approval' ? 'approval' : form}-${pointer.slice(1)}`;
}

/**
 * Runs one form's service call; on success back to the case (PRG), on a refusal the case page
 * again with the posted values, the problems, and the matching status.
 */
async function handleForm(
  ctx: AppContext,
  request: FastifyRequest<{ Params: IdParams }>,
  reply: FastifyReply,
  form: string,
  values: Record<string, string>,
  work: (actor: Actor) => Promise<unknown>,
  anchor = '',
) {
  const actor = staffOnly(request, reply, 'cases.staffOnly');
  if (!actor) return reply;
  try {
    await work(actor);
    return reply.redirect(`/bearbeitung/vorgaenge/${request.params.id}?erledigt=1${anchor}`, 303);
  } catch (error) {
    if (error instanceof NotFoundError || !(error instanceof DomainError)) throw error;
    const { t } = request.view;
    if (error instanceof ValidationError) {
      const errors = Object.fromEntries(error.fields.map((f) => [fieldId(form, f.pointer), t(f.code, f.params)]));
      return renderCase(ctx, request, reply, actor, request.params.id, { form, values, errors }, 422);
    }
    return renderCase(ctx, request, reply, actor, request.params.id, { form, values, problem: t(error.code, error.params) }, error.status);
  }
}

export async function casePageRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: Record<string, string> }>('/bearbeitung', async (request, reply) => {
    const actor = staffOnly(request, reply, 'cases.staffOnly');
    if (!actor) return reply;
    const q = request.query;
    const tab: InboxTab = (inboxTabs as readonly string[]).includes(q.tab ?? '') ? (q.tab as InboxTab) : 'new';
    const filter: InboxFilter = Object.fromEntries(
      (['procedure', 'state', 'from', 'to', 'gemeinde', 'assignee', 'team', 'q', 'authority'] as const).filter((k) => q[k]).map((k) => [k, q[k]]),
    );
    const query = (changes: Record<string, string | undefined>) => {
      const params = new URLSearchParams({ ...filter, tab, ...(q.cursor ? { cursor: q.cursor } : {}) } as Record<string, string>);
      for (const [key, value] of Object.entries(changes)) value === undefined ? params.delete(key) : params.set(key, value);
      return `/bearbeitung?${params.toString()}`;
    };
    const procedures = await listCurrentProcedures(ctx);
    const procedureTitles = Object.fromEntries(procedures.map((p) => [p.procedure.key, p.procedure.title[request.view.lang]]));
    const workflows = loadAllWorkflows(ctx);
    const [assignees, teams] = await Promise.all([inboxAssignees(ctx, actor), inboxTeams(ctx, actor, filter)]);
    try {
      const page = await listInbox(ctx, actor, { ...filter, tab, ...(q.cursor ? { cursor: q.cursor } : {}) });
      return sendPage(reply, InboxPageView({ view: request.view, tab, filter, page, workflows, procedureTitles, assignees, teams, query, errors: {} }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = Object.fromEntries(error.fields.map((f) => [f.pointer.slice(1), request.view.t(f.code, f.params)]));
      const page = await listInbox(ctx, actor, { tab });
      return sendPage(
        reply,
        InboxPageView({ view: request.view, tab, filter, page, workflows, procedureTitles, assignees, teams, query: (c) => query({ ...c, cursor: undefined }), errors }),
        422,
      );
    }
  });

  app.get<{ Params: IdParams; Querystring: { erledigt?: string } }>('/bearbeitung/vorgaenge/:id', async (request, reply) => {
    const actor = staffOnly(request, reply, 'cases.staffOnly');
    if (!actor) return reply;
    return renderCase(ctx, request, reply, actor, request.params.id, request.query.erledigt ? { notice: request.view.t('cases.page.done') } : {});
  });

  app.get<{ Params: IdParams & { sha256: string } }>('/bearbeitung/vorgaenge/:id/dateien/:sha256', async (request, reply) => {
    const actor = staffOnly(request, reply, 'cases.staffOnly');
    if (!actor) return reply;
    if (!/^[0-9a-f]{64}$/.test(request.params.sha256)) throw new NotFoundError('cases.fileNotFound');
    const file = await caseFile(ctx, actor, request.params.id, request.params.sha256);
    // Only types a browser shows safely are shown inline; the file gets no rights of its own (no scripts, no styles).
    const inline = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'].includes(file.type);
    return reply
      .header('Content-Type', file.type)
      .header('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('Content-Security-Policy', "default-src 'none'; img-src 'self'; object-src 'self'; plugin-types application/pdf; frame-ancestors 'self'")
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .send(file.bytes);
  });

  app.post<{ Params: IdParams; Body: Body }>('/bearbeitung/vorgaenge/:id/aktion', async (request, reply) => {
    const body = request.body ?? {};
    const name = text(body, 'action');
    const inputs = Object.fromEntries(
      Object.entries(body)
        .filter(([k]) => k.startsWith('input.'))
        .map(([k, v]) => [k.slice(6), typeof v === 'string' ? v : '']),
    );
    return handleForm(
      ctx,
      request,
      reply,
      `action:${name}`,
      inputs as Record<string, string>,
      (actor) => performAction(ctx, actor, request.params.id, { action: name, version: versionOf(body), inputs }),
      '#schritte',
    );
  });

  app.post<{ Params: IdParams; Body: Body }>('/bearbeitung/vorgaenge/:id/zuweisung', async (request, reply) => {
    const body = request.body ?? {};
    const kind = text(body, 'kind');
    const assignment: Assignment =
      kind === 'assign' ? { kind, accountId: text(body, 'assignee') } : kind === 'team' ? { kind, teamId: text(body, 'team') } : kind === 'release' ? { kind } : { kind: 'take' };
    return handleForm(ctx, request, reply, 'assign', {}, (actor) => assignCase(ctx, actor, request.params.id, versionOf(body), assignment));
  });

  app.post<{ Params: IdParams; Body: Body }>('/bearbeitung/vorgaenge/:id/freigabe', async (request, reply) => {
    const body = request.body ?? {};
    const comment = text(body, 'comment');
    return handleForm(ctx, request, reply, 'approval', { comment }, (actor) =>
      decideApproval(ctx, actor, request.params.id, { version: versionOf(body), approve: text(body, 'decision') === 'approve', comment }),
    );
  });

  app.post<{ Params: IdParams; Body: Body }>('/bearbeitung/vorgaenge/:id/notiz', async (request, reply) => {
    const bodyText = text(request.body ?? {}, 'body');
    return handleForm(ctx, request, reply, 'note', { body: bodyText }, (actor) => addNote(ctx, actor, request.params.id, bodyText), '#notizen');
  });

  app.post<{ Params: IdParams; Body: Body }>('/bearbeitung/vorgaenge/:id/nachricht', async (request, reply) => {
    const body = request.body ?? {};
    const values = { subject: text(body, 'subject'), body: text(body, 'body') };
    return handleForm(ctx, request, reply, 'message', values, (actor) => messageApplicant(ctx, actor, request.params.id, values), '#postfach');
  });

  app.post<{ Params: IdParams; Body: Body }>('/bearbeitung/vorgaenge/:id/wiedervorlage', async (request, reply) => {
    const body = request.body ?? {};
    const date = text(body, 'date').trim();
    return handleForm(ctx, request, reply, 'resubmission', { date }, (actor) => setResubmission(ctx, actor, request.params.id, versionOf(body), date || null), '#fristen');
  });

  app.post<{ Params: IdParams; Body: Body }>('/bearbeitung/vorgaenge/:id/gebuehr', async (request, reply) => {
    const body = request.body ?? {};
    return handleForm(ctx, request, reply, 'fee', {}, (actor) => setFeeStatus(ctx, actor, request.params.id, versionOf(body), text(body, 'status')), '#dokumente');
  });

  app.post<{ Params: IdParams; Body: Body }>('/bearbeitung/vorgaenge/:id/entwurf', async (request, reply) => {
    const body = request.body ?? {};
    const values = { body: text(body, 'body') };
    return handleForm(ctx, request, reply, 'draft', values, (actor) => editDraft(ctx, actor, request.params.id, versionOf(body), text(body, 'kind'), values.body), '#dokumente');
  });

  // ---- workflow diagrams for procedure administrators ----

  const adminWorkflow = (request: FastifyRequest<{ Params: { key: string } }>, reply: FastifyReply) => {
    const actor = staffOnly(request, reply, 'cases.staffOnly');
    if (!actor) return null;
    if (!can(actor, 'procedure.admin', { tenantId: actor.tenantId })) throw new ForbiddenError();
    const workflow = /^[a-z][a-z0-9-]{1,62}$/.test(request.params.key) ? workflowOf(ctx, request.params.key) : undefined;
    if (!workflow) throw new NotFoundError();
    return workflow;
  };

  app.get<{ Params: { key: string } }>('/verwaltung/verfahren/:key/workflow.svg', async (request, reply) => {
    const workflow = adminWorkflow(request, reply);
    if (!workflow) return reply;
    return reply.header('Content-Type', 'image/svg+xml; charset=utf-8').header('Cache-Control', 'private, max-age=300').send(workflowSvg(workflow, request.view.lang));
  });

  app.get<{ Params: { key: string } }>('/verwaltung/verfahren/:key/ablauf', async (request, reply) => {
    const workflow = adminWorkflow(request, reply);
    if (!workflow) return reply;
    const procedure = (await listCurrentProcedures(ctx)).find((p) => p.procedure.key === workflow.procedureKey);
    return sendPage(reply, WorkflowPage({ view: request.view, workflow, title: procedure?.procedure.title[request.view.lang] ?? workflow.procedureKey }));
  });
}
