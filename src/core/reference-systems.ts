/**
 * The coordinate reference systems Amtsweg accepts, in one table: a form's coordinate question names
 * some of them, a tenant names its official one (`referenceSystem` in its settings). The Länder
 * use ETRS89 / UTM in the zone they lie in (32 in the west, 33 in the east); phones and web maps give
 * WGS84 longitude/latitude. Adding a system is one row here and its label in the forms catalogue.
 */
export interface ReferenceSystem {
  /** The EPSG code, as forms and tenant settings name it. */
  code: string;
  /** Its short technical name, the same in every language (after a pair in a receipt). */
  name: string;
  /** The proj4 definition the conversions to and from WGS84 use. */
  proj4: string;
  /** The names of the two values of a pair, x first (metres east and north, or degrees). */
  axes: readonly [string, string];
  /** The catalogue key of the system's name on the page. */
  label: string;
  /** Whether the pair is in metres (a projected system), not in degrees. */
  projected: boolean;
}

const utm = <Zone extends 32 | 33>(zone: Zone) => ({
  code: `EPSG:258${zone}` as const,
  name: `ETRS89/UTM ${zone}N`,
  proj4: `+proj=utm +zone=${zone} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs`,
  axes: ['easting', 'northing'] as const,
  label: `forms.coordinate.EPSG:258${zone}`,
  projected: true,
});

export const referenceSystems = [
  utm(32),
  utm(33),
  {
    code: 'EPSG:4326' as const,
    name: 'WGS84',
    proj4: '+proj=longlat +datum=WGS84 +no_defs +type=crs',
    axes: ['lon', 'lat'] as const,
    label: 'forms.coordinate.EPSG:4326',
    projected: false,
  },
] satisfies readonly ReferenceSystem[];

export type Crs = (typeof referenceSystems)[number]['code'];

/** The system used when a tenant names none: WGS84, which every phone and web map gives. */
export const defaultReferenceSystem: Crs = 'EPSG:4326';

export const referenceSystemCodes: readonly Crs[] = referenceSystems.map((system) => system.code);

export function isCrs(code: unknown): code is Crs {
  return typeof code === 'string' && (referenceSystemCodes as readonly string[]).includes(code);
}

export function referenceSystem(code: Crs): ReferenceSystem {
  return referenceSystems.find((system) => system.code === code)!;
}
