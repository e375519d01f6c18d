import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { NotFoundError } from '../../core/errors.js';
import {
  applicationForCase,
  auditActor,
  can,
  fileForCase,
  getAuthority,
  messagesForCase,
  teamsOfAuthority,
  type Actor,
  type ApplicationForCase,
  type Authority,
  type Message,
} from './access.js';
import { guardData } from './actions.js';
import { loadCase, rolesAt } from './service.js';
import type { Case } from './store.js';
import type { CaseApprovalTable, CaseDeadlineTable, CaseDocumentTable, CaseEventTable, CaseLinkTable, CaseNoteTable } from './tables.js';
import { availableActions } from './workflow/engine.js';
import { caseWorkflow } from './workflow/versions.js';
import type { Workflow, WorkflowAction } from './workflow/schema.js';

/**
 * Everything the case page shows, read in one round of parallel queries (peers need a call per
 * part). A staff read of the application's personal data is audited (`case.read`).
 */
export interface CaseView {
  kase: Case;
  workflow: Workflow;
  application: ApplicationForCase;
  authority: Authority;
  events: CaseEventTable[];
  notes: CaseNoteTable[];
  deadlines: CaseDeadlineTable[];
  /** Every version of every document; the text only of the latest version of each kind (the one a draft is edited from). */
  documents: (CaseDocument & { firstOpenedAt: string | null })[];
  approvals: CaseApprovalTable[];
  links: (CaseLinkTable & { direction: 'out' | 'in' })[];
  messages: Message[];
  actions: { name: string; action: WorkflowAction }[];
  /** Whether the actor may decide the pending four-eyes approval (team lead, not its author). */
  mayApprove: boolean;
  mayAssign: boolean;
  /** The team the case is in (none: null), and every team of its authority (those a team lead may route it to). */
  team: { id: string; name: string } | null;
  authorityTeams: { id: string; name: string }[];
}

type CaseDocument = Omit<CaseDocumentTable, 'body'> & { body: string | null };

/** A case's documents, without the texts of earlier versions (a Bescheid drafted and edited ten times is ten texts). */
function documentsOf(ctx: AppContext, scope: { tenantId: string; caseId: string }): Promise<CaseDocument[]> {
  return ctx.db
    .selectFrom('case_documents as d')
    .select([
      'd.id',
      'd.tenant_id',
      'd.case_id',
      'd.kind',
      'd.version',
      'd.status',
      'd.title',
      'd.pdf_sha256',
      'd.author_account_id',
      'd.author_name',
      'd.created_at',
      'd.message_id',
      'd.made_available_at',
    ])
    .select((eb) =>
      eb
        .case()
        .when(
          'd.version',
          '=',
          eb
            .selectFrom('case_documents as n')
            .select((n) => n.fn.max('n.version').as('latest'))
            .whereRef('n.case_id', '=', 'd.case_id')
            .whereRef('n.kind', '=', 'd.kind'),
        )
        .then(eb.ref('d.body'))
        .else(null)
        .end()
        .as('body'),
    )
    .where('d.tenant_id', '=', scope.tenantId)
    .where('d.case_id', '=', scope.caseId)
    .orderBy('d.kind')
    .orderBy('d.version')
    .execute();
}

export async function getCaseView(ctx: AppContext, actor: Actor, caseId: string): Promise<CaseView> {
  const kase = await loadCase(ctx, actor, caseId);
  const workflow = await caseWorkflow(ctx, kase);
  const scope = { tenantId: kase.tenantId, caseId: kase.id };
  const [application, authority, events, notes, deadlines, documents, approvals, links, messages, authorityTeams] = await Promise.all([
    applicationForCase(ctx, kase.tenantId, kase.applicationId),
    getAuthority(ctx, kase.tenantId, kase.authorityId),
    ctx.db.selectFrom('case_events').selectAll().where('tenant_id', '=', scope.tenantId).where('case_id', '=', scope.caseId).orderBy('created_at').orderBy('id').execute(),
    ctx.db.selectFrom('case_notes').selectAll().where('tenant_id', '=', scope.tenantId).where('case_id', '=', scope.caseId).orderBy('created_at').execute(),
    ctx.db.selectFrom('case_deadlines').selectAll().where('tenant_id', '=', scope.tenantId).where('case_id', '=', scope.caseId).orderBy('due_date').execute(),
    documentsOf(ctx, scope),
    ctx.db.selectFrom('case_approvals').selectAll().where('tenant_id', '=', scope.tenantId).where('case_id', '=', scope.caseId).orderBy('requested_at').execute(),
    ctx.db
      .selectFrom('case_links')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where((eb) => eb.or([eb('from_case_id', '=', scope.caseId), eb('to_case_id', '=', scope.caseId)]))
      .execute(),
    messagesForCase(ctx.db, kase.tenantId, kase.applicationId),
    teamsOfAuthority(ctx, kase.tenantId, kase.authorityId),
    // loadCase has allowed the read, so its audit entry is written alongside the reads rather than after them.
    inTransaction(ctx.db, (trx) =>
      appendAudit(trx, ctx, {
        tenantId: kase.tenantId,
        actor: auditActor(actor),
        action: 'case.read',
        objectType: 'case',
        objectId: kase.id,
        details: { application: kase.applicationId },
      }),
    ),
  ]);
  if (!workflow || !application || !authority) throw new NotFoundError('cases.notFound');
  const readAt = new Map(messages.map((m) => [m.id, m.readAt]));
  const roles = rolesAt(actor, kase.authorityId);
  const pending = approvals.find((a) => a.id === kase.pendingApprovalId);
  const me = actor.kind === 'staff' ? actor.accountId : null;
  const authorOfDraft = documents.some((d) => d.status === 'draft' && d.author_account_id === me);
  return {
    kase,
    workflow,
    application,
    authority,
    events,
    notes,
    deadlines,
    documents: documents.map((d) => ({ ...d, firstOpenedAt: d.message_id ? (readAt.get(d.message_id) ?? null) : null })),
    approvals,
    links: links.map((l) => ({ ...l, direction: l.from_case_id === kase.id ? ('out' as const) : ('in' as const) })),
    // The applicant's messages to "all recipients" and those to this authority; an involved authority sees the whole conversation.
    messages: kase.kind === 'case' ? messages.filter((m) => m.authorityId === null || m.authorityId === kase.authorityId) : messages,
    actions:
      kase.pendingApprovalId || !can(actor, 'case.act', { tenantId: kase.tenantId, authorityId: kase.authorityId })
        ? []
        : availableActions(workflow, roles, guardData(kase, application, authority)),
    mayApprove: !!pending && can(actor, 'case.approve', { tenantId: kase.tenantId, authorityId: kase.authorityId }) && pending.requested_by_id !== me && !authorOfDraft,
    mayAssign: can(actor, 'case.assign', { tenantId: kase.tenantId, authorityId: kase.authorityId }),
    team: authorityTeams.find((team) => team.id === kase.teamId) ?? null,
    authorityTeams,
  };
}

/** A file of the case's application (form attachment, Postfach upload) or a final document's PDF. */
export async function caseFile(ctx: AppContext, actor: Actor, caseId: string, sha256: string): Promise<{ bytes: Buffer; type: string; name: string }> {
  const kase = await loadCase(ctx, actor, caseId);
  const file = await fileForCase(ctx, kase.tenantId, kase.applicationId, sha256);
  if (!file) throw new NotFoundError('cases.fileNotFound');
  await inTransaction(ctx.db, (trx) =>
    appendAudit(trx, ctx, { tenantId: kase.tenantId, actor: auditActor(actor), action: 'case.read', objectType: 'case', objectId: kase.id, details: { file: sha256 } }),
  );
  return file;
}
