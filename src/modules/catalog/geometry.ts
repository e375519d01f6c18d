import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { dataFiles, readJson } from './reference-data.js';

/**
 * Point-in-polygon over the shipped VG5000 outlines (WGS84). The outlines are generalised to
 * 1:5 000 000, so a point within a few hundred metres of a border may land in the neighbour:
 * good for plausibility checks, not for routing near borders (route by AGS instead).
 */
type Area = Feature<Polygon | MultiPolygon, { ARS: string }>;

let kreise: Area[] | undefined;
let land: Area[] | undefined;

function load(file: string): Area[] {
  return readJson<FeatureCollection<Polygon | MultiPolygon, { ARS: string }>>(file).features;
}

/** The AGS of the Saxon Kreis containing the point, or null outside Saxony. */
export function kreisForPoint(lon: number, lat: number): string | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  kreise ??= load(dataFiles.kreiseGeojson);
  const found = kreise.find((feature) => booleanPointInPolygon([lon, lat], feature));
  return found ? found.properties.ARS : null;
}

export function isInSaxony(lon: number, lat: number): boolean {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
  land ??= load(dataFiles.landGeojson);
  return land.some((feature) => booleanPointInPolygon([lon, lat], feature));
}

/** The Saxon Kreise as named outer rings (for map previews), e.g. "Landkreis Bautzen", "Kreisfreie Stadt Dresden". */
export function kreisOutlines(): { name: string; rings: [number, number][][] }[] {
  const features = readJson<FeatureCollection<Polygon | MultiPolygon, { GEN: string; BEZ: string }>>(dataFiles.kreiseGeojson).features;
  return features.map((feature) => ({
    name: `${feature.properties.BEZ} ${feature.properties.GEN}`,
    rings: (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates).map((polygon) => polygon[0] as [number, number][]),
  }));
}
