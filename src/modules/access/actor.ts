import type { AuditActor } from '../../core/audit/index.js';
import type { TrustLevel } from './trust.js';

export const staffRoles = ['caseWorker', 'teamLead', 'recordsManager', 'procedureAdmin', 'steering', 'tenantAdmin', 'dataProtectionOfficer', 'platformOperator'] as const;
export type StaffRole = (typeof staffRoles)[number];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
}

/** Roles that may be held without an authority, for the whole tenant (a procedure admin then edits the tenant's catalogue). */
export const tenantWideRoles: readonly StaffRole[] = ['tenantAdmin', 'steering', 'procedureAdmin', 'platformOperator'];

/** Roles that are never held at one authority: a tenant's administration, and the platform's operation. */
export const authorityFreeRoles: readonly StaffRole[] = ['tenantAdmin', 'platformOperator'];

/**
 * Roles a tenant administrator may give. The platform operator (the IT service provider running the
 * installation for every tenant) is made only on the command line: a tenant's administrator must not
 * be able to make someone, or themselves, operator of the other tenants.
 */
export const tenantGrantableRoles: readonly StaffRole[] = staffRoles.filter((role) => role !== 'platformOperator');

/** Roles inside an organisation: administrators manage its members, every member may act for it. */
export const organisationRoles = ['admin', 'member'] as const;
export type OrganisationRole = (typeof organisationRoles)[number];

export function isOrganisationRole(value: unknown): value is OrganisationRole {
  return typeof value === 'string' && (organisationRoles as readonly string[]).includes(value);
}

export interface Membership {
  /** Null: the role holds for every authority of the tenant. */
  authorityId: string | null;
  role: StaffRole;
}

/**
 * Who is acting. Services take an Actor and ask `can(actor, action, resource)`; the HTTP layer
 * only finds out who it is (session cookie or API token).
 */
export type Actor =
  | { kind: 'anonymous'; tenantId: string }
  | {
      kind: 'citizen';
      tenantId: string;
      accountId: string;
      name: string;
      trustLevel: TrustLevel;
      /** The organisation this person acts for in this session. */
      actingFor: { accountId: string; name: string } | null;
      /** The organisations this person belongs to, with their role there; absent means none. */
      organisations?: { accountId: string; role: OrganisationRole }[];
    }
  | { kind: 'staff'; tenantId: string; accountId: string; name: string; trustLevel: TrustLevel; memberships: Membership[] }
  | { kind: 'apiClient'; tenantId: string; clientId: string; authorityId: string; scopes: string[] };

export function anonymousActor(tenantId: string): Actor {
  return { kind: 'anonymous', tenantId };
}

/** How the audit log names an actor. */
export function auditActor(actor: Actor): AuditActor {
  switch (actor.kind) {
    case 'anonymous':
      return { type: 'anonymous', id: null };
    case 'apiClient':
      return { type: 'api-client', id: actor.clientId };
    default:
      return { type: 'account', id: actor.accountId };
  }
}

/** The account whose applications this actor works on: the organisation when acting for one. */
export function principalAccountId(actor: Actor): string | null {
  if (actor.kind !== 'citizen') return null;
  return actor.actingFor?.accountId ?? actor.accountId;
}
