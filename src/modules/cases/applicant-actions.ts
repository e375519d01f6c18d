import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { principalAccountId } from '../access/index.js';
import { applicationForCase, getAuthority, type Actor } from './access.js';
import { carryOut, guardData } from './actions.js';
import { loadApplicantCase, prepareAction, type ActionRequest } from './service.js';
import { findCase, type Case } from './store.js';
import { availableActions } from './workflow/engine.js';
import { caseWorkflow } from './workflow/versions.js';
import type { LocalText } from './workflow/schema.js';

/**
 * Workflow actions marked `"actor": "applicant"` (e.g. accept or decline an offer): offered to the
 * owner of the application on its page, carried out like any action (versioned, one transaction).
 */

export interface ApplicantCaseActions {
  caseId: string;
  version: number;
  authorityName: string;
  actions: { name: string; label: LocalText }[];
}

/** The actions the applicant can take now, per open case of the application. */
export async function applicantActions(ctx: AppContext, actor: Actor, applicationId: string): Promise<ApplicantCaseActions[]> {
  const owner = principalAccountId(actor);
  const application = await applicationForCase(ctx, actor.tenantId, applicationId);
  // Someone else's application is "not found", as on its other pages; an empty list would confirm it exists.
  if (!owner || !application || application.application.ownerAccountId !== owner) throw new NotFoundError('cases.notFound');
  const rows = await ctx.db
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('application_id', '=', applicationId)
    .where('kind', '=', 'case')
    .where('open', '=', 1)
    .orderBy('created_at')
    .execute();
  const result: ApplicantCaseActions[] = [];
  for (const { id } of rows) {
    const kase = (await findCase(ctx.db, actor.tenantId, id))!;
    const workflow = await caseWorkflow(ctx, kase);
    const authority = await getAuthority(ctx, kase.tenantId, kase.authorityId);
    if (!workflow || !authority || kase.pendingApprovalId) continue;
    const actions = availableActions(workflow, ['applicant'], guardData(kase, application, authority)).filter(({ action }) => action.actor === 'applicant');
    if (actions.length)
      result.push({ caseId: kase.id, version: kase.version, authorityName: authority.name, actions: actions.map(({ name, action }) => ({ name, label: action.label })) });
  }
  return result;
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
