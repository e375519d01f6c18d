import type { Executor } from '../../core/db/index.js';
import type { Region } from './model.js';
import { foldUmlauts } from './search.js';
import * as store from './store.js';

/**
 * Turns what a person typed as "their place" — a postcode, a Gemeinde name, an AGS or ARS —
 * into a region of the tenant's Land, or a short list to choose from.
 */
export type PlaceAnswer =
  | { kind: 'found'; region: Region }
  /** Several Gemeinden fit; `kreis` is set when the choice may also stay at the Kreis. */
  | { kind: 'choose'; options: Region[]; kreis: Region | null }
  | { kind: 'unknown' }
  | { kind: 'empty' };

export const maxPlaceLength = 100;

/** The AGS of the Kreis a Gemeinde (8 digits) or Kreis (5 digits) belongs to. */
export function kreisOf(ags: string): string | null {
  return /^\d{5}(\d{3})?$/.test(ags) ? ags.slice(0, 5) : null;
}

/** A region and the regions containing it, most specific first (Gemeinde, Kreis, Land). */
export function ancestry(ags: string): string[] {
  return [ags, ags.slice(0, 5), ags.slice(0, 2)].filter((value, index, all) => value.length >= 2 && all.indexOf(value) === index);
}

function normalizeName(name: string): string {
  return foldUmlauts(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A GeoNames place ("Dresden Friedrichstadt", "Chemnitz, Stadt") names a Gemeinde if it starts with its name. */
function placeMatchesGemeinde(place: string, gemeinde: string): boolean {
  const p = normalizeName(place);
  const g = normalizeName(gemeinde);
  return p === g || p.startsWith(`${g} `) || g.startsWith(`${p} `);
}

async function byPostcode(db: Executor, landAgs: string, postcode: string): Promise<PlaceAnswer> {
  const rows = (await store.findPostcodes(db, postcode)).filter((row) => row.kreisAgs.startsWith(landAgs));
  if (rows.length === 0) return { kind: 'unknown' };
  const kreisAgs = [...new Set(rows.map((row) => row.kreisAgs))];
  const regions = await store.listRegionsUnder(db, landAgs);
  const gemeinden = regions.filter((r) => r.level === 'gemeinde' && kreisAgs.includes(r.parentAgs ?? ''));
  const matching = gemeinden.filter((g) => rows.some((row) => row.kreisAgs === g.parentAgs && placeMatchesGemeinde(row.place, g.name)));
  if (matching.length === 1) return { kind: 'found', region: matching[0]! };
  if (matching.length > 1) return { kind: 'choose', options: matching, kreis: null };
  // The place names do not name a Gemeinde (e.g. an Ortsteil): ask among the Kreis's Gemeinden.
  const kreis = kreisAgs.length === 1 ? (regions.find((r) => r.ags === kreisAgs[0]) ?? null) : null;
  return { kind: 'choose', options: gemeinden, kreis };
}

async function byName(db: Executor, landAgs: string, name: string): Promise<PlaceAnswer> {
  const wanted = normalizeName(name);
  if (!wanted) return { kind: 'unknown' };
  const regions = (await store.listRegionsUnder(db, landAgs)).filter((r) => r.level !== 'land');
  const exact = regions.filter((r) => normalizeName(r.name) === wanted);
  // "Leipzig" is both a kreisfreie Stadt (Gemeinde) and a Landkreis: prefer the Gemeinde.
  const exactGemeinden = exact.filter((r) => r.level === 'gemeinde');
  if (exactGemeinden.length === 1) return { kind: 'found', region: exactGemeinden[0]! };
  if (exact.length === 1) return { kind: 'found', region: exact[0]! };
  if (exact.length > 1) return { kind: 'choose', options: exact, kreis: null };
  const partial = regions.filter((r) => r.level === 'gemeinde' && normalizeName(r.name).includes(wanted));
  if (partial.length === 1) return { kind: 'found', region: partial[0]! };
  if (partial.length > 1) return { kind: 'choose', options: partial.slice(0, 30), kreis: null };
  return { kind: 'unknown' };
}

export async function resolvePlace(db: Executor, landAgs: string, input: string): Promise<PlaceAnswer> {
  const text = input.trim().slice(0, maxPlaceLength);
  if (!text) return { kind: 'empty' };
  const digits = text.replace(/\s+/g, '');
  if (/^\d{12}$/.test(digits)) {
    const region = await store.findRegionByArs(db, digits);
    return region?.ags.startsWith(landAgs) ? { kind: 'found', region } : { kind: 'unknown' };
  }
  if (digits.startsWith(landAgs) && /^\d{2}(\d{3}(\d{3})?)?$/.test(digits)) {
    const region = await store.findRegion(db, digits);
    if (region) return { kind: 'found', region };
  }
  if (/^\d{5}$/.test(digits)) return byPostcode(db, landAgs, digits);
  if (/^\d+$/.test(digits)) return { kind: 'unknown' };
  return byName(db, landAgs, text);
}

/** One proposal of the place autocomplete: `value` goes into the place field, `label` is shown. */
export interface PlaceSuggestion {
  value: string;
  label: string;
  /** The region it stands for; null when a postcode's place names no single Gemeinde. */
  ags: string | null;
}

const regionLabel = (region: Region) => `${region.name} (${region.designation})`;

/**
 * Proposals for what someone has typed so far into the place field: Gemeinden and Kreise whose
 * name starts with it, postcodes or AGS starting with the digits. At most `limit` entries.
 */
export async function suggestPlaces(db: Executor, landAgs: string, input: string, limit = 10): Promise<PlaceSuggestion[]> {
  const text = input.trim().slice(0, maxPlaceLength);
  const digits = text.replace(/\s+/g, '');
  if (text.length < 2) return [];
  const regions = (await store.listRegionsUnder(db, landAgs)).filter((r) => r.level !== 'land');
  if (!/^\d+$/.test(digits)) {
    const wanted = normalizeName(text);
    if (!wanted) return [];
    const matching = regions.filter((r) => normalizeName(r.name).startsWith(wanted));
    // Gemeinden first (what people mean by "my place"), then Kreise; each alphabetically as stored.
    matching.sort((a, b) => Number(a.level !== 'gemeinde') - Number(b.level !== 'gemeinde'));
    return matching.slice(0, limit).map((r) => ({ value: r.ags, label: regionLabel(r), ags: r.ags }));
  }
  const suggestions: PlaceSuggestion[] = [];
  if (digits.length <= 5) {
    for (const row of await store.findPostcodesByPrefix(db, digits, limit * 3)) {
      if (!row.kreisAgs.startsWith(landAgs)) continue;
      const gemeinde = regions.find((r) => r.level === 'gemeinde' && r.parentAgs === row.kreisAgs && placeMatchesGemeinde(row.place, r.name));
      suggestions.push({ value: gemeinde?.ags ?? row.postcode, label: `${row.postcode} ${row.place}`, ags: gemeinde?.ags ?? null });
    }
  }
  if (digits.startsWith(landAgs) || landAgs.startsWith(digits)) {
    const byKey = regions.filter((r) => r.ags.startsWith(digits)).sort((a, b) => a.ags.length - b.ags.length || a.ags.localeCompare(b.ags));
    for (const region of byKey) suggestions.push({ value: region.ags, label: `${region.ags} ${regionLabel(region)}`, ags: region.ags });
  }
  const seen = new Set<string>();
  return suggestions.filter((s) => !seen.has(s.label) && seen.add(s.label)).slice(0, limit);
}
