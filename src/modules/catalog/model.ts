import type { Language } from '../../core/i18n/index.js';

/** Where a region sits in the ARS/AGS tree. */
export type RegionLevel = 'land' | 'kreis' | 'gemeinde';

export interface Region {
  /** Amtlicher Gemeindeschlüssel: 2 digits (Land), 5 (Kreis) or 8 (Gemeinde). */
  ags: string;
  /** Amtlicher Regionalschlüssel (12 digits for a Gemeinde). */
  ars: string;
  name: string;
  level: RegionLevel;
  /** "Landkreis", "Kreisfreie Stadt", "Stadt", "Gemeinde", "Land". */
  designation: string;
  parentAgs: string | null;
}

/** The administrative level at which a service is provided; decides which authority is asked. */
export type ServiceLevel = RegionLevel;

/**
 * What an authority does, so other modules can find e.g. "the water authority of this Kreis": the
 * key of one of the tenant's authority kinds (`AuthorityKindDefinition`). Kinds are catalogue data
 * (`data/catalog/<tenant>/authority-kinds.json`), not code: a procedure pack may route to any kind
 * a tenant defines.
 */
export type AuthorityKind = string;

/** One kind of authority a tenant knows, e.g. `water` – "Untere Wasserbehörde". */
export interface AuthorityKindDefinition {
  key: AuthorityKind;
  label: Record<Language, string>;
  /** Whether the admin's staff form offers the authorities of this kind (not e.g. 419 Gemeindeverwaltungen). */
  staffAccounts: boolean;
}

/** The kind's label in the language; the key itself for a kind the tenant does not define (never an empty cell). */
export function kindLabel(kinds: readonly AuthorityKindDefinition[], key: AuthorityKind, lang: Language): string {
  return kinds.find((kind) => kind.key === key)?.label[lang] ?? key;
}

export interface Address {
  street?: string;
  postcode?: string;
  city: string;
  /** Free text when no postal address is kept (e.g. generated Gemeindeverwaltungen). */
  description?: string;
}

/** An Organisationseinheit. */
export interface Authority {
  id: string;
  tenantId: string;
  /** Stable key within the tenant (e.g. `lfulg`, `uwb-14521`), used in seed data and exchange. */
  key: string;
  name: string;
  kind: AuthorityKind;
  description: string | null;
  address: Address;
  phone: string | null;
  email: string | null;
  web: string | null;
  openingHours: string | null;
  regionAgs: string;
}

export interface LegalBasis {
  title: string;
  url?: string;
}

export interface Link {
  title: string;
  url: string;
}

/** A service description in one language (the FIM Leistungsbeschreibung modules we model). */
export interface ServiceText {
  name: string;
  shortText: string;
  fullText: string;
  documents: string[];
  prerequisites: string;
  costs: string;
  deadlines: string;
  processingTime: string;
  steps: string[];
  legalBases: LegalBasis[];
  notes: string;
  synonyms: string[];
  forms: Link[];
}

/**
 * Where a service comes from: the tenant's own data (seed files, XZuFi import), or the shipped LeiKa
 * catalogue (`data/leika/`), whose entries form the catalogue's skeleton in every tenant.
 */
export type ServiceOrigin = 'tenant' | 'leika';

export interface Service {
  id: string;
  tenantId: string;
  /** URL slug, unique within the tenant (a LeiKa entry's slug is its key). */
  key: string;
  /** 14-digit LeiKa Leistungsschlüssel; null for a service the LeiKa has no key for (e.g. the Bohranzeige). */
  leikaKey: string | null;
  origin: ServiceOrigin;
  typisierung: string | null;
  level: ServiceLevel;
  lebenslagen: string[];
  /** The online procedure that implements it (`/antrag/<key>`), if any. */
  procedureKey: string | null;
  ozgId: string | null;
  /** Name of the OZG-Leistung (e.g. "Hundehaltung"), as the LeiKa catalogue assigns it. */
  ozgLeistung: string | null;
  /** The OZG-Lebenslage (e.g. "Tierhaltung"); not one of the tenant's Lebenslagen, which are `lebenslagen`. */
  ozgLebenslage: string | null;
  themenfeld: string | null;
  /** Rank for "frequently used" lists; higher first. */
  popularity: number;
  releasedOn: string | null;
  releasedBy: string | null;
  texts: Partial<Record<Language, ServiceText>>;
}

/**
 * A catalogue entry that only informs: an entry of the LeiKa skeleton with no online procedure
 * (no `/antrag/…`) and, until the tenant writes them, no texts of the tenant's authorities.
 */
export function isInformationOnly(service: Service): boolean {
  return service.origin === 'leika' && service.procedureKey === null;
}

export interface Lebenslage {
  key: string;
  position: number;
  names: Record<Language, string>;
  descriptions: Record<Language, string>;
}

/** One row of the jurisdiction table: for this service in this region, this authority. */
export interface Jurisdiction {
  serviceId: string;
  regionAgs: string;
  authorityId: string;
  /** Null: always involved. Otherwise a key the procedure evaluates (e.g. `depth_over_100m`). */
  conditionKey: string | null;
  conditionTexts: Partial<Record<Language, string>> | null;
}

export interface Postcode {
  postcode: string;
  place: string;
  kreisAgs: string;
  latitude: number;
  longitude: number;
}
