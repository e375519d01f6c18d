import type { AppContext } from '../../core/context.js';
import { ForbiddenError } from '../../core/errors.js';
import { findTenant } from '../../core/tenancy.js';
import type { Actor } from '../access/index.js';
import { getProcedureVersion } from './versions.js';

/**
 * Procedures are shared by every tenant, but only the procedure administrators of the tenant that
 * maintains one (`provider` in its procedure.json) change it: its versions' states and its
 * working copy. The others see it.
 */

/** Who maintains a version (its pack's `provider`), and whether the actor's tenant does. */
export async function maintainerOf(ctx: AppContext, actor: Actor, key: string, version: number): Promise<{ provider: string | null; maintainedHere: boolean }> {
  const provider = (await getProcedureVersion(ctx, key, version))?.procedure.provider ?? null;
  const tenant = await findTenant(ctx.db, actor.tenantId);
  return { provider, maintainedHere: provider !== null && provider === tenant?.slug };
}

/** Refuses a change by another tenant than the version's provider (or of a version only the operator maintains). */
export async function requireMaintainer(ctx: AppContext, actor: Actor, key: string, version: number): Promise<void> {
  const { provider, maintainedHere } = await maintainerOf(ctx, actor, key, version);
  if (!maintainedHere)
    throw new ForbiddenError(provider === null ? 'procedures.studio.operatorMaintains' : 'procedures.studio.otherProvider', provider === null ? {} : { provider });
}
