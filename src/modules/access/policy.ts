import { ForbiddenError } from '../../core/errors.js';
import { principalAccountId, type Actor, type StaffRole } from './actor.js';

/**
 * The one place that answers "may this actor do that to this resource?". Deny by default: an
 * action not in the table, an actor of another tenant, a staff member without a matching role at
 * the resource's authority, an API client without the scope — all get `false`.
 */
interface Rule {
  /** Citizens (and organisation members) may: `any` resource, or only their `own`. */
  citizen?: 'any' | 'own';
  /** Staff roles that may, at the resource's authority (or tenant-wide for a membership without authority). */
  staff?: readonly StaffRole[];
  /**
   * API clients may, when the action is among their scopes: `true` for the resource's authority
   * only (a client belongs to one authority), `'tenant'` for anything of the client's tenant
   * (figures that name no case or person, such as the steering exports).
   */
  apiClient?: boolean | 'tenant';
  /** Members of the resource's organisation may: any `member`, or only its `admin`s. */
  organisation?: 'member' | 'admin';
  /**
   * The resource is the platform (every tenant, e.g. the tenants table): the `staff` roles may, held
   * tenant-wide, whichever tenant their account lives in. Nobody else may, whatever the tenant.
   */
  platform?: true;
}

const policy = {
  'catalog.service.edit': { staff: ['procedureAdmin', 'tenantAdmin'] },
  'application.create': { citizen: 'any' },
  'application.read': { citizen: 'own', staff: ['caseWorker', 'teamLead', 'recordsManager'], apiClient: true },
  'application.submit': { citizen: 'own' },
  /** Rücknahme: withdraw one's submitted application (its open cases close). */
  'application.withdraw': { citizen: 'own' },
  'case.read': { staff: ['caseWorker', 'teamLead', 'recordsManager'], apiClient: true },
  'case.act': { staff: ['caseWorker', 'teamLead'], apiClient: true },
  'case.assign': { staff: ['teamLead'] },
  'case.approve': { staff: ['teamLead'] },
  'records.manage': { staff: ['recordsManager'], apiClient: true },
  // Aktenplan and records settings: every staff role that files or reads Akten may read the plan; its changes
  // shape every Aktenzeichen and retention, so only the Registratur (and the tenant's administrators) edit.
  'records.plan.read': { staff: ['caseWorker', 'teamLead', 'recordsManager', 'procedureAdmin', 'tenantAdmin'], apiClient: true },
  'records.plan.edit': { staff: ['recordsManager', 'tenantAdmin'], apiClient: true },
  /** Read the E-Akte (every read is logged in record_access). */
  'records.read': { staff: ['caseWorker', 'teamLead', 'recordsManager'], apiClient: true },
  /** File into the E-Akte: upload, Vermerk, move a Vorgang, close. */
  'records.file': { staff: ['caseWorker', 'teamLead', 'recordsManager'], apiClient: true },
  /** Who read what in the E-Akte: the Registratur and the data-protection officer (Art. 38, 39 DSGVO). */
  'records.accessLog': { staff: ['recordsManager', 'dataProtectionOfficer'] },
  'procedure.admin': { staff: ['procedureAdmin', 'tenantAdmin'] },
  /** The procedure studio (/verwaltung/verfahren): see the versions and their differences; submit drafts for review; approve (four eyes) and retire. */
  'procedures.studio.read': { staff: ['procedureAdmin', 'tenantAdmin'] },
  'procedures.studio.edit': { staff: ['procedureAdmin'] },
  'procedures.studio.approve': { staff: ['procedureAdmin'] },
  /** A call's ranking lists (every applicant's answers): the procedure's administrators, and team leads for their authority's lists (LaSuB Standort). */
  'call.ranking.read': { staff: ['teamLead', 'procedureAdmin', 'tenantAdmin'] },
  /** The tenant's steering figures (aggregates, no case or person): API clients with the scope read their own tenant's. */
  'steering.read': { staff: ['steering', 'tenantAdmin'], apiClient: 'tenant' },
  /** Set a service's OZG Reifegrad by hand (with a reason), for services run on another platform. */
  'steering.maturity.edit': { staff: ['steering', 'tenantAdmin'] },
  'staff.manage': { staff: ['tenantAdmin'] },
  'apiClient.manage': { staff: ['tenantAdmin'] },
  'organisation.read': { organisation: 'member' },
  'organisation.manage': { organisation: 'admin' },
  /** The platform operator's tenant page (/betrieb/mandanten): every tenant with its hosts and the state of its settings. */
  'platform.tenants.read': { staff: ['platformOperator'], platform: true },
  /** Add a tenant, change its host names. */
  'platform.tenants.manage': { staff: ['platformOperator'], platform: true },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof policy;
export const actions = Object.keys(policy) as Action[];

/** The actions an API client can be given as scopes. */
export const apiClientScopes = actions.filter((action) => !!(policy[action] as Rule).apiClient);

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(policy, value);
}

export interface Resource {
  tenantId: string;
  /** The authority the resource belongs to (a case's recipient, an API client's owner). */
  authorityId?: string | null;
  /** The account (person or organisation) that owns it, e.g. an application's applicant. */
  ownerAccountId?: string | null;
  /** The organisation (account) the resource is or belongs to, e.g. its member list. */
  organisationId?: string | null;
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  const rule: Rule | undefined = Object.hasOwn(policy, action) ? policy[action] : undefined;
  if (rule?.platform) return actor.kind === 'staff' && actor.memberships.some((m) => m.authorityId === null && (rule.staff ?? []).includes(m.role));
  if (!rule || actor.tenantId !== resource.tenantId) return false;
  switch (actor.kind) {
    case 'anonymous':
      return false;
    case 'citizen':
      if (rule.organisation) {
        const needed = rule.organisation;
        return !!resource.organisationId && (actor.organisations ?? []).some((o) => o.accountId === resource.organisationId && (needed === 'member' || o.role === 'admin'));
      }
      if (rule.citizen === 'any') return true;
      return rule.citizen === 'own' && !!resource.ownerAccountId && resource.ownerAccountId === principalAccountId(actor);
    case 'staff': {
      const roles = rule.staff ?? [];
      return actor.memberships.some((m) => roles.includes(m.role) && (m.authorityId === null || (!!resource.authorityId && m.authorityId === resource.authorityId)));
    }
    case 'apiClient':
      if (!rule.apiClient || !actor.scopes.includes(action)) return false;
      return rule.apiClient === 'tenant' || (!!resource.authorityId && actor.authorityId === resource.authorityId);
  }
}

/** For service functions: throws ForbiddenError unless `can` says yes. */
export function authorize(actor: Actor, action: Action, resource: Resource): void {
  if (!can(actor, action, resource)) throw new ForbiddenError();
}
