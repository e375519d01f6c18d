import proj4 from 'proj4';
import type { Crs } from './definition.js';

/**
 * Coordinates: the official reference system of the eastern Länder is ETRS89 / UTM zone 33N (EPSG:25833); people
 * with a phone or a web map have WGS84 longitude/latitude (EPSG:4326). We keep both.
 */
proj4.defs('EPSG:25833', '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs');
const utm33 = proj4('EPSG:4326', 'EPSG:25833');

export interface Position {
  easting: number;
  northing: number;
  lon: number;
  lat: number;
}

/** Centimetres in UTM, about a centimetre in degrees: finer digits are noise, and rounding keeps re-validation stable. */
const roundMetres = (n: number) => Math.round(n * 100) / 100;
const roundDegrees = (n: number) => Math.round(n * 1e7) / 1e7;

/** The position from a pair in the given system, or undefined if the pair is outside that system's range. */
export function toPosition(crs: Crs, x: number, y: number): Position | undefined {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  if (crs === 'EPSG:4326') {
    const lon = roundDegrees(x);
    const lat = roundDegrees(y);
    if (Math.abs(lon) > 180 || Math.abs(lat) > 84) return undefined; // UTM is undefined near the poles
    const [easting, northing] = utm33.forward([lon, lat]) as [number, number];
    if (!Number.isFinite(easting) || !Number.isFinite(northing)) return undefined;
    return { easting: roundMetres(easting), northing: roundMetres(northing), lon, lat };
  }
  const easting = roundMetres(x);
  const northing = roundMetres(y);
  if (easting <= 0 || easting >= 1_000_000 || northing < 0 || northing >= 10_000_000) return undefined;
  const [lon, lat] = utm33.inverse([easting, northing]) as [number, number];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
  return { easting, northing, lon: roundDegrees(lon), lat: roundDegrees(lat) };
}

/** The pair as entered in a system: easting/northing for UTM, lon/lat for WGS84. */
export function pairOf(crs: Crs, position: Position): [number, number] {
  return crs === 'EPSG:4326' ? [position.lon, position.lat] : [position.easting, position.northing];
}
