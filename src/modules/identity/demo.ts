import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import * as store from './store.js';
import type { Profile } from './profile.js';

/** The demo identity provider's issuer: never a real one, so its identities cannot be confused with real ones. */
export const demoIssuer = 'urn:amtsweg:demo-idp';

export function demoIdpEnabled(ctx: AppContext): boolean {
  return ctx.config.env !== 'production' && ctx.config.demoData;
}

export const demoPerson = {
  subject: 'demo-person',
  email: 'erika.mustermann@example.org',
  profile: { givenName: 'Erika', familyName: 'Mustermann', birthDate: '1964-08-12', street: 'Heidestraße 17', postcode: '01097', city: 'Dresden' } satisfies Profile,
};

export const demoOrganisationMember = {
  subject: 'demo-organisation-member',
  email: 'max.bohrer@example.org',
  profile: { givenName: 'Max', familyName: 'Bohrer', street: 'Am Schacht 3', postcode: '09599', city: 'Freiberg' } satisfies Profile,
};

export const demoOrganisation = {
  profile: {
    organisationName: 'Bohrtechnik Erzgebirge GmbH',
    registerNumber: 'HRB 31415, Amtsgericht Chemnitz',
    street: 'Am Schacht 3',
    postcode: '09599',
    city: 'Freiberg',
  } satisfies Profile,
};

/** The person behind a demo persona and, for the organisation, the organisation they act for. */
export async function demoLogin(ctx: AppContext, tenantId: string, persona: 'person' | 'organisation'): Promise<{ accountId: string; actingFor: string | null } | undefined> {
  const subject = persona === 'person' ? demoPerson.subject : demoOrganisationMember.subject;
  const accountId = await store.findAccountIdByExternalIdentity(ctx.db, tenantId, demoIssuer, subject);
  if (!accountId) return undefined;
  if (persona === 'person') return { accountId, actingFor: null };
  const organisations = await store.organisationsOf(ctx.db, tenantId, accountId);
  return { accountId, actingFor: organisations[0]?.accountId ?? null };
}

/**
 * Creates a demo citizen account with a password and a demo-IdP identity, unless it exists. Returns its id.
 * The password is hashed only for a new account: argon2 costs 19 MB and a noticeable pause on every start otherwise.
 */
export async function ensureDemoCitizen(
  ctx: AppContext,
  tenantId: string,
  person: { subject: string; email: string; profile: Profile },
  passwordHashOf: () => Promise<string>,
): Promise<string> {
  const known = await store.findAccountByEmail(ctx.db, tenantId, person.email);
  if (known) return known.id;
  const passwordHash = await passwordHashOf();
  return inTransaction(ctx.db, async (trx) => {
    const existing = await store.findAccountByEmail(trx, tenantId, person.email);
    if (existing) return existing.id;
    const now = ctx.clock.now().toISOString();
    const id = newId();
    await store.insertAccount(
      trx,
      { id, tenantId, kind: 'person', email: person.email, emailVerified: true, displayName: `${person.profile.givenName} ${person.profile.familyName}`, profile: person.profile },
      now,
    );
    await store.setPasswordHash(trx, tenantId, id, passwordHash, newId(), now);
    await store.insertExternalIdentity(trx, { id: newId(), tenantId, accountId: id, provider: 'demo', issuer: demoIssuer, subject: person.subject }, now);
    return id;
  });
}
