import { dateOf, isLocalDate, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Trx } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { JobInfo } from '../../core/jobs/index.js';
import { newId } from '../../core/ids.js';
import { principalAccountId } from '../access/index.js';
import { applicationForCase, auditActor, can, getAuthority, postToApplicant, type Action, type Actor, type ApplicationForCase, type Authority } from './access.js';
import { assignmentTarget, type Assignment } from './teams.js';
import { carryOut, guardData, prepareEffects, type PreparedAction } from './actions.js';
import { systemActor } from './create.js';
import { scheduleReminder } from './jobs-schedule.js';
import type { EventActor } from './event-listeners.js';
import { appendEvent, findCase, latestDocument, refreshDueDate, updateCase, type Case, type CaseChanges } from './store.js';
import type { FeeStatus } from './tables.js';
import { parseInputs, refusalOf, type InputValues, type WorkflowRole } from './workflow/engine.js';
import { caseWorkflow } from './workflow/versions.js';
import type { Workflow } from './workflow/schema.js';

/**
 * The case service: pages, the JSON API and the job worker call exactly these functions. Each
 * checks the actor against the case's authority (deny by default), reads what it needs, and
 * writes in one transaction guarded by the case's version. Refusals are audited.
 */

export function eventActor(actor: Actor): EventActor {
  switch (actor.kind) {
    case 'staff':
      return { type: 'account', id: actor.accountId, name: actor.name };
    case 'apiClient':
      return { type: 'api-client', id: actor.clientId, name: `API ${actor.clientId}` };
    default:
      return { type: 'account', id: actor.kind === 'citizen' ? actor.accountId : null, name: actor.kind };
  }
}

/** The workflow roles an actor holds at the case's authority. API clients act as case workers. */
export function rolesAt(actor: Actor, authorityId: string): WorkflowRole[] {
  if (actor.kind === 'apiClient') return can(actor, 'case.act', { tenantId: actor.tenantId, authorityId }) ? ['caseWorker'] : [];
  if (actor.kind !== 'staff') return [];
  const roles = actor.memberships.filter((m) => m.authorityId === null || m.authorityId === authorityId).map((m) => m.role);
  return (['caseWorker', 'teamLead'] as const).filter((role) => roles.includes(role));
}

async function workflowFor(ctx: AppContext, kase: Case): Promise<Workflow> {
  const workflow = await caseWorkflow(ctx, kase);
  if (!workflow) throw new Error(`procedure ${kase.procedureKey} has no workflow`);
  return workflow;
}

/** Refusals leave a trace: who tried what on which case, and why not. */
async function auditRefusal(ctx: AppContext, actor: Actor, caseId: string, attempt: string, error: DomainError): Promise<void> {
  await inTransaction(ctx.db, (trx) =>
    appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: auditActor(actor),
      action: 'case.refused',
      objectType: 'case',
      objectId: caseId,
      details: { attempt, reason: error.code },
    }),
  );
}

async function audited<T>(ctx: AppContext, actor: Actor, caseId: string, attempt: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && !(error instanceof ValidationError)) await auditRefusal(ctx, actor, caseId, attempt, error);
    throw error;
  }
}

/** The case if the actor may do `action` on it; another tenant's or authority's case is "not found". */
export async function loadCase(ctx: AppContext, actor: Actor, id: string, action: Action = 'case.read'): Promise<Case> {
  const kase = await findCase(ctx.db, actor.tenantId, id);
  if (!kase || !can(actor, 'case.read', { tenantId: kase.tenantId, authorityId: kase.authorityId })) throw new NotFoundError('cases.notFound');
  if (!can(actor, action, { tenantId: kase.tenantId, authorityId: kase.authorityId })) throw new ForbiddenError('cases.forbidden');
  return kase;
}

function checkVersion(kase: Case, version: number | undefined): void {
  if (version !== undefined && version !== kase.version) throw new ConflictError('cases.changedMeanwhile');
}

/** The versioned UPDATE (store.updateCase), refused with "changed meanwhile" when another write came first. */
async function changeCase(trx: Trx, kase: Case, changes: CaseChanges): Promise<Case> {
  const written = await updateCase(trx, kase, changes);
  if (!written) throw new ConflictError('cases.changedMeanwhile');
  return written;
}

async function applicationOf(ctx: AppContext, kase: Case): Promise<ApplicationForCase> {
  const application = await applicationForCase(ctx, kase.tenantId, kase.applicationId);
  if (!application) throw new Error(`case ${kase.id}: application ${kase.applicationId} is missing`);
  return application;
}

async function authorityOf(ctx: AppContext, tenantId: string, id: string): Promise<Authority> {
  const authority = await getAuthority(ctx, tenantId, id);
  if (!authority) throw new Error(`authority ${id} is missing`);
  return authority;
}

// ---- workflow actions ----

export interface ActionRequest {
  action: string;
  version: number;
  inputs: Record<string, unknown>;
}

/** Checks an action and its inputs for this actor and loads what carrying it out needs. */
async function prepare(ctx: AppContext, kase: Case, roles: WorkflowRole[], name: string, raw: Record<string, unknown> | InputValues, actor: EventActor): Promise<PreparedAction> {
  const workflow = await workflowFor(ctx, kase);
  const [application, authority] = await Promise.all([applicationOf(ctx, kase), authorityOf(ctx, kase.tenantId, kase.authorityId)]);
  const refusal = refusalOf(workflow, name, roles, guardData(kase, application, authority));
  if (refusal) throw refusal === 'cases.action.notForRole' ? new ForbiddenError(refusal) : new ConflictError(refusal, { action: name });
  const action = workflow.actions[name]!;
  const inputs = parseInputs(action, raw);
  if (!roles.includes('system') && action.guard !== undefined && refusalOf(workflow, name, roles, guardData(kase, application, authority, inputs)))
    throw new ConflictError('cases.action.guard', { action: name });
  const authorities = new Map<string, Authority>();
  for (const input of action.inputs ?? []) {
    if (input.type !== 'authority' || inputs[input.name] === undefined) continue;
    const target = await getAuthority(ctx, kase.tenantId, String(inputs[input.name]));
    if (!target || !input.authorityKinds!.includes(target.kind) || target.id === kase.authorityId)
      throw new ValidationError([{ pointer: `/input/${input.name}`, code: 'cases.input.authority' }]);
    authorities.set(target.id, target);
  }
  const prepared = { workflow, kase, name, action, inputs, application, authority, authorities, actor, now: ctx.clock.now() };
  // A four-eyes action asked for by a person only records the request: its PDF is made when it is approved.
  const waitsForApproval = action.fourEyes === true && !roles.includes('system');
  return { ...prepared, preparations: await prepareEffects(ctx, prepared, !waitsForApproval) };
}

/** `prepare` for the applicant-side actions (applicant-actions.ts). */
export const prepareAction = prepare;

/** A case of the actor's own submitted application; anything else is "not found". */
export async function loadApplicantCase(ctx: AppContext, actor: Actor, applicationId: string, caseId: string): Promise<Case> {
  const kase = await findCase(ctx.db, actor.tenantId, caseId);
  const application = kase?.applicationId === applicationId ? await applicationForCase(ctx, actor.tenantId, applicationId) : undefined;
  const owner = principalAccountId(actor);
  if (!kase || !application || owner === null || application.application.ownerAccountId !== owner || kase.kind !== 'case') throw new NotFoundError('cases.notFound');
  return kase;
}

/**
 * Performs a workflow action. An action marked `fourEyes` is not carried out yet: it waits for a
 * team lead's approval (decideApproval), with the inputs it was asked with.
 */
export async function performAction(ctx: AppContext, actor: Actor, caseId: string, request: ActionRequest): Promise<Case> {
  return audited(ctx, actor, caseId, `action:${request.action}`, async () => {
    const kase = await loadCase(ctx, actor, caseId, 'case.act');
    checkVersion(kase, request.version);
    if (kase.pendingApprovalId) throw new ConflictError('cases.approval.pending');
    const prepared = await prepare(ctx, kase, rolesAt(actor, kase.authorityId), request.action, request.inputs, eventActor(actor));
    return inTransaction(ctx.db, async (trx) => {
      if (!prepared.action.fourEyes) return carryOut(trx, ctx, prepared);
      const approvalId = newId();
      const stored = prepared.now.toISOString();
      const written = await changeCase(trx, kase, { pending_approval_id: approvalId, updated_at: stored });
      await trx
        .insertInto('case_approvals')
        .values({
          id: approvalId,
          tenant_id: kase.tenantId,
          case_id: kase.id,
          action: request.action,
          inputs: JSON.stringify(prepared.inputs),
          requested_by_type: prepared.actor.type,
          requested_by_id: prepared.actor.id,
          requested_by_name: prepared.actor.name,
          requested_at: stored,
          decision: null,
          decided_by_id: null,
          decided_by_name: null,
          decided_at: null,
          comment: null,
        })
        .execute();
      await appendEvent(trx, ctx, {
        tenantId: kase.tenantId,
        caseId: kase.id,
        kind: 'approvalRequested',
        action: request.action,
        actor: prepared.actor,
        details: { approval: approvalId },
        at: stored,
      });
      await appendAudit(trx, ctx, {
        tenantId: kase.tenantId,
        actor: auditActor(actor),
        action: 'case.approvalRequested',
        objectType: 'case',
        objectId: kase.id,
        details: { action: request.action },
      });
      return written;
    });
  });
}

/**
 * The system performs an action (timers, the applicant's reply); false when it no longer applies.
 * A job passes its `fence`, so that a worker that lost the job's lease records nothing.
 */
export async function performSystemAction(ctx: AppContext, kase: Case, name: string, fence?: JobInfo['fence']): Promise<boolean> {
  const workflow = await workflowFor(ctx, kase);
  if (!workflow.actions[name]?.from.includes(kase.state) || kase.pendingApprovalId) return false;
  const prepared = await prepare(ctx, kase, ['system'], name, {}, systemActor);
  await inTransaction(ctx.db, async (trx) => {
    await fence?.(trx);
    await carryOut(trx, ctx, prepared);
  });
  return true;
}

export interface ApprovalDecision {
  version: number;
  approve: boolean;
  comment: string;
}

/** Four-eyes: a team lead, never the one who asked nor the author of the document, approves or rejects. */
export async function decideApproval(ctx: AppContext, actor: Actor, caseId: string, decision: ApprovalDecision): Promise<Case> {
  return audited(ctx, actor, caseId, decision.approve ? 'approve' : 'reject', async () => {
    const kase = await loadCase(ctx, actor, caseId, 'case.approve');
    checkVersion(kase, decision.version);
    if (!kase.pendingApprovalId) throw new ConflictError('cases.approval.none');
    const approval = await ctx.db
      .selectFrom('case_approvals')
      .selectAll()
      .where('tenant_id', '=', kase.tenantId)
      .where('id', '=', kase.pendingApprovalId)
      .executeTakeFirstOrThrow();
    const me = eventActor(actor);
    const drafts = await ctx.db
      .selectFrom('case_documents')
      .select('author_account_id')
      .where('tenant_id', '=', kase.tenantId)
      .where('case_id', '=', kase.id)
      .where('status', '=', 'draft')
      .execute();
    if (approval.requested_by_id === me.id || drafts.some((d) => d.author_account_id === me.id)) throw new ForbiddenError('cases.approval.ownWork');
    const comment = decision.comment.trim();
    if (!decision.approve && !comment) throw new ValidationError([{ pointer: '/comment', code: 'cases.approval.commentRequired' }]);
    if (comment.length > 5000) throw new ValidationError([{ pointer: '/comment', code: 'forms.text.tooLong', params: { max: 5000 } }]);
    const requester: EventActor = { type: approval.requested_by_type as EventActor['type'], id: approval.requested_by_id, name: approval.requested_by_name };
    const prepared = decision.approve ? await prepare(ctx, kase, ['system'], approval.action, JSON.parse(approval.inputs) as InputValues, requester) : undefined;
    const stored = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const decided = await trx
        .updateTable('case_approvals')
        .set({ decision: decision.approve ? 'approved' : 'rejected', decided_by_id: me.id, decided_by_name: me.name, decided_at: stored, comment: comment || null })
        .where('tenant_id', '=', kase.tenantId)
        .where('id', '=', approval.id)
        .where('decision', 'is', null)
        .executeTakeFirst();
      if (Number(decided.numUpdatedRows) !== 1) throw new ConflictError('cases.changedMeanwhile');
      await appendEvent(trx, ctx, {
        tenantId: kase.tenantId,
        caseId: kase.id,
        kind: decision.approve ? 'approved' : 'rejected',
        action: approval.action,
        actor: me,
        details: { approval: approval.id, comment },
        at: stored,
      });
      await appendAudit(trx, ctx, {
        tenantId: kase.tenantId,
        actor: auditActor(actor),
        action: decision.approve ? 'case.approve' : 'case.reject',
        objectType: 'case',
        objectId: kase.id,
        details: { action: approval.action },
      });
      return prepared ? carryOut(trx, ctx, prepared, { approvalId: approval.id }) : changeCase(trx, kase, { pending_approval_id: null, updated_at: stored });
    });
  });
}

// ---- assignment ----

// Who may get a case and which team it lands in: teams.ts.
export { assignableStaff, routableTeams, type Assignment } from './teams.js';

/** Take (for oneself), release, assign or route to a team (team lead); refused with "changed meanwhile" on a stale version. */
export async function assignCase(ctx: AppContext, actor: Actor, caseId: string, version: number, assignment: Assignment): Promise<Case> {
  return audited(ctx, actor, caseId, assignment.kind, async () => {
    const kase = await loadCase(ctx, actor, caseId, assignment.kind === 'assign' || assignment.kind === 'team' ? 'case.assign' : 'case.act');
    checkVersion(kase, version);
    if (!kase.open) throw new ConflictError('cases.closed');
    const me = eventActor(actor);
    if (actor.kind !== 'staff') throw new ForbiddenError('cases.staffOnly');
    if (assignment.kind === 'release' && kase.assigneeAccountId !== me.id && !can(actor, 'case.assign', { tenantId: kase.tenantId, authorityId: kase.authorityId }))
      throw new ForbiddenError('cases.release.notYours');
    const { assignee, teamId, teamName } = await assignmentTarget(ctx, actor, kase, assignment);
    const stored = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const written = await changeCase(trx, kase, { assignee_account_id: assignee?.accountId ?? null, assignee_name: assignee?.name ?? null, team_id: teamId, updated_at: stored });
      const event =
        teamName !== undefined
          ? { kind: 'routed', details: { team: teamId, name: teamName } }
          : assignee
            ? { kind: 'assigned', details: { to: assignee.accountId, name: assignee.name } }
            : { kind: 'released', details: { from: kase.assigneeAccountId } };
      await appendEvent(trx, ctx, { tenantId: kase.tenantId, caseId: kase.id, ...event, actor: me, at: stored });
      await appendAudit(trx, ctx, {
        tenantId: kase.tenantId,
        actor: auditActor(actor),
        action: 'case.assign',
        objectType: 'case',
        objectId: kase.id,
        details: { kind: assignment.kind, to: assignee?.accountId ?? null, team: teamId },
      });
      return written;
    });
  });
}

// ---- notes, Wiedervorlage, fee, documents, messages ----

function requiredText(value: unknown, pointer: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new ValidationError([{ pointer, code: 'forms.required' }]);
  if (text.length > max) throw new ValidationError([{ pointer, code: 'forms.text.tooLong', params: { max } }]);
  return text;
}

/** Internal notes never reach the applicant. They do not change the case's version: nobody's input is lost over a note. */
export async function addNote(ctx: AppContext, actor: Actor, caseId: string, body: unknown): Promise<void> {
  await audited(ctx, actor, caseId, 'note', async () => {
    const kase = await loadCase(ctx, actor, caseId, 'case.act');
    const text = requiredText(body, '/body', 10_000);
    const me = eventActor(actor);
    const stored = ctx.clock.now().toISOString();
    await inTransaction(ctx.db, async (trx) => {
      const id = newId();
      await trx
        .insertInto('case_notes')
        .values({ id, tenant_id: kase.tenantId, case_id: kase.id, author_account_id: me.id ?? me.name, author_name: me.name, body: text, created_at: stored })
        .execute();
      await appendEvent(trx, ctx, { tenantId: kase.tenantId, caseId: kase.id, kind: 'note', actor: me, details: { note: id }, at: stored });
      await appendAudit(trx, ctx, { tenantId: kase.tenantId, actor: auditActor(actor), action: 'case.note', objectType: 'case', objectId: kase.id });
    });
  });
}

/** Sets or clears the Wiedervorlage (resubmission date); the assignee is reminded on the day before. */
export async function setResubmission(ctx: AppContext, actor: Actor, caseId: string, version: number, date: string | null): Promise<Case> {
  return audited(ctx, actor, caseId, 'resubmission', async () => {
    const kase = await loadCase(ctx, actor, caseId, 'case.act');
    checkVersion(kase, version);
    if (date !== null && (!isLocalDate(date) || date <= dateOf(ctx.clock.now()))) throw new ValidationError([{ pointer: '/date', code: 'cases.resubmission.future' }]);
    const workflow = await workflowFor(ctx, kase);
    const stored = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      await changeCase(trx, kase, { resubmission_date: date, updated_at: stored });
      await trx
        .updateTable('case_deadlines')
        .set({ cleared_at: stored })
        .where('tenant_id', '=', kase.tenantId)
        .where('case_id', '=', kase.id)
        .where('kind', '=', 'resubmission')
        .where('cleared_at', 'is', null)
        .execute();
      if (date) {
        const deadlineId = newId();
        await trx
          .insertInto('case_deadlines')
          .values({ id: deadlineId, tenant_id: kase.tenantId, case_id: kase.id, kind: 'resubmission', due_date: date, note: null, created_at: stored, cleared_at: null })
          .execute();
        await scheduleReminder(trx, ctx, workflow, { tenantId: kase.tenantId, caseId: kase.id, deadlineId, dueDate: date as LocalDate });
      }
      const written = await refreshDueDate(trx, kase.tenantId, kase.id);
      await appendEvent(trx, ctx, { tenantId: kase.tenantId, caseId: kase.id, kind: 'resubmission', actor: eventActor(actor), details: { date }, at: stored });
      await appendAudit(trx, ctx, { tenantId: kase.tenantId, actor: auditActor(actor), action: 'case.resubmission', objectType: 'case', objectId: kase.id, details: { date } });
      return written;
    });
  });
}

export const feeStatuses: readonly FeeStatus[] = ['open', 'paid', 'waived'];

export async function setFeeStatus(ctx: AppContext, actor: Actor, caseId: string, version: number, status: string): Promise<Case> {
  return audited(ctx, actor, caseId, 'fee', async () => {
    const kase = await loadCase(ctx, actor, caseId, 'case.act');
    checkVersion(kase, version);
    if (!(feeStatuses as readonly string[]).includes(status)) throw new ValidationError([{ pointer: '/status', code: 'cases.input.choice' }]);
    if (kase.feeCents === null) throw new ConflictError('cases.fee.none');
    const stored = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const written = await changeCase(trx, kase, { fee_status: status as FeeStatus, updated_at: stored });
      await appendEvent(trx, ctx, { tenantId: kase.tenantId, caseId: kase.id, kind: 'fee', actor: eventActor(actor), details: { status, cents: kase.feeCents }, at: stored });
      await appendAudit(trx, ctx, { tenantId: kase.tenantId, actor: auditActor(actor), action: 'case.fee', objectType: 'case', objectId: kase.id, details: { status } });
      return written;
    });
  });
}

/** Editing a draft makes a new version of it; a final document is never changed. */
export async function editDraft(ctx: AppContext, actor: Actor, caseId: string, version: number, kind: string, body: unknown): Promise<Case> {
  return audited(ctx, actor, caseId, 'editDraft', async () => {
    const kase = await loadCase(ctx, actor, caseId, 'case.act');
    checkVersion(kase, version);
    if (kase.pendingApprovalId) throw new ConflictError('cases.approval.pending');
    const text = requiredText(body, '/body', 50_000);
    const latest = await latestDocument(ctx.db, kase.tenantId, kase.id, kind);
    if (latest?.status !== 'draft') throw new ConflictError('cases.document.noDraft');
    const me = eventActor(actor);
    const stored = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const written = await changeCase(trx, kase, { updated_at: stored });
      await trx
        .insertInto('case_documents')
        .values({ ...latest, id: newId(), version: Number(latest.version) + 1, body: text, author_account_id: me.id, author_name: me.name, created_at: stored })
        .execute();
      await appendEvent(trx, ctx, {
        tenantId: kase.tenantId,
        caseId: kase.id,
        kind: 'documentEdited',
        actor: me,
        details: { kind, version: Number(latest.version) + 1 },
        at: stored,
      });
      await appendAudit(trx, ctx, { tenantId: kase.tenantId, actor: auditActor(actor), action: 'case.document', objectType: 'case', objectId: kase.id, details: { kind } });
      return written;
    });
  });
}

/** A free message to the applicant from the case (outside any workflow action). */
export async function messageApplicant(ctx: AppContext, actor: Actor, caseId: string, message: { subject: unknown; body: unknown }): Promise<string> {
  return audited(ctx, actor, caseId, 'message', async () => {
    const kase = await loadCase(ctx, actor, caseId, 'case.act');
    if (kase.kind !== 'case') throw new ConflictError('cases.message.involvement');
    const subject = requiredText(message.subject, '/subject', 200);
    const body = requiredText(message.body, '/body', 10_000);
    const [application, authority] = await Promise.all([applicationOf(ctx, kase), authorityOf(ctx, kase.tenantId, kase.authorityId)]);
    const me = eventActor(actor);
    return inTransaction(ctx.db, async (trx) => {
      const stored = ctx.clock.now().toISOString();
      const id = await postToApplicant(trx, ctx, {
        tenantId: kase.tenantId,
        applicationId: kase.applicationId,
        reference: kase.reference,
        authorityId: kase.authorityId,
        authorityName: authority.name,
        authorAccountId: me.type === 'account' ? me.id : null,
        subject,
        body,
        attachments: [],
        contactEmail: application.contactEmail,
      });
      await trx.updateTable('cases').set({ updated_at: stored }).where('tenant_id', '=', kase.tenantId).where('id', '=', kase.id).execute();
      await appendEvent(trx, ctx, { tenantId: kase.tenantId, caseId: kase.id, kind: 'messageSent', actor: me, details: { message: id }, at: stored });
      await appendAudit(trx, ctx, { tenantId: kase.tenantId, actor: auditActor(actor), action: 'case.message', objectType: 'case', objectId: kase.id, details: { message: id } });
      return id;
    });
  });
}
