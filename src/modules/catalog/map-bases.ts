import fs from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { AppContext } from '../../core/context.js';
import { findTenant } from '../../core/tenancy.js';
import { projectPath } from '../../core/paths.js';
import { mapBases, type MapArea, type MapBase } from '../forms/index.js';
import { fill } from './authority-templates.js';
import { inFolder, readJson, readRegionsFile, type MapBaseSource } from './reference-data.js';

/**
 * The base maps tenants ship (`mapBases` in `<root>/<tenant>/regions.json`), contributed to the
 * forms' `mapBases` per tenant: drawn under a form's places, the region check of coordinate fields
 * ("inside the Land") and the region a point lies in (routing by place). Point-in-polygon runs on
 * the shipped outlines (e.g. VG5000, generalised to 1:5 000 000): a point within a few hundred
 * metres of a border may land in the neighbour, good for plausibility, not for routing near
 * borders (route by AGS instead). The GeoJSON files are read on first use.
 */

type Area = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

/** An area of a base map that stands for a region (its AGS/ARS as the map's `region` property gives it). */
export interface RegionArea extends MapArea {
  region: string;
}

/** A base map of a tenant's data; `regionAt` names the region (AGS) of the area a point lies in. */
export interface TenantMapBase extends MapBase {
  tenant: string;
  regionAt: (lon: number, lat: number) => string | null;
  /** The areas that name their region; none when the map's areas carry no region property. */
  regionAreas: () => readonly RegionArea[];
}

function isTenantMapBase(base: MapBase): base is TenantMapBase {
  return typeof (base as Partial<TenantMapBase>).regionAt === 'function';
}

function features(file: string): Area[] {
  return readJson<FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>>(file).features;
}

function textsOf(properties: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, value === null || value === undefined ? '' : String(value)]));
}

function outerRings(feature: Area): [number, number][][] {
  return (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates).map((polygon) => polygon[0] as [number, number][]);
}

function mapBaseOf(tenant: string, folder: string, source: MapBaseSource): TenantMapBase {
  let areaFeatures: Area[] | undefined;
  let outline: Area[] | undefined;
  let areas: MapArea[] | undefined;
  let regionAreas: RegionArea[] | undefined;
  const loadAreas = () => (areaFeatures ??= features(inFolder(folder, source.areas.file)));
  const finite = (lon: number, lat: number) => Number.isFinite(lon) && Number.isFinite(lat);
  return {
    name: source.name,
    tenant,
    label: source.label,
    areas: () => (areas ??= loadAreas().map((feature) => ({ name: fill(source.areas.name, textsOf(feature.properties)), rings: outerRings(feature) }))),
    regionAreas: () =>
      (regionAreas ??= source.areas.region
        ? loadAreas().flatMap((feature) => {
            const region = textsOf(feature.properties)[source.areas.region!];
            return region ? [{ region, name: fill(source.areas.name, textsOf(feature.properties)), rings: outerRings(feature) }] : [];
          })
        : []),
    contains(lon, lat) {
      if (!finite(lon, lat)) return false;
      outline ??= source.outline ? features(inFolder(folder, source.outline)) : loadAreas();
      return outline.some((feature) => booleanPointInPolygon([lon, lat], feature));
    },
    regionAt(lon, lat) {
      const property = source.areas.region;
      if (!property || !finite(lon, lat)) return null;
      const found = loadAreas().find((feature) => booleanPointInPolygon([lon, lat], feature));
      return found ? textsOf(found.properties)[property] || null : null;
    },
  };
}

/** The base maps of every tenant folder under `root` (relative to the project). */
export function tenantMapBases(root: string): TenantMapBase[] {
  if (!fs.existsSync(projectPath(root))) return [];
  const slugs = fs
    .readdirSync(projectPath(root), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return slugs.flatMap((slug) => {
    const folder = `${root}/${slug}`;
    return (readRegionsFile(folder)?.mapBases ?? []).map((source) => mapBaseOf(slug, folder, source));
  });
}

/** The base maps the tenant's own data contributes. */
export function ownMapBases(ctx: AppContext, tenantSlug: string): TenantMapBase[] {
  return ctx.extensions.of(mapBases).filter((base): base is TenantMapBase => isTenantMapBase(base) && base.tenant === tenantSlug);
}

/** The AGS of the region (e.g. the Kreis) of the tenant's base maps that contains the point; null outside them. */
export async function kreisForPoint(ctx: AppContext, tenantId: string, lon: number, lat: number): Promise<string | null> {
  const tenant = await findTenant(ctx.db, tenantId);
  if (!tenant) return null;
  for (const base of ownMapBases(ctx, tenant.slug)) {
    const region = base.regionAt(lon, lat);
    if (region) return region;
  }
  return null;
}
