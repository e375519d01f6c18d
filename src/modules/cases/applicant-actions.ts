import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { principalAccountId } from '../access/index.js';
import { applicationForCase, getAuthority, type Actor } from './access.js';
import { carryOut, guardData } from './actions.js';
import { loadApplicantCase, prepareAction, type ActionRequest } from './service.js';
import { findCase, openCaseIdsOf, type Case } from './store.js';
import { availableActions } from './workflow/engine.js';
import { caseWorkflow } from './workflow/versions.js';
import type { LocalText, Workflow } from './workflow/schema.js';

/**
 * Workflow actions marked `"actor": "applicant"` (e.g. accept or decline an offer): offered to the
 * owner of the application on its page, carried out like any action (versioned, one transaction).
 */

export interface ApplicantAction {
  name: string;
  label: LocalText;
  /** Asked before it takes effect (a secondary button). */
  confirm?: LocalText;
}

/** One answer of the action that brought the case to where the applicant decides (e.g. the offer's school). */
export interface DecisionDetail {
  label: LocalText;
  type: string;
  /** A choice by its option's label; anything else as entered (a date as YYYY-MM-DD). */
  value: LocalText;
}

export interface ApplicantCaseActions {
  caseId: string;
  version: number;
  authorityName: string;
  /** What the applicant decides on: the inputs of the action that led into the current state. */
  details: DecisionDetail[];
  /** Open deadlines (YYYY-MM-DD), earliest first: by when the authority expects the answer. */
  deadlines: string[];
  actions: ApplicantAction[];
}

/** The inputs of the latest action that led into the case's current state, labelled as the workflow asks them. */
async function detailsOf(ctx: AppContext, kase: Case, workflow: Workflow): Promise<DecisionDetail[]> {
  const event = await ctx.db
    .selectFrom('case_events')
    .select(['action', 'details'])
    .where('tenant_id', '=', kase.tenantId)
    .where('case_id', '=', kase.id)
    .where('kind', '=', 'state')
    .where('to_state', '=', kase.state)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const inputs = (event ? (JSON.parse(event.details) as { inputs?: Record<string, unknown> }).inputs : undefined) ?? {};
  const asked = (event?.action && workflow.actions[event.action]?.inputs) || [];
  return asked.flatMap((input) => {
    const value = inputs[input.name];
    if (value === undefined || value === null || value === '') return [];
    const option = input.options?.find((o) => o.value === value);
    return [{ label: input.label, type: input.type, value: option ? option.label : { de: String(value), en: String(value) } }];
  });
}

async function openDeadlines(ctx: AppContext, kase: Case): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('case_deadlines')
    .select('due_date')
    .where('tenant_id', '=', kase.tenantId)
    .where('case_id', '=', kase.id)
    .where('cleared_at', 'is', null)
    .orderBy('due_date')
    .execute();
  return rows.map((row) => row.due_date);
}

/** The actions the applicant can take now, per open case of the application. */
export async function applicantActions(ctx: AppContext, actor: Actor, applicationId: string): Promise<ApplicantCaseActions[]> {
  const owner = principalAccountId(actor);
  const application = await applicationForCase(ctx, actor.tenantId, applicationId);
  // Someone else's application is "not found", as on its other pages; an empty list would confirm it exists.
  if (!owner || !application || application.application.ownerAccountId !== owner) throw new NotFoundError('cases.notFound');
  const result: ApplicantCaseActions[] = [];
  for (const id of await openCaseIdsOf(ctx.db, actor.tenantId, applicationId)) {
    const kase = (await findCase(ctx.db, actor.tenantId, id))!;
    const workflow = await caseWorkflow(ctx, kase);
    const authority = await getAuthority(ctx, kase.tenantId, kase.authorityId);
    if (!workflow || !authority || kase.pendingApprovalId) continue;
    const actions = availableActions(workflow, ['applicant'], guardData(kase, application, authority)).filter(({ action }) => action.actor === 'applicant');
    if (actions.length)
      result.push({
        caseId: kase.id,
        version: kase.version,
        authorityName: authority.name,
        details: await detailsOf(ctx, kase, workflow),
        deadlines: await openDeadlines(ctx, kase),
        actions: actions.map(({ name, action }) => ({ name, label: action.label, confirm: action.confirm })),
      });
  }
  return result;
}

/** What the applicant is told after an action of theirs took effect (its `done` text), or undefined. */
export async function applicantActionDone(ctx: AppContext, actor: Actor, applicationId: string, caseId: string, actionName: string): Promise<LocalText | undefined> {
  const kase = await loadApplicantCase(ctx, actor, applicationId, caseId);
  const workflow = await caseWorkflow(ctx, kase);
  const action = workflow && Object.hasOwn(workflow.actions, actionName) ? workflow.actions[actionName] : undefined;
  return action?.actor === 'applicant' ? action.done : undefined;
}

/** The applicant performs an action offered to them on one of their application's cases. */
export async function performApplicantAction(ctx: AppContext, actor: Actor, applicationId: string, caseId: string, request: ActionRequest): Promise<Case> {
  const kase = await loadApplicantCase(ctx, actor, applicationId, caseId);
  if (request.version !== kase.version) throw new ConflictError('cases.changedMeanwhile');
  const prepared = await prepareAction(ctx, kase, ['applicant'], request.action, request.inputs, {
    type: 'account',
    id: principalAccountId(actor),
    name: actor.kind === 'citizen' ? actor.name : 'applicant',
  });
  if (prepared.action.actor !== 'applicant') throw new NotFoundError('cases.notFound');
  return inTransaction(ctx.db, (trx) => carryOut(trx, ctx, prepared));
}
