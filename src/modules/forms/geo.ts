import proj4 from 'proj4';
import { referenceSystem, referenceSystems, type Crs } from '../../core/reference-systems.js';
import type { CoordinateField } from './definition.js';

/**
 * Coordinates: a point is kept in WGS84 longitude/latitude (what maps and the region checks use) and,
 * where a projected system is at hand, in its metres too (what the authorities work with), see
 * `metricSystemOf`. The systems are the table in `core/reference-systems.ts`.
 */
const converters = new Map(referenceSystems.map((system) => [system.code, proj4('EPSG:4326', system.proj4)]));

export interface Position {
  lon: number;
  lat: number;
  /** Metres in the answer's metric system; absent when the question offers none. */
  easting?: number;
  northing?: number;
}

/** Centimetres in UTM, about a centimetre in degrees: finer digits are noise, and rounding keeps re-validation stable. */
const roundMetres = (n: number) => Math.round(n * 100) / 100;
const roundDegrees = (n: number) => Math.round(n * 1e7) / 1e7;

/**
 * The projected system an answer's metres are in: the system it was given in if that one is
 * projected, else the first projected system the question offers (a WGS84 answer to a question
 * that also offers UTM gets its UTM pair), else none.
 */
export function metricSystemOf(field: Pick<CoordinateField, 'crs'>, crs: Crs): Crs | undefined {
  return [crs, ...field.crs].find((code) => referenceSystem(code).projected);
}

/** Longitude and latitude of a pair in the given system, or undefined if the pair is outside that system's range. */
function toLonLat(crs: Crs, x: number, y: number): [number, number] | undefined {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  if (!referenceSystem(crs).projected) {
    // UTM is undefined near the poles, so a point there could not be given in metres.
    return Math.abs(x) > 180 || Math.abs(y) > 84 ? undefined : [x, y];
  }
  if (x <= 0 || x >= 1_000_000 || y < 0 || y >= 10_000_000) return undefined;
  const lonLat = converters.get(crs)!.inverse([x, y]) as [number, number];
  return lonLat.every(Number.isFinite) ? lonLat : undefined;
}

/** The metres of a WGS84 point in a projected system. */
function toMetres(crs: Crs, lon: number, lat: number): [number, number] | undefined {
  const metres = converters.get(crs)!.forward([lon, lat]) as [number, number];
  return metres.every(Number.isFinite) ? [roundMetres(metres[0]), roundMetres(metres[1])] : undefined;
}

/** The position of a pair given in `crs`, with its metres in `metric`; undefined if the pair is outside the system's range. */
export function toPosition(crs: Crs, x: number, y: number, metric: Crs | undefined = metricSystemOf({ crs: [] }, crs)): Position | undefined {
  const projected = referenceSystem(crs).projected;
  const [rx, ry] = projected ? [roundMetres(x), roundMetres(y)] : [roundDegrees(x), roundDegrees(y)];
  const lonLat = toLonLat(crs, rx, ry);
  if (!lonLat) return undefined;
  const [lon, lat] = projected ? lonLat.map(roundDegrees) : lonLat;
  if (!metric) return { lon: lon!, lat: lat! };
  const metres = metric === crs ? [rx, ry] : toMetres(metric, lon!, lat!);
  return metres && { easting: metres[0]!, northing: metres[1]!, lon: lon!, lat: lat! };
}

/** The pair as entered in a system: its axes (easting/northing or lon/lat). */
export function pairOf(crs: Crs, position: Position): [number, number] {
  return referenceSystem(crs).projected ? [position.easting!, position.northing!] : [position.lon, position.lat];
}
