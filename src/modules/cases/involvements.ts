import type { AppContext } from '../../core/context.js';
import type { Executor } from '../../core/db/index.js';
import type { JobHandler } from '../../core/jobs/index.js';
import { performSystemAction } from './service.js';
import { findCase, type Case } from './store.js';
import { caseWorkflow } from './workflow/versions.js';

/**
 * When a case closes (decided, withdrawn, ended because another offer was accepted), the
 * authorities it involved and that have not answered yet must not wait for it any longer: the
 * workflow's `onParentClosed` action withdraws each such involvement, and the involved authority
 * finds it among its closed cases with the reason. Queued in the closing transaction, run after it;
 * each involvement changes in its own versioned transaction. An involvement answered meanwhile is
 * not in the state the action starts from and is left as it is.
 */

export const withdrawInvolvementsJobType = 'cases.withdrawInvolvements';

export interface WithdrawInvolvementsPayload {
  tenantId: string;
  /** The case that closed. */
  caseId: string;
}

/** The involvements of a case that still wait for an opinion. */
function waitingInvolvements(db: Executor, tenantId: string, caseId: string) {
  return db
    .selectFrom('case_links')
    .innerJoin('cases', 'cases.id', 'case_links.to_case_id')
    .select('cases.id')
    .where('case_links.tenant_id', '=', tenantId)
    .where('case_links.from_case_id', '=', caseId)
    .where('case_links.kind', '=', 'involvement')
    .where('cases.open', '=', 1);
}

/** Whether the closing case needs the job at all: most cases never involve anybody. */
export async function hasWaitingInvolvement(db: Executor, kase: Pick<Case, 'tenantId' | 'id'>): Promise<boolean> {
  return (await waitingInvolvements(db, kase.tenantId, kase.id).limit(1).executeTakeFirst()) !== undefined;
}

export const withdrawInvolvements: JobHandler = async (ctx: AppContext, payload: WithdrawInvolvementsPayload, job) => {
  for (const { id } of await waitingInvolvements(ctx.db, payload.tenantId, payload.caseId).execute()) {
    const involvement = await findCase(ctx.db, payload.tenantId, id);
    const action = involvement && (await caseWorkflow(ctx, involvement))?.onParentClosed;
    if (involvement && action) await performSystemAction(ctx, involvement, action, job.fence);
  }
};
