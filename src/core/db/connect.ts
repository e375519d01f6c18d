import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type SqliteDatabase } from 'kysely';
import type { DatabaseConfig } from '../../config.js';
import type { Db, DialectName } from './schema.js';
import { preparingPool } from './pg-prepared.js';
import { fallbackCheckpointPages, startCheckpointer } from './sqlite-checkpointer.js';

export interface Database {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

/** Thrown when the database cannot be opened or reached; the message is safe to print. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

const statementCacheSize = 500;

/**
 * Kysely prepares every query afresh; with better-sqlite3 preparing costs about as much as running
 * a small query. Our queries come from a fixed set of builders, so their SQL texts repeat and the
 * prepared statements can be reused (least recently used dropped beyond the cache size).
 */
function withStatementCache(connection: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => connection.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (statement) {
        statements.delete(sqlText);
      } else {
        statement = connection.prepare(sqlText);
        if (statements.size >= statementCacheSize) statements.delete(statements.keys().next().value!);
      }
      statements.set(sqlText, statement);
      return statement;
    },
  };
}

/**
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE), not at their first
 * write: with a second process on the same file (`amtsweg worker`), a transaction that read
 * first and then wrote after the other process committed would fail at once with SQLITE_BUSY
 * instead of waiting its turn (busy_timeout does not apply to that upgrade). Our transactions
 * exist to write, so taking the lock early costs nothing.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(settings);
  }

  override createDriver(): SqliteDriver {
    return new (class extends SqliteDriver {
      override async beginTransaction(connection: DatabaseConnection): Promise<void> {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      }
    })(this.settings);
  }
}

// Each driver is loaded only when its engine is configured: an installation uses one of them.
async function openSqlite(file: string): Promise<Database> {
  const { default: SQLite } = await import('better-sqlite3');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  let connection: SQLite.Database;
  try {
    connection = new SQLite(file);
  } catch (error) {
    throw new DatabaseUnavailableError(`cannot open SQLite database ${file}: ${(error as Error).message}`);
  }
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // Checkpoints run in a worker thread, not inside our commits (sqlite-checkpointer.ts).
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file);
  if (checkpointer) connection.pragma(`wal_autocheckpoint = ${fallbackCheckpointPages}`);
  const db: Db = new Kysely({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(connection) }) });
  return {
    db,
    dialect: 'sqlite',
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  // PostgreSQL returns BIGINT (count(*)) as a string by default; our counts fit in a JS number.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 20, connectionTimeoutMillis: 5000 });
  // An idle client can lose its connection (server restart, failover); pg then emits 'error' on
  // the pool, which would crash the process if unhandled. The pool replaces the client by itself.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`));
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    const host = new URL(url).host;
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL at ${host}: ${(error as Error).message}`);
  }
  return { db, dialect: 'postgresql', close: () => db.destroy() };
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url);
}

/** Answers whether the database responds; used by the health check. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
