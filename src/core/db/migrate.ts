import { Migrator, type Kysely, type Migration as KyselyMigration } from 'kysely';
import type { Db, DialectName } from './schema.js';

/**
 * A forward-only schema change. Names sort in the order they must run: core uses `0000_…`,
 * each module its own hundred (`0100_catalog_…`, `0200_identity_…`).
 */
export interface Migration {
  name: string;
  // Migrations work on an untyped Kysely: they create the tables the types describe.
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

export interface MigrationReport {
  applied: string[];
}

export async function migrate(db: Db, dialect: DialectName, migrations: readonly Migration[]): Promise<MigrationReport> {
  const byName: Record<string, KyselyMigration> = {};
  for (const migration of migrations) {
    if (byName[migration.name]) throw new Error(`duplicate migration name ${migration.name}`);
    byName[migration.name] = { up: (kdb) => migration.up(kdb, dialect) };
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => byName },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
  return { applied: (results ?? []).map((r) => r.migrationName) };
}
