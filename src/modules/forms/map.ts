import type { FormDefinition } from './definition.js';
import { extensionPoint, type Extensions } from '../../core/extensions.js';
import { pointerTokens } from '../../core/json-pointer.js';

/**
 * Map previews of a form's places: base outlines (e.g. the districts of a Land) contributed by the
 * module that ships them (`mapBases`), and the points and areas collected from the answers. Server-rendered
 * as SVG by `render/map-preview.tsx`, so no tile server and no script are involved.
 */

/** One named area of a base map; rings of `[lon, lat]` in WGS84 (outer rings only are drawn). */
export interface MapArea {
  name: string;
  rings: [number, number][][];
}

export interface MapBase {
  /** The name a form's `map.base` and a coordinate field's `region.name` use (e.g. `land`). */
  name: string;
  /** The slug of the tenant whose base this is; absent: a base every tenant may use. */
  tenant?: string;
  label: { de: string; en: string };
  areas: () => readonly MapArea[];
  /** Whether a point (WGS84) lies inside the base (e.g. inside the Land): the region check of coordinate fields. */
  contains?: (lon: number, lat: number) => boolean;
}

/** Base maps: one name once per tenant, and once for all tenants. */
export const mapBases = extensionPoint<MapBase>('map base', (base) => (base.tenant ? `${base.tenant}/${base.name}` : base.name));

/** The tenant's own base of this name, else the one for all tenants. */
export function findMapBase(extensions: Extensions, tenantSlug: string, name: string): MapBase | undefined {
  return extensions.find(mapBases, `${tenantSlug}/${name}`) ?? extensions.find(mapBases, name);
}

/** A coordinate field's region check for a tenant: inside the base of the region's name; false for a name no base has. */
export type RegionCheck = (name: string, lon: number, lat: number) => boolean;

export function regionCheckOf(extensions: Extensions, tenantSlug: string): RegionCheck {
  return (name, lon, lat) => findMapBase(extensions, tenantSlug, name)?.contains?.(lon, lat) ?? false;
}

export interface MapPoint {
  label: string;
  lon: number;
  lat: number;
}

export interface MapFeatures {
  points: MapPoint[];
  areas: { label: string; ring: [number, number][] }[];
}

type Data = Record<string, unknown>;

function isRecord(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isPosition(value: unknown): value is { lon: number; lat: number } {
  return isRecord(value) && typeof value.lon === 'number' && typeof value.lat === 'number';
}

/** Values at a pointer whose segments may be `*` (every item of a repeat), with the innermost item passed. */
function valuesAt(value: unknown, segments: readonly string[], item?: Data): { value: unknown; item?: Data }[] {
  if (segments.length === 0) return [{ value, item }];
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '*') return Array.isArray(value) ? value.filter(isRecord).flatMap((entry) => valuesAt(entry, rest, entry)) : [];
  return isRecord(value) && head in value ? valuesAt(value[head], rest, item) : [];
}

function itemName(item: Data | undefined): string | undefined {
  const name = item?.designation ?? item?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Collects the coordinates and polygons at the form's `map.features` pointers. A point in a repeat
 * item is labelled by the item's `designation` or `name` answer, else by its number.
 */
export function collectMapFeatures(form: FormDefinition, answers: Data): MapFeatures {
  const features: MapFeatures = { points: [], areas: [] };
  for (const pointer of form.map?.features ?? []) {
    for (const found of valuesAt(answers, pointerTokens(pointer))) {
      if (isPosition(found.value)) {
        features.points.push({ label: itemName(found.item) ?? String(features.points.length + 1), lon: found.value.lon, lat: found.value.lat });
      } else if (isRecord(found.value) && Array.isArray(found.value.points)) {
        const ring = found.value.points.filter(isPosition).map((p) => [p.lon, p.lat] as [number, number]);
        if (ring.length >= 3) features.areas.push({ label: itemName(found.item) ?? String(features.areas.length + 1), ring });
      }
    }
  }
  return features;
}

/** Even-odd ray casting: good enough to name the district a point lies in for a caption. */
function insideRing(lon: number, lat: number, ring: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The names of the base areas that contain at least one of the points, in base order. */
export function areasContaining(areas: readonly MapArea[], points: readonly { lon: number; lat: number }[]): string[] {
  return areas.filter((area) => points.some((p) => area.rings.some((ring) => insideRing(p.lon, p.lat, ring)))).map((area) => area.name);
}
