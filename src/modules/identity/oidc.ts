import type * as Client from 'openid-client';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { appendAudit } from '../../core/audit/index.js';
import { displayNameOf, profileFields, type Profile, type ProfileField } from './profile.js';
import * as store from './store.js';
import { isTrustLevel, meetsTrustLevel, type TrustLevel } from '../access/index.js';

/** One identity provider from OIDC_PROVIDERS, e.g. BundID for citizens or the Land's Keycloak for staff. */
export interface OidcProvider {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  audience: 'citizen' | 'staff';
  /** `acr` value of the ID token → the trust level it stands for; an unmapped acr counts as `basis`. */
  acrLevels: Record<string, TrustLevel>;
  /** Profile field → claim name, e.g. `{ "familyName": "family_name" }`. */
  claims: Partial<Record<ProfileField | 'email', string>>;
}

export class OidcLoginError extends DomainError {
  constructor() {
    super(400, 'identity.oidc.failed');
  }
}

function invalid(index: number, problem: string): Error {
  return new Error(`OIDC_PROVIDERS[${index}] ${problem}`);
}

/** Checks the configured providers' shape at start-up; a mistake names the entry and the field. */
export function parseOidcProviders(raw: unknown[]): OidcProvider[] {
  const seen = new Set<string>();
  return raw.map((entry, index) => {
    if (typeof entry !== 'object' || entry === null) throw invalid(index, 'must be an object');
    const e = entry as Record<string, unknown>;
    for (const field of ['id', 'label', 'issuer', 'clientId', 'clientSecret'] as const) {
      if (typeof e[field] !== 'string' || !e[field]) throw invalid(index, `needs a non-empty string "${field}"`);
    }
    const id = e.id as string;
    if (!/^[a-z0-9-]{1,40}$/.test(id) || id === 'demo') throw invalid(index, 'id must be lower-case letters, digits and dashes (not "demo")');
    if (seen.has(id)) throw invalid(index, `id "${id}" is used twice`);
    seen.add(id);
    if (!URL.canParse(e.issuer as string)) throw invalid(index, 'issuer must be a URL');
    if (e.audience !== 'citizen' && e.audience !== 'staff') throw invalid(index, 'audience must be "citizen" or "staff"');
    const acrLevels = (e.acrLevels ?? {}) as Record<string, unknown>;
    for (const [acr, level] of Object.entries(acrLevels)) if (!isTrustLevel(level)) throw invalid(index, `acrLevels["${acr}"] must be basis, substanziell or hoch`);
    const claims = (e.claims ?? {}) as Record<string, unknown>;
    for (const [field, claim] of Object.entries(claims)) {
      if (!([...profileFields, 'email'] as string[]).includes(field) || typeof claim !== 'string')
        throw invalid(index, `claims["${field}"] is not a profile field mapped to a claim name`);
    }
    return {
      id,
      label: e.label as string,
      issuer: e.issuer as string,
      clientId: e.clientId as string,
      clientSecret: e.clientSecret as string,
      scopes: typeof e.scopes === 'string' && e.scopes ? e.scopes : 'openid profile email',
      audience: e.audience,
      acrLevels: acrLevels as Record<string, TrustLevel>,
      claims: claims as OidcProvider['claims'],
    };
  });
}

/** openid-client is loaded with the first OIDC login, not at start-up (most installations start without providers). */
const openidClient = () => import('openid-client');

const configurations = new Map<string, Promise<Client.Configuration>>();

/** Discovery once per provider and process; a failed discovery is retried on the next login. */
function configurationFor(ctx: AppContext, provider: OidcProvider): Promise<Client.Configuration> {
  const key = `${provider.id}|${provider.issuer}|${provider.clientId}`;
  let configuration = configurations.get(key);
  if (!configuration) {
    const insecure = provider.issuer.startsWith('http:') && ctx.config.env !== 'production';
    configuration = openidClient().then((client) =>
      client.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
        timeout: 10,
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      }),
    );
    configuration.catch(() => configurations.delete(key));
    configurations.set(key, configuration);
  }
  return configuration;
}

/** What we keep (in a signed, HttpOnly cookie) between the redirect to the provider and its answer. */
export interface OidcPending {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/**
 * Asks the provider for the acr values that reach `minimum` (all configured ones without a minimum);
 * providers like oidc-provider put `acr` into the ID token only when it was asked for.
 */
function acrValues(provider: OidcProvider, minimum: TrustLevel | undefined): string | undefined {
  const values = Object.entries(provider.acrLevels)
    .filter(([, level]) => !minimum || meetsTrustLevel(level, minimum))
    .map(([acr]) => acr);
  return values.length ? values.join(' ') : undefined;
}

export async function startOidcLogin(
  ctx: AppContext,
  provider: OidcProvider,
  redirectUri: string,
  returnTo: string,
  minimum?: TrustLevel,
): Promise<{ url: string; pending: OidcPending }> {
  const configuration = await configurationFor(ctx, provider).catch((error: unknown) => {
    ctx.log.warn({ err: error, provider: provider.id }, 'OIDC discovery failed');
    throw new OidcLoginError();
  });
  const client = await openidClient();
  const pending: OidcPending = { provider: provider.id, state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), returnTo };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: provider.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ...(acrValues(provider, minimum) ? { acr_values: acrValues(provider, minimum)! } : {}),
  });
  return { url: url.href, pending };
}

export interface ExternalLogin {
  accountId: string;
  trustLevel: TrustLevel;
}

function profileFromClaims(provider: OidcProvider, claims: Record<string, unknown>): Profile {
  const profile: Profile = {};
  for (const field of profileFields) {
    const claim = provider.claims[field];
    const value = claim ? claims[claim] : undefined;
    if (typeof value === 'string' && value.trim()) profile[field] = value.trim().slice(0, 200);
  }
  return profile;
}

/**
 * Redeems the provider's answer (code + PKCE verifier, state and nonce checked by openid-client)
 * and finds or creates the account behind the subject. A signed-in citizen who steps up with a
 * provider for the first time gets the provider linked to their account. Staff providers only
 * sign in existing staff accounts (matched by subject, or once by their address).
 */
export async function finishOidcLogin(
  ctx: AppContext,
  tenantId: string,
  provider: OidcProvider,
  callbackUrl: URL,
  pending: OidcPending,
  signedInAccountId: string | null,
): Promise<ExternalLogin> {
  let claims: Record<string, unknown>;
  let issuer: string;
  try {
    const [configuration, client] = await Promise.all([configurationFor(ctx, provider), openidClient()]);
    issuer = configuration.serverMetadata().issuer;
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  } catch (error) {
    ctx.log.info({ err: error, provider: provider.id }, 'OIDC login refused');
    throw new OidcLoginError();
  }
  const subject = String(claims.sub);
  const acr = typeof claims.acr === 'string' ? claims.acr : '';
  const trustLevel = provider.acrLevels[acr] ?? 'basis';
  const profile = profileFromClaims(provider, claims);
  const emailClaim = claims[provider.claims.email ?? 'email'];
  const email = typeof emailClaim === 'string' && claims.email_verified !== false ? emailClaim.toLowerCase() : null;

  const accountId = await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString();
    const known = await store.findAccountIdByExternalIdentity(trx, tenantId, issuer, subject);
    if (known) {
      // One issuer may serve citizens and staff: a subject signs in only an account of the provider's audience.
      const account = await store.findAccountById(trx, tenantId, known);
      if ((account?.kind === 'staff') !== (provider.audience === 'staff')) throw new OidcLoginError();
      return known;
    }
    let accountId: string | undefined;
    if (provider.audience === 'staff') {
      const staff = email ? await store.findAccountByEmail(trx, tenantId, email) : undefined;
      if (staff?.kind !== 'staff') throw new OidcLoginError();
      accountId = staff.id;
    } else if (signedInAccountId) {
      accountId = signedInAccountId;
    } else {
      accountId = newId();
      // An address that belongs to another account is not taken over: the new account has none.
      const free = email && !(await store.findAccountByEmail(trx, tenantId, email)) ? email : null;
      await store.insertAccount(
        trx,
        { id: accountId, tenantId, kind: 'person', email: free, emailVerified: !!free, displayName: displayNameOf('person', profile, provider.label), profile },
        now,
      );
    }
    await store.insertExternalIdentity(trx, { id: newId(), tenantId, accountId, provider: provider.id, issuer, subject }, now);
    await appendAudit(trx, ctx, {
      tenantId,
      actor: { type: 'account', id: accountId },
      action: 'identity.link',
      objectType: 'account',
      objectId: accountId,
      details: { provider: provider.id },
    });
    return accountId;
  });
  return { accountId, trustLevel };
}
