import type { AppContext } from '../../core/context.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Language } from '../../core/i18n/index.js';
import type { Authority, AuthorityKind, AuthorityKindDefinition, Lebenslage, Region, Service, ServiceText } from './model.js';
import { ancestry, resolvePlace, suggestPlaces, type PlaceAnswer, type PlaceSuggestion } from './places.js';
import { maxQueryLength, ServiceIndex, type SearchOutcome } from './search.js';
import * as store from './store.js';

// ---- the in-memory catalogue per tenant (services, Lebenslagen, search indexes) ----

export interface TenantCatalog {
  revision: number;
  landAgs: string;
  services: Service[];
  byKey: Map<string, Service>;
  /** Most used first (ties by key): the empty search and the home page's frequent services. */
  byPopularity: Service[];
  lebenslagen: Lebenslage[];
  /**
   * By name, then id. Authorities change only with the catalogue (seed, XZuFi import), which moves
   * its revision; so routing and the pages find them here instead of querying them (`authorityLookup`).
   */
  authorities: Authority[];
  authoritiesById: Map<string, Authority>;
  /** The tenant's authority kinds in their order. */
  kinds: AuthorityKindDefinition[];
  indexes: Partial<Record<Language, ServiceIndex>>;
}

/**
 * Catalogues are cached per database (a test runtime or the app) and tenant. A use checks the
 * tenant's revision — one primary-key read — unless it was checked less than `revisionTrustMs`
 * ago and this process has not written the catalogue since (`store.catalogWrites`): an edit on
 * this instance is seen at once, one on another instance within that time. On a busy results
 * page the check was a third of the catalogue's share of the request.
 */
const revisionTrustMs = 1000;

interface CachedCatalog {
  catalog: Promise<TenantCatalog>;
  checkedAt: number;
  writes: number;
}

const caches = new WeakMap<object, Map<string, CachedCatalog>>();

/**
 * The services the portal shows: the tenant's own, and the LeiKa skeleton (when `LEIKA_CATALOG` is
 * on) without the entries whose key an own service carries — that service takes the entry's place,
 * also when it came (e.g. by XZuFi import) after the skeleton was loaded.
 */
function visibleServices(ctx: AppContext, services: Service[]): Service[] {
  const own = new Set(services.flatMap((s) => (s.origin === 'tenant' && s.leikaKey ? [s.leikaKey] : [])));
  return services.filter((s) => s.origin === 'tenant' || (ctx.config.leikaCatalog && !own.has(s.leikaKey!)));
}

/** Most used first; the tenant's own services before skeleton entries of the same rank, then by key. */
function byPopularity(a: Service, b: Service): number {
  return b.popularity - a.popularity || Number(a.origin === 'leika') - Number(b.origin === 'leika') || a.key.localeCompare(b.key);
}

async function loadCatalog(ctx: AppContext, tenantId: string, revision: number, landAgs: string): Promise<TenantCatalog> {
  const services = visibleServices(ctx, await store.listServices(ctx.db, tenantId));
  const authorities = await store.listAuthorities(ctx.db, tenantId, {});
  return {
    revision,
    landAgs,
    services,
    byKey: new Map(services.map((s) => [s.key, s])),
    byPopularity: [...services].sort(byPopularity),
    lebenslagen: await store.listLebenslagen(ctx.db, tenantId),
    authorities,
    authoritiesById: new Map(authorities.map((a) => [a.id, a])),
    kinds: await store.listAuthorityKinds(ctx.db, tenantId),
    indexes: {},
  };
}

export async function tenantCatalog(ctx: AppContext, tenantId: string): Promise<TenantCatalog> {
  let perTenant = caches.get(ctx.db);
  if (!perTenant) caches.set(ctx.db, (perTenant = new Map()));
  const cached = perTenant.get(tenantId);
  const writes = store.catalogWrites(tenantId);
  const now = performance.now();
  if (cached && cached.writes === writes && now - cached.checkedAt < revisionTrustMs) return cached.catalog;
  const state = await store.tenantCatalogState(ctx.db, tenantId);
  if (!state) throw new NotFoundError('catalog.error.noCatalogue');
  if (cached && (await cached.catalog).revision === state.revision) {
    Object.assign(cached, { checkedAt: now, writes });
    return cached.catalog;
  }
  const catalog = loadCatalog(ctx, tenantId, state.revision, state.landAgs);
  perTenant.set(tenantId, { catalog, checkedAt: now, writes });
  catalog.catch(() => perTenant.delete(tenantId));
  return catalog;
}

function indexFor(catalog: TenantCatalog, lang: Language): ServiceIndex {
  return (catalog.indexes[lang] ??= new ServiceIndex(catalog.services, lang));
}

/** The text of a service in the wanted language, falling back to German. */
export function textOf(service: Service, lang: Language): ServiceText {
  return (service.texts[lang] ?? service.texts.de ?? Object.values(service.texts)[0])!;
}

// ---- search ----

export interface SearchRequest {
  q: string;
  lebenslage?: string;
}

export interface SearchAnswer extends SearchOutcome {
  query: string;
}

/** Checks a query; an empty one is allowed (it lists everything), an over-long one is not. */
export function checkQuery(q: string): string {
  const query = q.trim();
  if (query.length > maxQueryLength) {
    throw new ValidationError([{ pointer: '/q', code: 'catalog.search.tooLong', params: { max: maxQueryLength } }]);
  }
  return query;
}

/** Searches the tenant's services; an empty query lists them all, most used first. */
export async function searchServices(ctx: AppContext, tenantId: string, lang: Language, request: SearchRequest): Promise<SearchAnswer> {
  const query = checkQuery(request.q);
  const catalog = await tenantCatalog(ctx, tenantId);
  if (query === '') {
    const all = catalog.byPopularity;
    const facets = new Map<string, number>();
    for (const s of all) for (const lage of s.lebenslagen) facets.set(lage, (facets.get(lage) ?? 0) + 1);
    const hits = all.filter((s) => !request.lebenslage || s.lebenslagen.includes(request.lebenslage)).map((service) => ({ service, score: 0 }));
    return { query, hits, facets, suggestion: null };
  }
  return { query, ...indexFor(catalog, lang).query(query, { lebenslage: request.lebenslage }) };
}

export async function listLebenslagen(ctx: AppContext, tenantId: string): Promise<Lebenslage[]> {
  return (await tenantCatalog(ctx, tenantId)).lebenslagen;
}

/** The home page's "frequently used" services of a catalogue snapshot. */
export function frequentServices(catalog: TenantCatalog, limit = 8): Service[] {
  return catalog.byPopularity.slice(0, limit);
}

export async function getServiceByKey(ctx: AppContext, tenantId: string, key: string): Promise<Service> {
  const service = (await tenantCatalog(ctx, tenantId)).byKey.get(key);
  if (!service) throw new NotFoundError('catalog.error.serviceNotFound');
  return service;
}

export async function getServiceById(ctx: AppContext, tenantId: string, id: string): Promise<Service> {
  const service = (await tenantCatalog(ctx, tenantId)).services.find((s) => s.id === id);
  if (!service) throw new NotFoundError('catalog.error.serviceNotFound');
  return service;
}

// ---- regions and places ----

export async function findRegionByAgs(ctx: AppContext, ags: string): Promise<Region | undefined> {
  return store.findRegion(ctx.db, ags);
}

export async function findPlace(ctx: AppContext, tenantId: string, input: string): Promise<PlaceAnswer> {
  const { landAgs } = await tenantCatalog(ctx, tenantId);
  return resolvePlace(ctx.db, landAgs, input);
}

/** Autocomplete proposals for the place field (PLZ, Gemeinde or Kreis name prefix, AGS). */
export async function placeSuggestions(ctx: AppContext, tenantId: string, input: string): Promise<PlaceSuggestion[]> {
  const { landAgs } = await tenantCatalog(ctx, tenantId);
  return suggestPlaces(ctx.db, landAgs, input);
}

export async function tenantLand(ctx: AppContext, tenantId: string): Promise<Region | undefined> {
  return store.findRegion(ctx.db, (await tenantCatalog(ctx, tenantId)).landAgs);
}

/** The tenant's Land with its Kreise and Gemeinden. */
export async function tenantRegions(ctx: AppContext, tenantId: string): Promise<Region[]> {
  return store.listRegionsUnder(ctx.db, (await tenantCatalog(ctx, tenantId)).landAgs);
}

/** A region of the tenant's Land by AGS, or undefined (e.g. a stale cookie from another tenant). */
export async function tenantRegion(ctx: AppContext, tenantId: string, ags: string): Promise<Region | undefined> {
  const { landAgs } = await tenantCatalog(ctx, tenantId);
  if (!/^\d{2}(\d{3}(\d{3})?)?$/.test(ags) || !ags.startsWith(landAgs)) return undefined;
  return store.findRegion(ctx.db, ags);
}

// ---- jurisdiction ----

export interface ResponsibleAuthority {
  authority: Authority;
  /** Null when always responsible; otherwise the procedure decides with this key. */
  conditionKey: string | null;
  conditionTexts: Partial<Record<Language, string>> | null;
  /** The region whose jurisdiction row applied (Gemeinde, Kreis or Land). */
  regionAgs: string;
}

/**
 * Who is responsible for a service at a place. For each condition (none, "depth > 100 m", …) the
 * most specific region wins: Gemeinde over Kreis over Land. Unconditional authorities come first.
 * An empty list means the place is not specific enough (e.g. a Kreis for a Gemeinde service).
 */
export async function responsibleAuthorities(ctx: AppContext, tenantId: string, serviceKeyOrProcedureKey: string, regionAgs: string): Promise<ResponsibleAuthority[]> {
  const catalog = await tenantCatalog(ctx, tenantId);
  const service = catalog.byKey.get(serviceKeyOrProcedureKey) ?? catalog.services.find((s) => s.procedureKey === serviceKeyOrProcedureKey);
  if (!service) throw new NotFoundError('catalog.error.serviceNotFound');
  const regions = ancestry(regionAgs);
  const rows = await store.findJurisdictions(ctx.db, tenantId, service.id, regions);
  const specificity = (ags: string) => regions.indexOf(ags);
  const bestPerCondition = new Map<string, number>();
  for (const row of rows) {
    const slot = row.conditionKey ?? '';
    bestPerCondition.set(slot, Math.min(bestPerCondition.get(slot) ?? Infinity, specificity(row.regionAgs)));
  }
  const applicable = rows
    .filter((row) => specificity(row.regionAgs) === bestPerCondition.get(row.conditionKey ?? ''))
    .sort((a, b) => Number(a.conditionKey !== null) - Number(b.conditionKey !== null));
  const authorityOf = await authorityLookup(
    ctx,
    tenantId,
    applicable.map((row) => row.authorityId),
  );
  return applicable.map((row) => ({
    authority: authorityOf(row.authorityId)!,
    conditionKey: row.conditionKey,
    conditionTexts: row.conditionTexts,
    regionAgs: row.regionAgs,
  }));
}

/**
 * Whether the tenant named anyone responsible for the service. A LeiKa entry starts without; the
 * tenant's own services are set up with their jurisdictions (their pages then ask for the place).
 */
export async function authoritiesNamed(ctx: AppContext, tenantId: string, service: Service): Promise<boolean> {
  return service.origin === 'tenant' || store.hasJurisdictions(ctx.db, tenantId, service.id);
}

// ---- authorities ----

/**
 * Finds authorities by id in the catalogue snapshot, reading only those it does not know: an
 * authority imported on another instance after the snapshot was loaded (a jurisdiction committed
 * there may already name it), or an id that is none.
 */
async function authorityLookup(ctx: AppContext, tenantId: string, ids: readonly string[]): Promise<(id: string) => Authority | undefined> {
  const { authoritiesById: known } = await tenantCatalog(ctx, tenantId);
  const unknown = [...new Set(ids.filter((id) => !known.has(id)))];
  const imported = new Map((await store.getAuthoritiesByIds(ctx.db, tenantId, unknown)).map((authority) => [authority.id, authority]));
  return (id) => known.get(id) ?? imported.get(id);
}

export async function getAuthority(ctx: AppContext, tenantId: string, id: string): Promise<Authority | undefined> {
  return (await authorityLookup(ctx, tenantId, [id]))(id);
}

/** The authorities of these ids that exist, for modules that show names beside their own rows. */
export async function getAuthorities(ctx: AppContext, tenantId: string, ids: readonly string[]): Promise<Authority[]> {
  const lookup = await authorityLookup(ctx, tenantId, ids);
  return [...new Set(ids)].map(lookup).filter((authority) => authority !== undefined);
}

/** The authority with this key (the stable name data files use, e.g. `lfulg`). */
export async function getAuthorityByKey(ctx: AppContext, tenantId: string, key: string): Promise<Authority | undefined> {
  return (await tenantCatalog(ctx, tenantId)).authorities.find((authority) => authority.key === key);
}

/** Every authority of the tenant, by name. */
export async function listAllAuthorities(ctx: AppContext, tenantId: string): Promise<Authority[]> {
  return (await tenantCatalog(ctx, tenantId)).authorities;
}

/** Every service of the tenant's catalogue, by key. */
export async function listAllServices(ctx: AppContext, tenantId: string): Promise<Service[]> {
  return (await tenantCatalog(ctx, tenantId)).services;
}

/** The authorities that serve each service somewhere in the tenant (from the Zuständigkeit rows), by service id. */
export async function authoritiesByService(ctx: AppContext, tenantId: string): Promise<Map<string, string[]>> {
  const byService = new Map<string, string[]>();
  for (const { serviceId, authorityId } of await store.listServiceAuthorityPairs(ctx.db, tenantId))
    (byService.get(serviceId) ?? byService.set(serviceId, []).get(serviceId)!).push(authorityId);
  return byService;
}

/** The tenant's authority kinds, in the order its data lists them. */
export async function listAuthorityKinds(ctx: AppContext, tenantId: string): Promise<AuthorityKindDefinition[]> {
  return (await tenantCatalog(ctx, tenantId)).kinds;
}

/** The kinds any tenant defines: what procedure packs may name. */
export function definedAuthorityKinds(ctx: AppContext): Promise<Set<string>> {
  return store.authorityKindKeysOfAllTenants(ctx.db);
}

/** The tenant's authorities of a kind, by name. */
export async function listAuthoritiesByKind(ctx: AppContext, tenantId: string, kind: AuthorityKind): Promise<Authority[]> {
  return (await tenantCatalog(ctx, tenantId)).authorities.filter((authority) => authority.kind === kind);
}

export interface AuthorityPage {
  items: Authority[];
  /** Opaque cursor for the next page, or null at the end. */
  next: string | null;
}

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, isValid: (value: unknown) => value is T): T | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through: a cursor we did not issue
  }
  throw new ValidationError([{ pointer: '/cursor', code: 'catalog.api.badCursor' }]);
}

const isAuthorityCursor = (v: unknown): v is { name: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && typeof (v as { id?: unknown }).id === 'string';

export async function browseAuthorities(ctx: AppContext, tenantId: string, request: { q?: string; kind?: AuthorityKind; cursor?: string; limit: number }): Promise<AuthorityPage> {
  const q = checkQuery(request.q ?? '');
  if (request.kind !== undefined && !(await listAuthorityKinds(ctx, tenantId)).some((kind) => kind.key === request.kind)) {
    throw new ValidationError([{ pointer: '/kind', code: 'catalog.api.unknownKind', params: { kind: request.kind } }]);
  }
  const after = decodeCursor(request.cursor, isAuthorityCursor);
  const rows = await store.listAuthorities(ctx.db, tenantId, { kind: request.kind, nameContains: q || undefined, after, limit: request.limit + 1 });
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > request.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null };
}

export async function servicesOfAuthority(ctx: AppContext, tenantId: string, authorityId: string): Promise<Service[]> {
  const ids = new Set(await store.serviceIdsOfAuthority(ctx.db, tenantId, authorityId));
  return (await tenantCatalog(ctx, tenantId)).services.filter((s) => ids.has(s.id));
}

/** Offset cursors for search results: the result order is stable for a catalogue revision. */
export function pageOf<T>(items: T[], cursor: string | undefined, limit: number): { items: T[]; next: string | null } {
  const start = decodeCursor(cursor, (v): v is { offset: number } => typeof (v as { offset?: unknown })?.offset === 'number' && (v as { offset: number }).offset >= 0)?.offset ?? 0;
  const page = items.slice(start, start + limit);
  return { items: page, next: start + limit < items.length ? encodeCursor({ offset: start + limit }) : null };
}
