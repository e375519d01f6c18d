import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Trx } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { toStored } from '../../core/clock.js';
import { listTenants } from '../../core/tenancy.js';
import { projectPath } from '../../core/paths.js';
import type { Language } from '../../core/i18n/index.js';
import type { Authority, AuthorityKind, AuthorityKindDefinition, Jurisdiction, Lebenslage, Region, Service, ServiceLevel, ServiceText } from './model.js';
import { generateAuthorities, TemplateError, type AuthoritySeed, type AuthorityTemplate } from './authority-templates.js';
import { loadRegions, readDataFile, readJson, readRegionsFile, referencedFiles, tenantPostcodes, type LoadedRegions, type RegionsFile } from './reference-data.js';
import * as store from './store.js';
import { completeText, type TextSeed } from './texts.js';
import { leikaEntries, leikaFile, leikaFileBytes, skeletonService } from './leika.js';

/** Seed files that contradict each other (e.g. an authority of a kind no file defines); the message is the one line an operator reads. */
export class CatalogSeedError extends Error {
  override name = 'CatalogSeedError';
}

// ---- the shape of the JSON seed files in data/catalog/<tenant>/ ----

interface AuthoritiesFile {
  /** The tenant's Land; defaults to the Land of `regions.json`. */
  landAgs?: string;
  /** For a tenant without `regions.json`: its few regions, listed here. */
  regions?: Region[];
  authorities: AuthoritySeed[];
}

/** Who is responsible: one named authority for the whole Land, or the authority of a kind per Kreis / Gemeinde. */
type JurisdictionRule = ({ land: string } | { perKreis: AuthorityKind } | { perGemeinde: AuthorityKind }) & {
  condition?: { key: string; de: string; en: string };
};

export interface ServiceSeed {
  key: string;
  /** Absent when the LeiKa has no key for the service (the Bohranzeige): the page shows its OZG-ID instead. */
  leikaKey?: string;
  typisierung?: string;
  level: ServiceLevel;
  lebenslagen: string[];
  procedureKey?: string;
  ozgId?: string;
  themenfeld?: string;
  popularity?: number;
  releasedOn?: string;
  releasedBy?: string;
  jurisdictions: JurisdictionRule[];
  de: TextSeed;
  en: TextSeed;
}

type LebenslageSeed = Omit<Lebenslage, 'position'>;

interface TenantSeed {
  /** Where the files are, relative to the project (for messages). */
  folder: string;
  /** `authority-kinds.json`: the kinds the tenant's authorities and procedures may name. */
  kinds: AuthorityKindDefinition[];
  authorities: AuthoritiesFile;
  /** `regions.json`: where the tenant's regions, postcodes, base maps and generated authorities come from. */
  regions: RegionsFile | undefined;
  lebenslagen: LebenslageSeed[];
  services: ServiceSeed[];
  /** The exact input bytes, to skip reloading an unchanged seed. */
  hash: string;
}

/** Kinds every tenant of the root shares (`<root>/authority-kinds.json`), then the tenant's own (`<root>/<tenant>/authority-kinds.json`), which add kinds or relabel shared ones. */
function kindsOf(root: string, folder: string): { kinds: AuthorityKindDefinition[]; files: string[] } {
  const files = [`${root}/authority-kinds.json`, `${folder}/authority-kinds.json`].filter((file) => fs.existsSync(projectPath(file)));
  const byKey = new Map<string, AuthorityKindDefinition>();
  for (const file of files) for (const kind of readJson<{ kinds: AuthorityKindDefinition[] }>(file).kinds) byKey.set(kind.key, kind);
  return { kinds: [...byKey.values()], files };
}

function loadTenantSeed(root: string, slug: string, withLeika: boolean): TenantSeed | undefined {
  const folder = `${root}/${slug}`;
  if (!fs.existsSync(projectPath(folder))) return undefined;
  const files = fs.readdirSync(projectPath(folder)).sort();
  const kinds = kindsOf(root, folder);
  const hash = crypto.createHash('sha256');
  for (const file of files) hash.update(file).update(readDataFile(`${folder}/${file}`));
  for (const file of kinds.files) hash.update(file).update(readDataFile(file));
  const regions = readRegionsFile(folder);
  if (regions) for (const file of referencedFiles(folder, regions)) hash.update(file).update(readDataFile(file));
  // Switching the skeleton on (or shipping a new LeiKa edition) loads the tenant again.
  if (withLeika) hash.update(leikaFile).update(leikaFileBytes());
  const main = readJson<AuthoritiesFile>(`${folder}/authorities.json`);
  // Further authorities kept in files of their own (`authorities-<topic>.json`), e.g. the LaSuB's staff councils.
  const more = files.filter((f) => /^authorities-[a-z0-9-]+\.json$/.test(f)).flatMap((f) => readJson<{ authorities: AuthoritySeed[] }>(`${folder}/${f}`).authorities);
  return {
    folder,
    kinds: kinds.kinds,
    authorities: { ...main, authorities: [...main.authorities, ...more] },
    regions,
    lebenslagen: readJson<LebenslageSeed[]>(`${folder}/lebenslagen.json`),
    services: files.filter((f) => f.startsWith('services')).flatMap((f) => readJson<ServiceSeed[]>(`${folder}/${f}`)),
    hash: hash.digest('hex'),
  };
}

/** The tenant's regions (and their attributes): from `regions.json`, else as `authorities.json` lists them. */
function regionsOf(seed: TenantSeed): LoadedRegions {
  if (seed.regions) return loadRegions(seed.folder, seed.regions);
  const regions = seed.authorities.regions ?? [];
  return { regions, attributes: new Map(regions.map((r) => [r.ags, { ags: r.ags, ars: r.ars, name: r.name, designation: r.designation, parent: r.parentAgs ?? '' }])) };
}

/** The authorities `regions.json` generates, with the regions each one serves. */
function generatedAuthorities(seed: TenantSeed, loaded: LoadedRegions): { seeds: AuthoritySeed[]; serves: Map<string, string[]> } {
  const templates = (seed.regions?.authorities ?? []) as AuthorityTemplate[];
  let generated: ReturnType<typeof generateAuthorities>;
  try {
    generated = generateAuthorities(templates, loaded.regions, loaded.attributes);
  } catch (error) {
    if (error instanceof TemplateError) throw new CatalogSeedError(`${seed.folder}/regions.json: ${error.message}`);
    throw error;
  }
  return {
    seeds: generated.map(({ serves: _, ...authority }) => authority),
    serves: new Map(generated.map((authority) => [authority.key, authority.serves])),
  };
}

function toAuthority(seed: AuthoritySeed, tenantId: string): Authority {
  return {
    id: newId(),
    tenantId,
    key: seed.key,
    name: seed.name,
    kind: seed.kind,
    description: seed.description ?? null,
    address: seed.address,
    phone: seed.phone ?? null,
    email: seed.email ?? null,
    web: seed.web ?? null,
    openingHours: seed.openingHours ?? null,
    regionAgs: seed.regionAgs,
  };
}

/** Expands a service's rules into jurisdiction rows (one per region and authority). */
function expandRules(
  service: ServiceSeed,
  serviceId: string,
  regions: Region[],
  landAgs: string,
  authorityIds: Map<string, string>,
  responsible: Map<string, string>,
): Jurisdiction[] {
  const rows: Jurisdiction[] = [];
  const lookup = (kind: AuthorityKind, ags: string, fallback?: AuthorityKind): string => {
    const key = responsible.get(`${kind}:${ags}`) ?? (fallback && responsible.get(`${fallback}:${ags}`));
    if (!key) throw new Error(`seed: no ${kind} authority for region ${ags} (service ${service.key})`);
    return authorityIds.get(key)!;
  };
  for (const rule of service.jurisdictions) {
    const conditionKey = rule.condition?.key ?? null;
    const conditionTexts = rule.condition ? { de: rule.condition.de, en: rule.condition.en } : null;
    const push = (regionAgs: string, authorityId: string) => rows.push({ serviceId, regionAgs, authorityId, conditionKey, conditionTexts });
    if ('land' in rule) {
      const id = authorityIds.get(rule.land);
      if (!id) throw new Error(`seed: unknown authority ${rule.land} (service ${service.key})`);
      push(landAgs, id);
    } else if ('perKreis' in rule) {
      for (const kreis of regions.filter((r) => r.level === 'kreis')) push(kreis.ags, lookup(rule.perKreis, kreis.ags));
    } else {
      for (const gemeinde of regions.filter((r) => r.level === 'gemeinde')) push(gemeinde.ags, lookup(rule.perGemeinde, gemeinde.ags, 'district'));
    }
  }
  return rows;
}

function toService(seed: ServiceSeed, tenantId: string): Service {
  const texts: Partial<Record<Language, ServiceText>> = { de: completeText(seed.de), en: completeText(seed.en) };
  return {
    id: newId(),
    tenantId,
    key: seed.key,
    leikaKey: seed.leikaKey ?? null,
    origin: 'tenant',
    typisierung: seed.typisierung ?? null,
    level: seed.level,
    lebenslagen: seed.lebenslagen,
    procedureKey: seed.procedureKey ?? null,
    ozgId: seed.ozgId ?? null,
    ozgLeistung: null,
    ozgLebenslage: null,
    themenfeld: seed.themenfeld ?? null,
    popularity: seed.popularity ?? 0,
    releasedOn: seed.releasedOn ?? null,
    releasedBy: seed.releasedBy ?? null,
    texts,
  };
}

/**
 * The LeiKa skeleton of a tenant: every entry of the catalogue, except those whose key one of the
 * tenant's own services carries (that service is the entry, with the tenant's texts).
 */
async function seedSkeleton(trx: Trx, tenantId: string, now: string): Promise<void> {
  const own = await store.ownLeikaKeys(trx, tenantId);
  const entries = leikaEntries().filter((entry) => !own.has(entry.key));
  await store.upsertSkeleton(
    trx,
    tenantId,
    entries.map((entry) => skeletonService(entry, tenantId, newId())),
    now,
  );
}

async function seedTenant(trx: Trx, tenantId: string, seed: TenantSeed, now: string, withLeika: boolean): Promise<void> {
  const file = seed.authorities;
  const loaded = regionsOf(seed);
  const { regions } = loaded;
  const landAgs = file.landAgs ?? seed.regions?.land.ags;
  if (!landAgs) throw new CatalogSeedError(`${seed.folder}: authorities.json names no landAgs and there is no regions.json`);
  await store.upsertRegions(trx, regions);
  await store.upsertPostcodes(trx, tenantPostcodes(seed.folder, seed.regions));
  await store.setTenantLand(trx, tenantId, landAgs);

  await store.replaceAuthorityKinds(trx, tenantId, seed.kinds);
  const generated = generatedAuthorities(seed, loaded);
  const authoritySeeds = [...file.authorities, ...generated.seeds];
  const twice = authoritySeeds.find((a, index) => authoritySeeds.findIndex((b) => b.key === a.key) !== index);
  if (twice) throw new CatalogSeedError(`${seed.folder}: the authority key ${twice.key} is given twice`);
  const kinds = new Set(seed.kinds.map((kind) => kind.key));
  const strange = authoritySeeds.find((a) => !kinds.has(a.kind));
  if (strange) throw new CatalogSeedError(`${seed.folder}: authority ${strange.key} is of kind "${strange.kind}", which authority-kinds.json does not define`);
  const responsible = new Map<string, string>();
  for (const a of authoritySeeds) for (const ags of generated.serves.get(a.key) ?? [a.regionAgs]) responsible.set(`${a.kind}:${ags}`, a.key);
  const authorityIds = await store.upsertAuthorities(
    trx,
    authoritySeeds.map((a) => toAuthority(a, tenantId)),
    now,
  );

  await store.upsertLebenslagen(
    trx,
    tenantId,
    seed.lebenslagen.map((lage, position) => ({ ...lage, position })),
  );
  const tenantRegions = regions.filter((r) => r.ags.startsWith(landAgs));
  for (const serviceSeed of seed.services) {
    const serviceId = await store.upsertService(trx, toService(serviceSeed, tenantId), now);
    const rows = expandRules(serviceSeed, serviceId, tenantRegions, landAgs, authorityIds, responsible);
    await store.replaceJurisdictions(trx, tenantId, serviceId, rows, newId);
  }
  if (withLeika) await seedSkeleton(trx, tenantId, now);
  await store.bumpRevision(trx, tenantId);
  await store.setSeedHash(trx, tenantId, seed.hash);
}

/**
 * Loads the reference data and the demo catalogue of every tenant that has a folder under
 * `data/catalog/` (or `root`, relative to the project, e.g. a test's fixtures), and with
 * `LEIKA_CATALOG` the LeiKa skeleton into each of them. Idempotent: rows are matched by their
 * stable keys; an unchanged seed (same file hash) is skipped, so staff edits survive restarts
 * until the shipped files change.
 */
export async function seedCatalog(ctx: AppContext, root = 'data/catalog'): Promise<void> {
  const now = toStored(ctx.clock.now());
  const withLeika = ctx.config.leikaCatalog;
  for (const tenant of await listTenants(ctx.db)) {
    const seed = loadTenantSeed(root, tenant.slug, withLeika);
    if (!seed) continue;
    if ((await store.getSeedHash(ctx.db, tenant.id)) === seed.hash) continue;
    await inTransaction(ctx.db, (trx) => seedTenant(trx, tenant.id, seed, now, withLeika));
  }
}
