import type { ColumnDataType } from 'kysely';
import type { DialectName } from './schema.js';

/**
 * Column types that mean the same on both engines. Times are ISO-8601 UTC text (sortable,
 * identical on SQLite and PostgreSQL); JSON is text so both engines store exactly what we wrote.
 */
export function binaryType(dialect: DialectName): ColumnDataType {
  return dialect === 'postgresql' ? 'bytea' : 'blob';
}

export const timestampType: ColumnDataType = 'text';
export const jsonType: ColumnDataType = 'text';

/** A JSON document parsed from its text column. */
export function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
