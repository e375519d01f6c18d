import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import type { HttpApp } from '../../core/module.js';
import { guardStaffApi } from '../access/index.js';
import { caseFile, getCaseView } from './case-view.js';
import { inboxTabs, listInbox, type InboxTab } from './inbox.js';
import { assignCase, decideApproval, messageApplicant, performAction } from './service.js';
import type { Actor } from './access.js';
import type { Case } from './store.js';
import { maxWithdrawalReason, withdrawApplication } from './withdrawal.js';

/**
 * `/api/v1/cases` for connected systems (API clients of an authority, with scopes) and staff
 * sessions: the same service functions as the pages; errors as problem+json with pointers.
 */

const tags = ['cases'];
const security = [{ bearerAuth: [] }];
const actorOf = (request: FastifyRequest) => request.actor as Actor;

function publicCase(kase: Case) {
  return {
    id: kase.id,
    reference: kase.reference,
    kind: kase.kind,
    authorityId: kase.authorityId,
    procedure: { key: kase.procedureKey, version: kase.procedureVersion },
    state: kase.state,
    version: kase.version,
    assignee: kase.assigneeAccountId ? { id: kase.assigneeAccountId, name: kase.assigneeName } : null,
    applicantName: kase.applicantName,
    gemeinde: kase.gemeinde,
    processingDeadline: kase.processingDeadline,
    resubmissionDate: kase.resubmissionDate,
    dueDate: kase.dueDate,
    clockSuspendedSince: kase.clockSuspendedSince,
    pendingApproval: kase.pendingApprovalId,
    fee: kase.feeCents === null ? null : { cents: kase.feeCents, status: kase.feeStatus },
    result: kase.result,
    createdAt: kase.createdAt,
    updatedAt: kase.updatedAt,
    closedAt: kase.closedAt,
  };
}

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Version = Type.Integer({ minimum: 1 });

/** The scopes that let an API client work with cases at all. */
const caseScopes = ['case.read', 'case.act'];

export async function caseApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  guardStaffApi(app, ['/api/v1/cases'], caseScopes);

  // Rücknahme: the applicant's call, beside the applications API's (the cases are this module's to close).
  app.post(
    '/api/v1/applications/:id/withdrawal',
    {
      schema: {
        tags: ['applications'],
        summary: 'Rücknahme: withdraw the submitted application; its open cases close with the result `withdrawn` (409 when all are decided or closed)',
        params: IdParams,
        body: Type.Object(
          {
            reason: Type.Optional(Type.String({ maxLength: maxWithdrawalReason * 2, description: `optional, at most ${maxWithdrawalReason} characters after trimming` })),
            versions: Type.Optional(
              Type.Record(Type.String({ maxLength: 64 }), Version, { description: 'case id → the version the applicant saw; a case changed since is refused (409)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            cases: Type.Array(Type.Object({ id: Type.String(), authorityId: Type.String(), state: Type.String(), result: Type.Union([Type.String(), Type.Null()]) })),
          }),
          '4xx': { description: 'application/problem+json (RFC 9457) with `errors[].pointer`' },
        },
      },
    },
    async (request) => {
      const closed = await withdrawApplication(ctx, actorOf(request), request.params.id, { ...request.body, lang: request.view.lang });
      return { cases: closed.map((kase) => ({ id: kase.id, authorityId: kase.authorityId, state: kase.state, result: kase.result })) };
    },
  );
  app.get(
    '/api/v1/cases',
    {
      schema: {
        tags,
        security,
        summary: 'The inbox: cases of the caller’s authorities by tab, filtered, in keyset pages',
        querystring: Type.Object({
          tab: Type.Optional(Type.Union(inboxTabs.map((t) => Type.Literal(t)))),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
          limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1 to 200, default 50' })),
          procedure: Type.Optional(Type.String({ maxLength: 200 })),
          state: Type.Optional(Type.String({ maxLength: 200 })),
          from: Type.Optional(Type.String({ maxLength: 10 })),
          to: Type.Optional(Type.String({ maxLength: 10 })),
          gemeinde: Type.Optional(Type.String({ maxLength: 200 })),
          assignee: Type.Optional(Type.String({ maxLength: 200 })),
          team: Type.Optional(Type.String({ maxLength: 200, description: 'a team id: the cases in that team' })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          authority: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request) => {
      const { tab = 'new', limit, ...rest } = request.query;
      const page = await listInbox(ctx, actorOf(request), { ...rest, tab: tab as InboxTab, ...(limit ? { limit: Number(limit) } : {}) });
      return { items: page.rows.map((row) => ({ ...publicCase(row), overdue: row.overdue })), next: page.next, counts: page.counts };
    },
  );

  app.get(
    '/api/v1/cases/:id',
    { schema: { tags, security, summary: 'One case with application, timeline, documents, deadlines and the actions allowed now', params: IdParams } },
    async (request) => {
      const view = await getCaseView(ctx, actorOf(request), request.params.id);
      return {
        ...publicCase(view.kase),
        application: {
          id: view.application.application.id,
          reference: view.application.application.reference,
          submittedAt: view.application.application.submittedAt,
          answers: view.application.application.data,
          attachments: view.application.attachments,
        },
        actions: view.actions.map(({ name, action }) => ({ name, label: action.label, to: action.to, fourEyes: action.fourEyes === true, inputs: action.inputs ?? [] })),
        timeline: view.events.map((e) => ({
          at: e.created_at,
          kind: e.kind,
          action: e.action,
          from: e.from_state,
          to: e.to_state,
          actor: e.actor_name,
          details: JSON.parse(e.details) as unknown,
        })),
        deadlines: view.deadlines.map((d) => ({ kind: d.kind, due: d.due_date, cleared: d.cleared_at })),
        documents: view.documents.map((d) => ({
          kind: d.kind,
          version: d.version,
          status: d.status,
          title: d.title,
          pdfSha256: d.pdf_sha256,
          madeAvailableAt: d.made_available_at,
          firstOpenedAt: d.firstOpenedAt,
        })),
        messages: view.messages,
      };
    },
  );

  app.get(
    '/api/v1/cases/:id/files/:sha256',
    {
      schema: {
        tags,
        security,
        summary: 'A file of the case: form attachment, Postfach upload or issued document (by SHA-256)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
      },
    },
    async (request, reply) => {
      const file = await caseFile(ctx, actorOf(request), request.params.id, request.params.sha256);
      return reply
        .header('Content-Type', file.type)
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('X-Content-Type-Options', 'nosniff')
        .send(file.bytes);
    },
  );

  app.post(
    '/api/v1/cases/:id/actions',
    {
      schema: {
        tags,
        security,
        summary: 'Performs a workflow action (four-eyes actions wait for approval)',
        params: IdParams,
        body: Type.Object({
          action: Type.String({ maxLength: 100 }),
          version: Version,
          inputs: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
        }),
      },
    },
    async (request) =>
      publicCase(await performAction(ctx, actorOf(request), request.params.id, { action: request.body.action, version: request.body.version, inputs: request.body.inputs ?? {} })),
  );

  app.post(
    '/api/v1/cases/:id/assignment',
    {
      schema: {
        tags,
        security,
        summary: 'Take, release, assign a case or route it to a team',
        params: IdParams,
        body: Type.Object({
          version: Version,
          kind: Type.Union([Type.Literal('take'), Type.Literal('release'), Type.Literal('assign'), Type.Literal('team')]),
          accountId: Type.Optional(Type.String({ maxLength: 64 })),
          teamId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request) => {
      const { kind, version, accountId = '', teamId = '' } = request.body;
      return publicCase(
        await assignCase(ctx, actorOf(request), request.params.id, version, kind === 'assign' ? { kind, accountId } : kind === 'team' ? { kind, teamId } : { kind }),
      );
    },
  );

  app.post(
    '/api/v1/cases/:id/approval',
    {
      schema: {
        tags,
        security,
        summary: 'Approve or reject the pending four-eyes action',
        params: IdParams,
        body: Type.Object({ version: Version, approve: Type.Boolean(), comment: Type.Optional(Type.String({ maxLength: 5000 })) }),
      },
    },
    async (request) =>
      publicCase(
        await decideApproval(ctx, actorOf(request), request.params.id, { version: request.body.version, approve: request.body.approve, comment: request.body.comment ?? '' }),
      ),
  );

  app.post(
    '/api/v1/cases/:id/messages',
    {
      schema: {
        tags,
        security,
        summary: 'Writes to the applicant’s Postfach',
        params: IdParams,
        body: Type.Object({ subject: Type.String({ maxLength: 200 }), body: Type.String({ maxLength: 10000 }) }),
      },
    },
    async (request, reply) => reply.status(201).send({ id: await messageApplicant(ctx, actorOf(request), request.params.id, request.body) }),
  );
}
