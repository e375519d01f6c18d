/**
 * Access: who an actor is (anonymous visitor, citizen or organisation member at a trust level,
 * staff with memberships, API client) and the one `can(actor, action, resource)` — deny by
 * default. It has no tables and imports no module, so every module can ask it without cycles;
 * the identity module establishes actors (sign-in, sessions) on top of it.
 */
export type { Actor, Membership, StaffRole, OrganisationRole } from './actor.js';
export {
  staffRoles,
  isStaffRole,
  organisationRoles,
  isOrganisationRole,
  tenantWideRoles,
  authorityFreeRoles,
  tenantGrantableRoles,
  anonymousActor,
  auditActor,
  principalAccountId,
} from './actor.js';
export { can, authorize, actions, apiClientScopes, type Action, type Resource } from './policy.js';
export { trustLevels, meetsTrustLevel, isTrustLevel, type TrustLevel } from './trust.js';
export { guardStaffApi, staffOnly } from './guards.js';
