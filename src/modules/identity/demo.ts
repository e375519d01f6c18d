import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import * as store from './store.js';
import type { Profile } from './profile.js';
import fs from 'node:fs';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { projectPath } from '../../core/paths.js';
import { LocalText } from '../../core/pack-schema.js';
import type { Language } from '../../core/i18n/index.js';

/** The demo identity provider's issuer: never a real one, so its identities cannot be confused with real ones. */
export const demoIssuer = 'urn:amtsweg:demo-idp';

export function demoIdpEnabled(ctx: AppContext): boolean {
  return ctx.config.env !== 'production' && ctx.config.demoData;
}

const demoCitizensFile = 'demo-citizens.json';

/** A demo citizen: who signs in, the profile the demo identity service hands over. */
interface DemoCitizen {
  subject: string;
  email: string;
  profile: Profile;
}

/** A tenant's demo citizens (`data/tenants/<slug>/demo-citizens.json`) and how its demo identity service offers them. */
export interface DemoCitizens {
  person: DemoCitizen;
  organisationMember: DemoCitizen;
  organisation: { profile: Profile };
  labels: Record<'person' | 'organisation', Record<Language, string>>;
}

const ProfileSchema = Type.Record(Type.String(), Type.String());
const PersonSchema = Type.Object({ email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' }), profile: ProfileSchema }, { additionalProperties: false });
const DemoCitizensSchema = Type.Object(
  {
    note: Type.Optional(Type.String()),
    person: Type.Object({ ...PersonSchema.properties, label: LocalText }, { additionalProperties: false }),
    organisation: Type.Object({ member: PersonSchema, profile: ProfileSchema, label: LocalText }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

/** Reads and checks a demo citizens file; a wrong one is refused with one line naming the file (as `shown`) and the entry. */
export function readDemoCitizens(file: string, shown: string): DemoCitizens {
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const [problem] = [...Value.Errors(DemoCitizensSchema, data)];
  if (problem) throw new Error(`${shown}: ${problem.instancePath || '/'} ${problem.message}`);
  const { person, organisation } = data as Static<typeof DemoCitizensSchema>;
  return {
    person: { subject: 'demo-person', email: person.email, profile: person.profile as Profile },
    organisationMember: { subject: 'demo-organisation-member', email: organisation.member.email, profile: organisation.member.profile as Profile },
    organisation: { profile: organisation.profile as Profile },
    labels: { person: person.label, organisation: organisation.label },
  };
}

const loaded = new Map<string, DemoCitizens | undefined>();

/** The demo citizens of a tenant (`data/tenants/<slug>/demo-citizens.json`), read once; none without the file. */
export function demoCitizensOf(slug: string): DemoCitizens | undefined {
  if (!loaded.has(slug)) {
    const file = projectPath('data/tenants', slug, demoCitizensFile);
    loaded.set(slug, fs.existsSync(file) ? readDemoCitizens(file, `data/tenants/${slug}/${demoCitizensFile}`) : undefined);
  }
  return loaded.get(slug);
}

/** The person behind a demo persona and, for the organisation, the organisation they act for. */
export async function demoLogin(ctx: AppContext, tenantId: string, persona: 'person' | 'organisation'): Promise<{ accountId: string; actingFor: string | null } | undefined> {
  const subject = persona === 'person' ? 'demo-person' : 'demo-organisation-member';
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
