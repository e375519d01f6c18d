import fs from 'node:fs';
import path from 'node:path';
import { parseCsvRecords } from '../../core/csv.js';
import { projectPath } from '../../core/paths.js';
import type { Postcode, Region, RegionLevel } from './model.js';

/**
 * The reference data of a tenant, described by `<folder>/regions.json` (see docs/catalog.md): which
 * files hold its Land, Kreise and Gemeinden (and their columns), its postcodes, the base maps it
 * ships and the authorities generated per region. File names in it are relative to the tenant's
 * folder, so a tenant folder (or a test fixture) may point at shared files such as `data/<land>/`.
 */

export function readDataFile(relative: string): string {
  return fs.readFileSync(projectPath(relative), 'utf8');
}

export function readJson<T>(relative: string): T {
  return JSON.parse(readDataFile(relative)) as T;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes) into records keyed by the header row. */
export function parseCsv(text: string, separator = ','): Record<string, string>[] {
  const [header, ...body] = parseCsvRecords(text, separator);
  return body.map(({ fields }) => Object.fromEntries((header?.fields ?? []).map((name, index) => [name, fields[index] ?? ''])));
}

/** Where the columns of a region level are in its CSV file. */
export interface RegionColumns {
  ags: string;
  /** Defaults to the AGS column (a Kreis's ARS is its AGS). */
  ars?: string;
  name: string;
  designation: string;
  /** The AGS of the containing region; defaults to the Land for Kreise. */
  parent?: string;
}

/** One level of the region tree read from a CSV file. */
export interface RegionLevelSource {
  file: string;
  columns: RegionColumns;
  /** Further CSV files with a row per region (e.g. responsibilities per Kreis), matched on their column `on`. */
  join?: { file: string; on: string }[];
  /** Further attributes per region AGS, e.g. a Landratsamt's seat and web address. */
  attributes?: Record<string, Record<string, string>>;
}

/** A base map the tenant ships: its areas (drawn, and the regions points lie in) and the outline region checks use. */
export interface MapBaseSource {
  /** The name a form's `map.base` and a coordinate field's `region.name` use. */
  name: string;
  label: { de: string; en: string };
  areas: {
    /** A GeoJSON FeatureCollection of (Multi)Polygons in WGS84. */
    file: string;
    /** The area's name from its feature properties, e.g. `{BEZ} {GEN}`. */
    name: string;
    /** The feature property holding the region's AGS, if the areas are regions of the tenant (routing by place). */
    region?: string;
  };
  /** A GeoJSON file whose polygons are "inside"; without it, inside means inside one of the areas. */
  outline?: string;
}

export interface RegionsFile {
  land: { ags: string; name: string; designation: string };
  kreise?: RegionLevelSource;
  gemeinden?: RegionLevelSource;
  /** Postcodes in GeoNames' columns; defaults to `postcodes.csv` in the tenant's folder if there is one. */
  postcodes?: string;
  mapBases?: MapBaseSource[];
  /** Authorities generated per region or per row (see authority-templates.ts). */
  authorities?: unknown[];
}

export const regionsFileName = 'regions.json';

/** A file named in a tenant's folder, as a path relative to the project. */
export function inFolder(folder: string, file: string): string {
  return path.posix.normalize(`${folder}/${file}`);
}

export function readRegionsFile(folder: string): RegionsFile | undefined {
  const file = `${folder}/${regionsFileName}`;
  return fs.existsSync(projectPath(file)) ? readJson<RegionsFile>(file) : undefined;
}

/** The files a regions file names (for the seed hash). */
export function referencedFiles(folder: string, regions: RegionsFile): string[] {
  const files = [
    ...[regions.kreise, regions.gemeinden].flatMap((level) => (level ? [level.file, ...(level.join ?? []).map((join) => join.file)] : [])),
    ...(regions.postcodes ? [regions.postcodes] : []),
    ...(regions.mapBases ?? []).flatMap((base) => [base.areas.file, ...(base.outline ? [base.outline] : [])]),
  ];
  return [...new Set(files)].map((file) => inFolder(folder, file));
}

/** Regions with every attribute the data has about them (CSV columns, joined rows, attributes), for authority templates. */
export interface LoadedRegions {
  regions: Region[];
  attributes: Map<string, Record<string, string>>;
}

function levelRegions(folder: string, source: RegionLevelSource, level: RegionLevel, landAgs: string, attributes: Map<string, Record<string, string>>): Region[] {
  const { columns } = source;
  const joins = (source.join ?? []).map((join) => new Map(parseCsv(readDataFile(inFolder(folder, join.file))).map((row) => [row[join.on] ?? '', row])));
  return parseCsv(readDataFile(inFolder(folder, source.file))).map((row) => {
    const parentAgs = columns.parent ? row[columns.parent]! : landAgs;
    const region: Region = {
      ags: row[columns.ags]!,
      ars: row[columns.ars ?? columns.ags]!,
      name: row[columns.name]!,
      level,
      designation: row[columns.designation]!,
      parentAgs,
    };
    const joined = joins.map((rows) => rows.get(region.ags) ?? {});
    attributes.set(region.ags, {
      ...row,
      ...Object.assign({}, ...joined),
      ...source.attributes?.[region.ags],
      ags: region.ags,
      ars: region.ars,
      name: region.name,
      designation: region.designation,
      parent: parentAgs,
    });
    return region;
  });
}

/** The Land, its Kreise and Gemeinden as the regions file describes them. */
export function loadRegions(folder: string, file: RegionsFile): LoadedRegions {
  const attributes = new Map<string, Record<string, string>>();
  const { land } = file;
  const landRegion: Region = { ags: land.ags, ars: land.ags, name: land.name, level: 'land', designation: land.designation, parentAgs: null };
  attributes.set(land.ags, { ags: land.ags, ars: land.ags, name: land.name, designation: land.designation, parent: '' });
  const kreise = file.kreise ? levelRegions(folder, file.kreise, 'kreis', land.ags, attributes) : [];
  const gemeinden = file.gemeinden ? levelRegions(folder, file.gemeinden, 'gemeinde', land.ags, attributes) : [];
  return { regions: [landRegion, ...kreise, ...gemeinden], attributes };
}

/** Postcodes in GeoNames' columns (zipcode, place, community_code = the Kreis's AGS, latitude, longitude). */
function postcodesOf(file: string): Postcode[] {
  return parseCsv(readDataFile(file)).map((row) => ({
    postcode: row.zipcode!,
    place: row.place!,
    kreisAgs: row.community_code!,
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
  }));
}

/** A tenant's postcodes: the regions file's `postcodes`, else `<folder>/postcodes.csv`, else none. */
export function tenantPostcodes(folder: string, regions?: RegionsFile): Postcode[] {
  if (regions?.postcodes) return postcodesOf(inFolder(folder, regions.postcodes));
  const file = `${folder}/postcodes.csv`;
  return fs.existsSync(projectPath(file)) ? postcodesOf(file) : [];
}
