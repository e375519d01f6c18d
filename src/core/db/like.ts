import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * Text a user typed, matched literally by LIKE: `%` and `_` are escaped with a backslash, and the
 * ESCAPE clause names it, because SQLite (unlike PostgreSQL) has no escape character by default.
 */
function literal(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function like(value: Expression<string>, pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${value} like ${pattern} escape '\\'`;
}

/** `value` starts with `text`, taken literally. */
export function startsWith(value: Expression<string>, text: string): RawBuilder<SqlBool> {
  return like(value, `${literal(text)}%`);
}

/** `value` contains `text`, taken literally. */
export function contains(value: Expression<string>, text: string): RawBuilder<SqlBool> {
  return like(value, `%${literal(text)}%`);
}
