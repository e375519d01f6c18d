import { sql } from 'kysely';
import type { Trx } from '../../../core/db/index.js';

/**
 * Aktenzeichen: the authority's pattern (record_settings.file_number_pattern) filled with the
 * unit's Kennzeichen, the running number and the year. The running number counts per authority,
 * Kennzeichen and — only if the pattern shows the year — year, in record_file_numbers; it only
 * grows, so a number is never given twice, even after its Akte was deleted.
 */

export const defaultFileNumberPattern = '{kennzeichen}-{seq:4}/{yyyy}';

export interface FileNumberParts {
  kennzeichen: string;
  seq: number;
  year: number;
  /** The authority's short code (catalogue key). */
  authority: string;
}

const placeholder = /\{(kennzeichen|seq(?::(\d))?|yyyy|authority)\}/g;

export function formatAktenzeichen(pattern: string, parts: FileNumberParts): string {
  return pattern.replace(placeholder, (_whole, name: string, width: string | undefined) => {
    if (name === 'kennzeichen') return parts.kennzeichen;
    if (name === 'yyyy') return String(parts.year);
    if (name === 'authority') return parts.authority;
    return String(parts.seq).padStart(Number(width ?? 0), '0');
  });
}

/** Whether the counter restarts each year: only when the number shows the year. */
export function countsPerYear(pattern: string): boolean {
  return pattern.includes('{yyyy}');
}

/**
 * Takes the next running number in the caller's transaction (the one that inserts the Akte): an
 * upsert that increments and returns, so on PostgreSQL concurrent takers queue on the counter row
 * and each gets its own number; a rolled back Akte gives its number back with the rollback.
 */
export async function takeFileNumber(trx: Trx, key: { tenantId: string; authorityId: string; unitId: string; year: number }): Promise<number> {
  const row = await trx
    .insertInto('record_file_numbers')
    .values({ tenant_id: key.tenantId, authority_id: key.authorityId, unit_id: key.unitId, year: key.year, last_number: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'authority_id', 'unit_id', 'year']).doUpdateSet({ last_number: sql`record_file_numbers.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}
