import type { OrganisationRole } from '../access/index.js';

/**
 * The identity module's tables. Every row belongs to one tenant: an e-mail address is unique per
 * tenant, not globally, because each Land runs its own portal on the same installation.
 */
export interface AccountTable {
  id: string;
  tenant_id: string;
  kind: 'person' | 'organisation' | 'staff';
  /** Lower-case; null for organisations, which sign in through their members. */
  email: string | null;
  email_verified: number;
  display_name: string;
  /** JSON: the profile used to prefill forms (see `Profile`). */
  profile: string;
  status: 'active' | 'deactivated';
  created_at: string;
  updated_at: string;
}

export interface IdentityTable {
  id: string;
  tenant_id: string;
  account_id: string;
  kind: 'password' | 'oidc';
  /** argon2id PHC string for `password`. */
  password_hash: string | null;
  /** For `oidc`: the provider id from OIDC_PROVIDERS (or `demo`), the issuer and the subject. */
  provider: string | null;
  issuer: string | null;
  subject: string | null;
  created_at: string;
}

export interface OrganisationMemberTable {
  tenant_id: string;
  organisation_id: string;
  person_id: string;
  role: OrganisationRole;
  created_at: string;
}

/** An invitation to join an organisation, mailed as a single-use link; only the token's SHA-256 is kept. */
export interface OrganisationInvitationTable {
  id: string;
  tenant_id: string;
  organisation_id: string;
  /** Lower-case address the link was sent to. */
  email: string;
  role: OrganisationRole;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

export interface SessionTable {
  id: string;
  tenant_id: string;
  /** SHA-256 (hex) of the random token in the cookie; the token itself is never stored. */
  token_hash: string;
  account_id: string;
  trust_level: string;
  /** `complete`, or a staff login waiting for its second factor (`second-factor`, `enrol`). */
  stage: 'complete' | 'second-factor' | 'enrol';
  /** The organisation this person acts for in this session, if any. */
  acting_for: string | null;
  method: string;
  user_agent: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface MembershipTable {
  id: string;
  tenant_id: string;
  account_id: string;
  /** Null for tenant-wide roles (tenantAdmin, steering for the whole Land). */
  authority_id: string | null;
  role: string;
  /** The team (of the same authority) this role is held in; null: none. */
  team_id: string | null;
  created_at: string;
}

/** A team (Sachgebiet, Referat) of an authority; its members are memberships with its id. */
export interface TeamTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  name: string;
  created_at: string;
}

export interface TotpTable {
  account_id: string;
  tenant_id: string;
  secret: string;
  /** Null until the first correct code confirms the enrolment. */
  confirmed_at: string | null;
  /** RFC 6238 time step of the last accepted code: a code is never accepted twice. */
  last_time_step: number;
  created_at: string;
}

export interface RecoveryCodeTable {
  id: string;
  tenant_id: string;
  account_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface OneTimeTokenTable {
  token_hash: string;
  tenant_id: string;
  account_id: string;
  purpose: 'verify-email' | 'reset-password' | 'change-email';
  /** For `change-email`: the new address. */
  data: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface ApiClientTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  name: string;
  token_hash: string;
  /** The first characters of the token, so an administrator can tell tokens apart. */
  token_prefix: string;
  /** JSON array of actions the client may perform. */
  scopes: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginThrottleTable {
  /** `account:<tenant>:<email>` or `ip:<address>`. */
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/** A fixed-window request counter shared by every app instance (see rate-limits.ts). */
export interface RateLimitTable {
  /** E.g. `register:ip:203.0.113.9` or `reset:email:<tenant>:<address>`. */
  key: string;
  window_start: string;
  expires_at: string;
  count: number;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    accounts: AccountTable;
    identities: IdentityTable;
    organisation_members: OrganisationMemberTable;
    organisation_invitations: OrganisationInvitationTable;
    rate_limits: RateLimitTable;
    sessions: SessionTable;
    memberships: MembershipTable;
    teams: TeamTable;
    totp_secrets: TotpTable;
    recovery_codes: RecoveryCodeTable;
    one_time_tokens: OneTimeTokenTable;
    api_clients: ApiClientTable;
    login_throttle: LoginThrottleTable;
  }
}
