import type { AppContext } from '../../core/context.js';
import type { JobHandler } from '../../core/jobs/index.js';
import { performSystemAction } from './service.js';
import { findCase } from './store.js';

/**
 * The `closeSiblings` effect: after an applicant accepted an offer, the system performs an action
 * (e.g. "closed: another offer accepted") on the open cases of the applicant's other applications
 * that belong together. Which applications are siblings is known to another module (the calls
 * module: same call, same person), so it registers a finder here. Runs as an outbox job after the
 * accepting transaction: each sibling case changes in its own versioned transaction.
 */

export type SiblingFinder = (ctx: AppContext, tenantId: string, applicationId: string) => Promise<string[]>;

const finders: SiblingFinder[] = [];

export function registerSiblingFinder(finder: SiblingFinder): void {
  if (!finders.includes(finder)) finders.push(finder);
}

export const siblingJobType = 'cases.closeSiblings';

export interface SiblingPayload {
  tenantId: string;
  applicationId: string;
  action: string;
}

export const closeSiblings: JobHandler = async (ctx: AppContext, payload: SiblingPayload, job) => {
  const siblings = new Set<string>();
  for (const finder of finders) for (const id of await finder(ctx, payload.tenantId, payload.applicationId)) if (id !== payload.applicationId) siblings.add(id);
  if (siblings.size === 0) return;
  const cases = await ctx.db.selectFrom('cases').select('id').where('tenant_id', '=', payload.tenantId).where('application_id', 'in', [...siblings]).where('kind', '=', 'case').where('open', '=', 1).execute();
  for (const { id } of cases) {
    const kase = await findCase(ctx.db, payload.tenantId, id);
    // An action not offered in the case's state (e.g. already closed) is skipped.
    if (kase) await performSystemAction(ctx, kase, payload.action, job.fence);
  }
};
