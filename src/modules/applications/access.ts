/**
 * The one place this module meets the identity module: who is acting, what they may do, and the
 * profile that prefills forms.
 */
import type { Actor } from '../identity/index.js';

export { can, authorize, auditActor, principalAccountId, meetsTrustLevel, getProfile, limitPerClient, type Actor, type TrustLevel, requireSignedIn } from '../identity/index.js';

export function anonymousActorFor(tenantId: string): Actor {
  return { kind: 'anonymous', tenantId };
}
