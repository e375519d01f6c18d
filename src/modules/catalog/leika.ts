import zlib from 'node:zlib';
import fs from 'node:fs';
import { projectPath } from '../../core/paths.js';
import type { LegalBasis, Service } from './model.js';
import { parseCsv } from './reference-data.js';
import { completeText } from './texts.js';

/**
 * The LeiKa (Leistungskatalog) as shipped in `data/leika/` (source and licence in its SOURCE.md):
 * 4,813 services with their 14-digit key, name, Typisierung, legal bases and the OZG-Leistung,
 * Lebenslage and Themenfeld they belong to. The catalogue's skeleton in every tenant is made of
 * these entries (see seed.ts); they are German only, as the LeiKa is.
 */
export const leikaFile = 'data/leika/leika-leistungen.csv.gz';

export interface LeikaEntry {
  key: string;
  name: string;
  typisierung: string | null;
  legalBases: LegalBasis[];
  ozgId: string | null;
  ozgLeistung: string | null;
  lebenslage: string | null;
  themenfeld: string | null;
}

/** The compressed file as shipped: the seed hashes it to notice a new edition. */
export function leikaFileBytes(): Buffer {
  return fs.readFileSync(projectPath(leikaFile));
}

/**
 * "Gesetz A (GA) [http://…], § 5 Verordnung B [http://…]" — every legal basis of the source is a
 * title followed by its link in brackets, separated by commas (commas inside titles stay).
 */
export function parseLegalBases(text: string): LegalBasis[] {
  return [...text.matchAll(/\s*(.+?)\s*\[([^\]]*)\]\s*(?:,|$)/g)].map(([, title, url]) => {
    const link = url!.trim();
    // One entry lacks the scheme ("www.gesetze-im-internet.de/…"); a link without one would be relative.
    return link ? { title: title!, url: /^https?:\/\//.test(link) ? link : `https://${link}` } : { title: title! };
  });
}

let parsed: LeikaEntry[] | undefined;

/** The entries of the shipped file, read once per process (every test runtime that loads them shares them). */
export function leikaEntries(): readonly LeikaEntry[] {
  parsed ??= parseCsv(zlib.gunzipSync(leikaFileBytes()).toString('utf8')).map((row) => ({
    key: row.leistungsschluessel!,
    name: row.leistungsbezeichnung!,
    typisierung: row.typisierung || null,
    legalBases: parseLegalBases(row.rechtsgrundlagen ?? ''),
    ozgId: row.ozg_id || null,
    ozgLeistung: row.ozg_leistung || null,
    lebenslage: row.lebenslage || null,
    // The source writes one Themenfeld with a trailing blank ("Querschnitt ").
    themenfeld: row.themenfeld?.trim() || null,
  }));
  return parsed;
}

/**
 * A LeiKa entry as a service of the tenant: its slug is the LeiKa key, it has no Lebenslage of the
 * tenant, no jurisdiction and no procedure, and its only text is the German name with the legal
 * bases — information only, until the tenant adds texts, authorities and an online procedure.
 */
export function skeletonService(entry: LeikaEntry, tenantId: string, id: string): Service {
  return {
    id,
    tenantId,
    key: entry.key,
    leikaKey: entry.key,
    origin: 'leika',
    typisierung: entry.typisierung,
    // Nobody is named responsible yet, so no place is asked for; the level only matters once one is.
    level: 'land',
    lebenslagen: [],
    procedureKey: null,
    ozgId: entry.ozgId,
    ozgLeistung: entry.ozgLeistung,
    ozgLebenslage: entry.lebenslage,
    themenfeld: entry.themenfeld,
    popularity: 0,
    releasedOn: null,
    releasedBy: null,
    texts: { de: completeText({ name: entry.name, shortText: '', legalBases: entry.legalBases }) },
  };
}
