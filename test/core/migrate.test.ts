import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrate, openDatabase, type Migration } from '../../src/core/db/index.js';

const table = (name: string): Migration => ({
  name,
  up: (db) => db.schema.createTable(`t_${name}`).addColumn('id', 'text').execute(),
});

describe('migrations', () => {
  it('runs each migration once, and a module migration added later even if it sorts earlier', async () => {
    const database = await openDatabase({ kind: 'sqlite', file: ':memory:' });
    try {
      const first = await migrate(database.db, database.dialect, [table('0100_a'), table('0200_b')]);
      assert.deepEqual(first.applied, ['0100_a', '0200_b']);
      const second = await migrate(database.db, database.dialect, [table('0100_a'), table('0101_a_more'), table('0200_b')]);
      assert.deepEqual(second.applied, ['0101_a_more']);
      const again = await migrate(database.db, database.dialect, [table('0100_a'), table('0101_a_more'), table('0200_b')]);
      assert.deepEqual(again.applied, []);
      await sql`select * from t_0101_a_more`.execute(database.db);
    } finally {
      await database.close();
    }
  });

  it('names the migration that failed and applies nothing after it', async () => {
    const database = await openDatabase({ kind: 'sqlite', file: ':memory:' });
    try {
      const broken: Migration = { name: '0300_broken', up: async (db) => void (await sql`create tabel oops`.execute(db)) };
      await assert.rejects(migrate(database.db, database.dialect, [table('0100_a'), broken, table('0400_c')]), /migration 0300_broken failed/);
      await assert.rejects(sql`select * from t_0400_c`.execute(database.db));
    } finally {
      await database.close();
    }
  });
});
