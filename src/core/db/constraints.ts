/**
 * Whether a failed statement broke the unique constraint of `table.column` — as SQLite reports it
 * (`UNIQUE constraint failed: table.column`) or PostgreSQL (SQLSTATE 23505 on the constraint
 * `table_column_key`, the name a column's UNIQUE gets).
 */
export function violatesUnique(error: unknown, table: string, column: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, constraint } = error as { code?: unknown; message?: unknown; constraint?: unknown };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return typeof message === 'string' && message.includes(`${table}.${column}`);
  return code === '23505' && constraint === `${table}_${column}_key`;
}
