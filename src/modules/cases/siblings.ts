import type { AppContext } from '../../core/context.js';
import { extensionPoint } from '../../core/extensions.js';

/**
 * The `closeSiblings` effect: after an applicant accepted an offer, the system performs an action
 * (e.g. "closed: another offer accepted") on the open cases of the applicant's other applications
 * that belong together. Which applications are siblings is known to another module (the calls
 * module: same call, same person), so it contributes a finder to `siblingFinders`. Runs as an outbox job after the
 * accepting transaction (`closeSiblings` in jobs.ts): each sibling case changes in its own versioned
 * transaction.
 */

export type SiblingFinder = (ctx: AppContext, tenantId: string, applicationId: string) => Promise<string[]>;

export const siblingFinders = extensionPoint<SiblingFinder>('sibling finder');

export const siblingJobType = 'cases.closeSiblings';

export interface SiblingPayload {
  tenantId: string;
  applicationId: string;
  action: string;
}

/** The open cases of the applicant's other applications that belong with this one, found by the contributed finders. */
export async function siblingCases(ctx: AppContext, payload: SiblingPayload): Promise<string[]> {
  const siblings = new Set<string>();
  for (const finder of ctx.extensions.of(siblingFinders))
    for (const id of await finder(ctx, payload.tenantId, payload.applicationId)) if (id !== payload.applicationId) siblings.add(id);
  if (siblings.size === 0) return [];
  const cases = await ctx.db
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', payload.tenantId)
    .where('application_id', 'in', [...siblings])
    .where('kind', '=', 'case')
    .where('open', '=', 1)
    .execute();
  return cases.map((row) => row.id);
}
