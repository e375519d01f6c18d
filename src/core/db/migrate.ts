import { Migrator, type Kysely, type Migration as KyselyMigration } from 'kysely';
import type { Db, DialectName } from './schema.js';

/**
 * A forward-only schema change. On a fresh database names run in sorted order: core uses
 * `0000_…`, each module its own hundred (`0100_catalog_…`, `0200_identity_…`). On an existing
 * database, names not yet applied run in that order too, even if they sort before applied ones.
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
    // Each module numbers its own migrations (0100_catalog_…, 0200_identity_…), so a module's new
    // migration may sort before another module's applied one; every name still runs exactly once.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
  return { applied: (results ?? []).map((r) => r.migrationName) };
}
