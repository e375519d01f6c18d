import { sql } from 'kysely';
import { contains, type Executor } from '../../core/db/index.js';
import type { Language } from '../../core/i18n/index.js';
import type {
  Address,
  Authority,
  AuthorityKind,
  AuthorityKindDefinition,
  Jurisdiction,
  Lebenslage,
  Postcode,
  Region,
  RegionLevel,
  Service,
  ServiceLevel,
  ServiceOrigin,
  ServiceText,
} from './model.js';

export interface RegionTable {
  ags: string;
  ars: string;
  name: string;
  level: RegionLevel;
  designation: string;
  parent_ags: string | null;
}

export interface PostcodeTable {
  postcode: string;
  place: string;
  kreis_ags: string;
  latitude: number;
  longitude: number;
}

export interface CatalogTenantTable {
  tenant_id: string;
  land_ags: string;
  /** Bumped by every catalogue write, so search indexes on every instance notice the change. */
  revision: number;
  /** Hash of the seed files last loaded, so an unchanged seed is not reloaded at every start. */
  seed_hash: string | null;
}

export interface AuthorityTable {
  id: string;
  tenant_id: string;
  key: string;
  name: string;
  kind: AuthorityKind;
  description: string | null;
  /** JSON Address. */
  address: string;
  phone: string | null;
  email: string | null;
  web: string | null;
  opening_hours: string | null;
  region_ags: string;
  updated_at: string;
}

export interface AuthorityKindTable {
  tenant_id: string;
  key: string;
  position: number;
  label_de: string;
  label_en: string;
  staff_accounts: number;
}

export interface LebenslageTable {
  tenant_id: string;
  key: string;
  position: number;
  /** JSON {de, en}. */
  names: string;
  descriptions: string;
}

export interface ServiceTable {
  id: string;
  tenant_id: string;
  key: string;
  /** '' for none: the column is NOT NULL since 0102, and SQLite cannot relax that without rebuilding the table. */
  leika_key: string;
  origin: ServiceOrigin;
  typisierung: string | null;
  level: ServiceLevel;
  /** JSON array of Lebenslage keys. */
  lebenslagen: string;
  procedure_key: string | null;
  ozg_id: string | null;
  ozg_leistung: string | null;
  ozg_lebenslage: string | null;
  themenfeld: string | null;
  popularity: number;
  released_on: string | null;
  released_by: string | null;
  updated_at: string;
}

export interface ServiceTextTable {
  service_id: string;
  tenant_id: string;
  lang: Language;
  version: number;
  /** JSON ServiceText. */
  content: string;
  updated_at: string;
}

export interface ServiceTextVersionTable {
  id: string;
  tenant_id: string;
  service_id: string;
  lang: Language;
  version: number;
  actor_id: string;
  changed_at: string;
  /** JSON array of the ServiceText fields that changed. */
  changed_fields: string;
  /** JSON ServiceText as it was after this change. */
  content: string;
  actor_name: string | null;
  /** JSON ServiceText as it was before this change (null for versions from before 0103). */
  previous_content: string | null;
}

/** One change of a jurisdiction: service × region × condition moved from one authority to another (null = none). */
export interface JurisdictionVersionTable {
  id: string;
  tenant_id: string;
  service_id: string;
  region_ags: string;
  condition_key: string | null;
  previous_authority_id: string | null;
  authority_id: string | null;
  actor_id: string;
  actor_name: string | null;
  changed_at: string;
}

export interface JurisdictionTable {
  id: string;
  tenant_id: string;
  service_id: string;
  region_ags: string;
  authority_id: string;
  condition_key: string | null;
  /** JSON {de?, en?} or null. */
  condition_texts: string | null;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    regions: RegionTable;
    postcodes: PostcodeTable;
    catalog_tenants: CatalogTenantTable;
    authorities: AuthorityTable;
    catalog_authority_kinds: AuthorityKindTable;
    lebenslagen: LebenslageTable;
    services: ServiceTable;
    service_texts: ServiceTextTable;
    service_text_versions: ServiceTextVersionTable;
    jurisdictions: JurisdictionTable;
    jurisdiction_versions: JurisdictionVersionTable;
  }
}

// ---- regions and postcodes (shared reference data) ----

function toRegion(row: RegionTable): Region {
  return { ags: row.ags, ars: row.ars, name: row.name, level: row.level, designation: row.designation, parentAgs: row.parent_ags };
}

export async function upsertRegions(db: Executor, regions: Region[]): Promise<void> {
  for (const chunk of chunks(regions, 200)) {
    await db
      .insertInto('regions')
      .values(chunk.map((r) => ({ ags: r.ags, ars: r.ars, name: r.name, level: r.level, designation: r.designation, parent_ags: r.parentAgs })))
      .onConflict((oc) =>
        oc.column('ags').doUpdateSet((eb) => ({
          ars: eb.ref('excluded.ars'),
          name: eb.ref('excluded.name'),
          level: eb.ref('excluded.level'),
          designation: eb.ref('excluded.designation'),
          parent_ags: eb.ref('excluded.parent_ags'),
        })),
      )
      .execute();
  }
}

export async function upsertPostcodes(db: Executor, postcodes: Postcode[]): Promise<void> {
  for (const chunk of chunks(postcodes, 200)) {
    await db
      .insertInto('postcodes')
      .values(chunk.map((p) => ({ postcode: p.postcode, place: p.place, kreis_ags: p.kreisAgs, latitude: p.latitude, longitude: p.longitude })))
      .onConflict((oc) => oc.columns(['postcode', 'place']).doNothing())
      .execute();
  }
}

export async function findRegion(db: Executor, ags: string): Promise<Region | undefined> {
  const row = await db.selectFrom('regions').selectAll().where('ags', '=', ags).executeTakeFirst();
  return row && toRegion(row);
}

export async function listRegionAgs(db: Executor): Promise<string[]> {
  return (await db.selectFrom('regions').select('ags').execute()).map((r) => r.ags);
}

export async function findRegionByArs(db: Executor, ars: string): Promise<Region | undefined> {
  const row = await db.selectFrom('regions').selectAll().where('ars', '=', ars).executeTakeFirst();
  return row && toRegion(row);
}

/** Every region below a Land (its Kreise and Gemeinden). */
export async function listRegionsUnder(db: Executor, landAgs: string): Promise<Region[]> {
  const rows = await db.selectFrom('regions').selectAll().where('ags', 'like', `${landAgs}%`).orderBy('name').orderBy('ags').execute();
  return rows.map(toRegion);
}

export async function findPostcodes(db: Executor, postcode: string): Promise<Postcode[]> {
  const rows = await db.selectFrom('postcodes').selectAll().where('postcode', '=', postcode).orderBy('place').execute();
  return rows.map((r) => ({ postcode: r.postcode, place: r.place, kreisAgs: r.kreis_ags, latitude: r.latitude, longitude: r.longitude }));
}

/** Postcodes starting with the given digits (for the place autocomplete). */
export async function findPostcodesByPrefix(db: Executor, prefix: string, limit: number): Promise<Postcode[]> {
  const rows = await db
    .selectFrom('postcodes')
    .selectAll()
    .where('postcode', 'like', `${prefix.replace(/\D/g, '')}%`)
    .orderBy('postcode')
    .orderBy('place')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ postcode: r.postcode, place: r.place, kreisAgs: r.kreis_ags, latitude: r.latitude, longitude: r.longitude }));
}

// ---- tenants' Land and revision ----

export async function setTenantLand(db: Executor, tenantId: string, landAgs: string): Promise<void> {
  await db
    .insertInto('catalog_tenants')
    .values({ tenant_id: tenantId, land_ags: landAgs, revision: 0, seed_hash: null })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ land_ags: landAgs }))
    .execute();
}

export async function getSeedHash(db: Executor, tenantId: string): Promise<string | null> {
  const row = await db.selectFrom('catalog_tenants').select('seed_hash').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.seed_hash ?? null;
}

export async function setSeedHash(db: Executor, tenantId: string, hash: string): Promise<void> {
  await db.updateTable('catalog_tenants').set({ seed_hash: hash }).where('tenant_id', '=', tenantId).execute();
}

export async function tenantCatalogState(db: Executor, tenantId: string): Promise<{ landAgs: string; revision: number } | undefined> {
  const row = await db.selectFrom('catalog_tenants').select(['land_ags', 'revision']).where('tenant_id', '=', tenantId).executeTakeFirst();
  return row && { landAgs: row.land_ags, revision: Number(row.revision) };
}

/** Catalogue writes by this process per tenant, so cached catalogues notice them at once (see service.ts). */
const writesByTenant = new Map<string, number>();

export function catalogWrites(tenantId: string): number {
  return writesByTenant.get(tenantId) ?? 0;
}

export async function bumpRevision(db: Executor, tenantId: string): Promise<void> {
  writesByTenant.set(tenantId, catalogWrites(tenantId) + 1);
  await db
    .updateTable('catalog_tenants')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .execute();
}

// ---- authority kinds ----

/** Makes the tenant's kinds exactly these, in this order (a kind left out of the list is removed). */
export async function replaceAuthorityKinds(db: Executor, tenantId: string, kinds: readonly AuthorityKindDefinition[]): Promise<void> {
  await db.deleteFrom('catalog_authority_kinds').where('tenant_id', '=', tenantId).execute();
  if (!kinds.length) return;
  await db
    .insertInto('catalog_authority_kinds')
    .values(
      kinds.map((kind, position) => ({
        tenant_id: tenantId,
        key: kind.key,
        position,
        label_de: kind.label.de,
        label_en: kind.label.en,
        staff_accounts: kind.staffAccounts ? 1 : 0,
      })),
    )
    .execute();
}

export async function listAuthorityKinds(db: Executor, tenantId: string): Promise<AuthorityKindDefinition[]> {
  const rows = await db.selectFrom('catalog_authority_kinds').selectAll().where('tenant_id', '=', tenantId).orderBy('position').execute();
  return rows.map((row) => ({ key: row.key, label: { de: row.label_de, en: row.label_en }, staffAccounts: row.staff_accounts === 1 }));
}

/** The kinds any tenant defines: a procedure pack may name only these. */
export async function authorityKindKeysOfAllTenants(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('catalog_authority_kinds').select('key').distinct().execute();
  return new Set(rows.map((row) => row.key));
}

// ---- authorities ----

function toAuthority(row: AuthorityTable): Authority {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    key: row.key,
    name: row.name,
    kind: row.kind,
    description: row.description,
    address: JSON.parse(row.address) as Address,
    phone: row.phone,
    email: row.email,
    web: row.web,
    openingHours: row.opening_hours,
    regionAgs: row.region_ags,
  };
}

/** Inserts or updates by (tenant, key); the id of an existing authority is kept. Returns the ids by key. */
export async function upsertAuthorities(db: Executor, authorities: Authority[], now: string): Promise<Map<string, string>> {
  for (const chunk of chunks(authorities, 100)) {
    await db
      .insertInto('authorities')
      .values(
        chunk.map((a) => ({
          id: a.id,
          tenant_id: a.tenantId,
          key: a.key,
          name: a.name,
          kind: a.kind,
          description: a.description,
          address: JSON.stringify(a.address),
          phone: a.phone,
          email: a.email,
          web: a.web,
          opening_hours: a.openingHours,
          region_ags: a.regionAgs,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'key']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          description: eb.ref('excluded.description'),
          address: eb.ref('excluded.address'),
          phone: eb.ref('excluded.phone'),
          email: eb.ref('excluded.email'),
          web: eb.ref('excluded.web'),
          opening_hours: eb.ref('excluded.opening_hours'),
          region_ags: eb.ref('excluded.region_ags'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  const tenantIds = [...new Set(authorities.map((a) => a.tenantId))];
  const ids = new Map<string, string>();
  for (const tenantId of tenantIds) {
    const rows = await db.selectFrom('authorities').select(['id', 'key']).where('tenant_id', '=', tenantId).execute();
    for (const row of rows) ids.set(row.key, row.id);
  }
  return ids;
}

export async function getAuthorityRow(db: Executor, tenantId: string, id: string): Promise<Authority | undefined> {
  const row = await db.selectFrom('authorities').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toAuthority(row);
}

export async function getAuthoritiesByIds(db: Executor, tenantId: string, ids: string[]): Promise<Authority[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('authorities').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return rows.map(toAuthority);
}

export interface AuthorityFilter {
  kind?: AuthorityKind;
  /** Case-insensitive part of the name. */
  nameContains?: string;
  /** Start after this name/id (keyset pagination by name, then id). */
  after?: { name: string; id: string };
  /** Every match when absent. */
  limit?: number;
}

export async function listAuthorities(db: Executor, tenantId: string, filter: AuthorityFilter): Promise<Authority[]> {
  let query = db.selectFrom('authorities').selectAll().where('tenant_id', '=', tenantId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.nameContains) query = query.where(contains(sql`lower(${sql.ref('name')})`, filter.nameContains.toLowerCase()));
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  query = query.orderBy('name').orderBy('id');
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  const rows = await query.execute();
  return rows.map(toAuthority);
}

// ---- Lebenslagen ----

export async function upsertLebenslagen(db: Executor, tenantId: string, lagen: Lebenslage[]): Promise<void> {
  for (const lage of lagen) {
    const values = { names: JSON.stringify(lage.names), descriptions: JSON.stringify(lage.descriptions), position: lage.position };
    await db
      .insertInto('lebenslagen')
      .values({ tenant_id: tenantId, key: lage.key, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet(values))
      .execute();
  }
}

export async function listLebenslagen(db: Executor, tenantId: string): Promise<Lebenslage[]> {
  const rows = await db.selectFrom('lebenslagen').selectAll().where('tenant_id', '=', tenantId).orderBy('position').execute();
  return rows.map((r) => ({ key: r.key, position: r.position, names: JSON.parse(r.names), descriptions: JSON.parse(r.descriptions) }));
}

// ---- services ----

type ServiceHead = Omit<Service, 'texts'>;

function toServiceHead(row: ServiceTable): ServiceHead {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    key: row.key,
    leikaKey: row.leika_key || null,
    origin: row.origin,
    typisierung: row.typisierung,
    level: row.level,
    lebenslagen: JSON.parse(row.lebenslagen) as string[],
    procedureKey: row.procedure_key,
    ozgId: row.ozg_id,
    ozgLeistung: row.ozg_leistung,
    ozgLebenslage: row.ozg_lebenslage,
    themenfeld: row.themenfeld,
    popularity: Number(row.popularity),
    releasedOn: row.released_on,
    releasedBy: row.released_by,
  };
}

/** The columns of a service besides id, tenant and key. */
function headColumns(service: Service, now: string) {
  return {
    leika_key: service.leikaKey ?? '',
    origin: service.origin,
    typisierung: service.typisierung,
    level: service.level,
    lebenslagen: JSON.stringify(service.lebenslagen),
    procedure_key: service.procedureKey,
    ozg_id: service.ozgId,
    ozg_leistung: service.ozgLeistung,
    ozg_lebenslage: service.ozgLebenslage,
    themenfeld: service.themenfeld,
    popularity: service.popularity,
    released_on: service.releasedOn,
    released_by: service.releasedBy,
    updated_at: now,
  };
}

/** Inserts or updates a service by (tenant, key) with its texts; returns its id. */
export async function upsertService(db: Executor, service: Service, now: string): Promise<string> {
  const head = headColumns(service, now);
  await db
    .insertInto('services')
    .values({ id: service.id, tenant_id: service.tenantId, key: service.key, ...head })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet(head))
    .execute();
  const { id } = await db.selectFrom('services').select('id').where('tenant_id', '=', service.tenantId).where('key', '=', service.key).executeTakeFirstOrThrow();
  for (const [lang, text] of Object.entries(service.texts) as [Language, ServiceText][]) {
    const content = JSON.stringify(text);
    await db
      .insertInto('service_texts')
      .values({ service_id: id, tenant_id: service.tenantId, lang, version: 1, content, updated_at: now })
      .onConflict((oc) => oc.columns(['service_id', 'lang']).doUpdateSet({ content, updated_at: now }))
      .execute();
  }
  return id;
}

/** The LeiKa keys the tenant's own services carry: the skeleton's entry for such a key is the tenant's service. */
export async function ownLeikaKeys(db: Executor, tenantId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('services').select('leika_key').where('tenant_id', '=', tenantId).where('origin', '=', 'tenant').execute();
  return new Set(rows.map((row) => row.leika_key).filter(Boolean));
}

/**
 * Loads LeiKa skeleton entries (`origin` 'leika') in batches: new ones are inserted, known ones
 * (by tenant and key) get the catalogue's current facts. Their German text is replaced only while
 * it is the shipped one (version 1): a text the tenant's staff edited stays as they wrote it.
 */
export async function upsertSkeleton(db: Executor, tenantId: string, services: Service[], now: string): Promise<void> {
  for (const chunk of chunks(services, 300)) {
    await db
      .insertInto('services')
      .values(chunk.map((service) => ({ id: service.id, tenant_id: tenantId, key: service.key, ...headColumns(service, now) })))
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'key'])
          .doUpdateSet((eb) => ({
            leika_key: eb.ref('excluded.leika_key'),
            typisierung: eb.ref('excluded.typisierung'),
            ozg_id: eb.ref('excluded.ozg_id'),
            ozg_leistung: eb.ref('excluded.ozg_leistung'),
            ozg_lebenslage: eb.ref('excluded.ozg_lebenslage'),
            themenfeld: eb.ref('excluded.themenfeld'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where('services.origin', '=', 'leika'),
      )
      .execute();
  }
  const rows = await db.selectFrom('services').select(['id', 'key']).where('tenant_id', '=', tenantId).where('origin', '=', 'leika').execute();
  const ids = new Map(rows.map((row) => [row.key, row.id]));
  const texts = services.filter((service) => ids.has(service.key));
  for (const chunk of chunks(texts, 500)) {
    await db
      .insertInto('service_texts')
      .values(
        chunk.map((service) => ({
          service_id: ids.get(service.key)!,
          tenant_id: tenantId,
          lang: 'de' as const,
          version: 1,
          content: JSON.stringify(service.texts.de),
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['service_id', 'lang'])
          .doUpdateSet((eb) => ({ content: eb.ref('excluded.content'), updated_at: eb.ref('excluded.updated_at') }))
          .where('service_texts.version', '=', 1),
      )
      .execute();
  }
}

async function withTexts(db: Executor, tenantId: string, heads: ServiceHead[]): Promise<Service[]> {
  if (heads.length === 0) return [];
  const byId = new Map<string, Service>(heads.map((h) => [h.id, { ...h, texts: {} }]));
  const ids = [...byId.keys()];
  for (const chunk of chunks(ids, 500)) {
    const rows = await db.selectFrom('service_texts').select(['service_id', 'lang', 'content']).where('tenant_id', '=', tenantId).where('service_id', 'in', chunk).execute();
    for (const row of rows) byId.get(row.service_id)!.texts[row.lang] = JSON.parse(row.content) as ServiceText;
  }
  return [...byId.values()];
}

export async function listServices(db: Executor, tenantId: string): Promise<Service[]> {
  const rows = await db.selectFrom('services').selectAll().where('tenant_id', '=', tenantId).orderBy('key').execute();
  // Every text of the tenant in one read: with the LeiKa loaded, id lists in chunks took ten round trips.
  const byId = new Map<string, Service>(rows.map((row) => [row.id, { ...toServiceHead(row), texts: {} }]));
  const texts = await db.selectFrom('service_texts').select(['service_id', 'lang', 'content']).where('tenant_id', '=', tenantId).execute();
  for (const text of texts) {
    const service = byId.get(text.service_id);
    if (service) service.texts[text.lang] = JSON.parse(text.content) as ServiceText;
  }
  return [...byId.values()];
}

export async function findService(db: Executor, tenantId: string, by: { id?: string; key?: string; procedureKey?: string }): Promise<Service | undefined> {
  let query = db.selectFrom('services').selectAll().where('tenant_id', '=', tenantId);
  if (by.id !== undefined) query = query.where('id', '=', by.id);
  if (by.key !== undefined) query = query.where('key', '=', by.key);
  if (by.procedureKey !== undefined) query = query.where('procedure_key', '=', by.procedureKey);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return (await withTexts(db, tenantId, [toServiceHead(row)]))[0];
}

export async function getServiceTextRow(db: Executor, tenantId: string, serviceId: string, lang: Language) {
  return db
    .selectFrom('service_texts')
    .select(['version', 'content'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('lang', '=', lang)
    .executeTakeFirst();
}

export async function writeServiceText(
  db: Executor,
  row: { tenantId: string; serviceId: string; lang: Language; version: number; content: ServiceText; now: string },
): Promise<void> {
  const content = JSON.stringify(row.content);
  await db
    .insertInto('service_texts')
    .values({ service_id: row.serviceId, tenant_id: row.tenantId, lang: row.lang, version: row.version, content, updated_at: row.now })
    .onConflict((oc) => oc.columns(['service_id', 'lang']).doUpdateSet({ version: row.version, content, updated_at: row.now }))
    .execute();
}

export async function insertServiceTextVersion(db: Executor, version: ServiceTextVersionTable): Promise<void> {
  await db.insertInto('service_text_versions').values(version).execute();
}

export async function listServiceTextVersions(db: Executor, tenantId: string, serviceId: string) {
  const rows = await db
    .selectFrom('service_text_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .orderBy('lang')
    .orderBy('version')
    .execute();
  return rows.map((r) => ({
    lang: r.lang,
    version: Number(r.version),
    actorId: r.actor_id,
    actorName: r.actor_name,
    changedAt: r.changed_at,
    changedFields: JSON.parse(r.changed_fields) as string[],
    content: JSON.parse(r.content) as ServiceText,
    previousContent: r.previous_content === null ? null : (JSON.parse(r.previous_content) as ServiceText),
  }));
}

// ---- jurisdictions ----

function toJurisdiction(row: JurisdictionTable): Jurisdiction {
  return {
    serviceId: row.service_id,
    regionAgs: row.region_ags,
    authorityId: row.authority_id,
    conditionKey: row.condition_key,
    conditionTexts: row.condition_texts === null ? null : JSON.parse(row.condition_texts),
  };
}

export async function replaceJurisdictions(db: Executor, tenantId: string, serviceId: string, rows: Jurisdiction[], newId: () => string): Promise<void> {
  await db.deleteFrom('jurisdictions').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
  for (const chunk of chunks(rows, 200)) {
    await db
      .insertInto('jurisdictions')
      .values(
        chunk.map((j) => ({
          id: newId(),
          tenant_id: tenantId,
          service_id: serviceId,
          region_ags: j.regionAgs,
          authority_id: j.authorityId,
          condition_key: j.conditionKey,
          condition_texts: j.conditionTexts === null ? null : JSON.stringify(j.conditionTexts),
        })),
      )
      .execute();
  }
}

/** The jurisdiction rows of a service for any of the given regions (a place and its ancestors). */
export async function findJurisdictions(db: Executor, tenantId: string, serviceId: string, regionAgs: string[]): Promise<Jurisdiction[]> {
  const rows = await db
    .selectFrom('jurisdictions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('region_ags', 'in', regionAgs)
    .orderBy('id')
    .execute();
  return rows.map(toJurisdiction);
}

/** Whether any authority is named responsible for the service anywhere. */
export async function hasJurisdictions(db: Executor, tenantId: string, serviceId: string): Promise<boolean> {
  const row = await db.selectFrom('jurisdictions').select('id').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Every jurisdiction row of one service, by region. */
export async function listServiceJurisdictions(db: Executor, tenantId: string, serviceId: string): Promise<Jurisdiction[]> {
  const rows = await db.selectFrom('jurisdictions').selectAll().where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).orderBy('region_ags').orderBy('id').execute();
  return rows.map(toJurisdiction);
}

/** Which authorities serve which service anywhere in the tenant (each pair once). */
export async function listServiceAuthorityPairs(db: Executor, tenantId: string): Promise<{ serviceId: string; authorityId: string }[]> {
  const rows = await db.selectFrom('jurisdictions').select(['service_id', 'authority_id']).distinct().where('tenant_id', '=', tenantId).execute();
  return rows.map((row) => ({ serviceId: row.service_id, authorityId: row.authority_id }));
}

/** Removes the rows of service × region × condition (null condition: the unconditional rows). */
export async function deleteJurisdictionSlot(db: Executor, tenantId: string, serviceId: string, regionAgs: string, conditionKey: string | null): Promise<void> {
  await db
    .deleteFrom('jurisdictions')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('region_ags', '=', regionAgs)
    .where((eb) => (conditionKey === null ? eb('condition_key', 'is', null) : eb('condition_key', '=', conditionKey)))
    .execute();
}

export async function insertJurisdiction(db: Executor, tenantId: string, id: string, row: Jurisdiction): Promise<void> {
  await db
    .insertInto('jurisdictions')
    .values({
      id,
      tenant_id: tenantId,
      service_id: row.serviceId,
      region_ags: row.regionAgs,
      authority_id: row.authorityId,
      condition_key: row.conditionKey,
      condition_texts: row.conditionTexts === null ? null : JSON.stringify(row.conditionTexts),
    })
    .execute();
}

export async function insertJurisdictionVersion(db: Executor, version: JurisdictionVersionTable): Promise<void> {
  await db.insertInto('jurisdiction_versions').values(version).execute();
}

export async function listJurisdictionVersions(db: Executor, tenantId: string, serviceId: string) {
  const rows = await db
    .selectFrom('jurisdiction_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .orderBy('changed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    regionAgs: r.region_ags,
    conditionKey: r.condition_key,
    previousAuthorityId: r.previous_authority_id,
    authorityId: r.authority_id,
    actorId: r.actor_id,
    actorName: r.actor_name,
    changedAt: r.changed_at,
  }));
}

export async function listJurisdictions(db: Executor, tenantId: string): Promise<Jurisdiction[]> {
  const rows = await db.selectFrom('jurisdictions').selectAll().where('tenant_id', '=', tenantId).orderBy('service_id').orderBy('region_ags').orderBy('id').execute();
  return rows.map(toJurisdiction);
}

/** The ids of the services an authority is responsible for somewhere. */
export async function serviceIdsOfAuthority(db: Executor, tenantId: string, authorityId: string): Promise<string[]> {
  const rows = await db.selectFrom('jurisdictions').select('service_id').distinct().where('tenant_id', '=', tenantId).where('authority_id', '=', authorityId).execute();
  return rows.map((r) => r.service_id);
}

// ---- helpers ----

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
