import type { AppContext } from '../../core/context.js';
import { principalAccountId, type Actor } from '../access/index.js';
import type { Profile } from './profile.js';
import { findAccountById } from './store.js';

/**
 * The profile to prefill an application form with: the organisation's when the person acts for
 * one (with the person's name added), else the person's own. Empty for anyone else.
 */
export async function getProfile(ctx: AppContext, actor: Actor): Promise<Profile> {
  const principal = principalAccountId(actor);
  if (!principal || actor.kind !== 'citizen') return {};
  const account = await findAccountById(ctx.db, actor.tenantId, principal);
  if (!account) return {};
  if (principal === actor.accountId) return account.profile;
  const person = await findAccountById(ctx.db, actor.tenantId, actor.accountId);
  return { ...account.profile, givenName: person?.profile.givenName, familyName: person?.profile.familyName } as Profile;
}
