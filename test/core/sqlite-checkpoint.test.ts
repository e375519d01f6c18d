import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/core/db/index.js';
import { checkpointIntervalMs, fallbackCheckpointPages } from '../../src/core/db/sqlite-checkpointer.js';

describe('SQLite checkpoints', () => {
  it('copies committed writes into the database file from the worker thread, not at our commits', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-checkpoint-'));
    const file = path.join(folder, 'db.sqlite');
    const database = await openDatabase({ kind: 'sqlite', file });
    try {
      const limit = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
      assert.equal(limit.rows[0]!.wal_autocheckpoint, fallbackCheckpointPages, 'our commits checkpoint only as a safety net');
      await sql`create table t (v text)`.execute(database.db);
      // About 2 MiB: far below the fallback limit, so only the worker can have moved it into the file.
      for (let i = 0; i < 64; i++) await sql`insert into t (v) values (${'x'.repeat(32 * 1024)})`.execute(database.db);
      const deadline = Date.now() + 50 * checkpointIntervalMs;
      while (fs.statSync(file).size < 2 * 1024 * 1024 && Date.now() < deadline) await sleep(checkpointIntervalMs);
      assert.ok(fs.statSync(file).size >= 2 * 1024 * 1024, `database file has ${fs.statSync(file).size} bytes`);
    } finally {
      await database.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
