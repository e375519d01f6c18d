/**
 * What an account tells about its holder, used to prefill forms. Flat and all optional: a person
 * fills in the person's fields, an organisation its own; forms take what is there.
 */
export interface Profile {
  givenName?: string;
  familyName?: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate?: string;
  organisationName?: string;
  registerNumber?: string;
  street?: string;
  postcode?: string;
  city?: string;
}

export const profileFields = ['givenName', 'familyName', 'birthDate', 'organisationName', 'registerNumber', 'street', 'postcode', 'city'] as const;
export type ProfileField = (typeof profileFields)[number];

export const profileFieldMaxLength = 200;

export function parseProfile(text: string): Profile {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const profile: Profile = {};
  for (const field of profileFields) if (typeof raw[field] === 'string' && raw[field]) profile[field] = raw[field];
  return profile;
}

export function displayNameOf(kind: 'person' | 'organisation' | 'staff', profile: Profile, fallback: string): string {
  if (kind === 'organisation') return profile.organisationName || fallback;
  return [profile.givenName, profile.familyName].filter(Boolean).join(' ') || fallback;
}
