import fs from 'node:fs';
import { parseCsvRecords } from '../../core/csv.js';
import { projectPath } from '../../core/paths.js';
import type { Postcode, Region } from './model.js';

/** Files shipped in `data/` (see data/README.md for sources and licences). */
export const dataFiles = {
  gemeinden: 'data/sachsen/sn_gemeinden_vg5000_2021-01-01.csv',
  kreise: 'data/sachsen/sn_kreise_vg5000_2021-01-01.csv',
  postcodes: 'data/sachsen/sn_plz_orte_geonames.csv',
  kreisResponsibilities: 'data/sachsen/sn_zustaendigkeiten_kreisebene.csv',
  kreiseGeojson: 'data/sachsen/sn_kreise_vg5000_2021-01-01.geojson',
  landGeojson: 'data/sachsen/sn_land_vg5000_2021-01-01.geojson',
} as const;

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

export interface KreisResponsibility {
  kreisAgs: string;
  lasubStandort: string;
  waterAuthorityName: string;
}

/** Saxony as a region tree: the Land, its 13 Kreise and 419 Gemeinden. */
export function saxonRegions(): Region[] {
  const land: Region = { ags: '14', ars: '14', name: 'Sachsen', level: 'land', designation: 'Freistaat', parentAgs: null };
  const kreise: Region[] = parseCsv(readDataFile(dataFiles.kreise)).map((row) => ({
    ags: row.ags!,
    ars: row.ags!,
    name: row.name!,
    level: 'kreis',
    designation: row.bezeichnung!,
    parentAgs: '14',
  }));
  const gemeinden: Region[] = parseCsv(readDataFile(dataFiles.gemeinden)).map((row) => ({
    ags: row.ags!,
    ars: row.ars!,
    name: row.name!,
    level: 'gemeinde',
    designation: row.bezeichnung!,
    parentAgs: row.kreis_ags!,
  }));
  return [land, ...kreise, ...gemeinden];
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

export function saxonPostcodes(): Postcode[] {
  return postcodesOf(dataFiles.postcodes);
}

/** A tenant's own postcodes (`<folder>/postcodes.csv`, e.g. data/catalog/bw), none without the file. */
export function tenantPostcodes(folder: string): Postcode[] {
  const file = `${folder}/postcodes.csv`;
  return fs.existsSync(projectPath(file)) ? postcodesOf(file) : [];
}

export function saxonKreisResponsibilities(): KreisResponsibility[] {
  return parseCsv(readDataFile(dataFiles.kreisResponsibilities)).map((row) => ({
    kreisAgs: row.kreis_ags!,
    lasubStandort: row.lasub_standort!,
    waterAuthorityName: row.untere_wasserbehoerde!,
  }));
}
