import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { appendAudit } from '../src/core/audit/index.js';
import { inTransaction } from '../src/core/db/index.js';
import { openRuntime } from '../src/runtime.js';

/** Runs the real CLI in a child process, as an operator would. */
function amtsweg(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('amtsweg CLI', () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-cli-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('stops with one clear line naming a wrong variable, without a stack trace', () => {
    const result = amtsweg(['migrate'], { DATA_DIR: dataDir, PORT: 'achtzig' });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /PORT/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('names an unreachable PostgreSQL without printing its password', () => {
    const result = amtsweg(['migrate'], { DATA_DIR: dataDir, DATABASE_URL: 'postgres://amt:streng-geheim@127.0.0.1:1/amtsweg' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot reach PostgreSQL at 127\.0\.0\.1:1/);
    assert.doesNotMatch(result.stderr, /streng-geheim/);
  });

  it('refuses a DATA_DIR that cannot be written', () => {
    const file = path.join(dataDir, 'a-file');
    fs.writeFileSync(file, '');
    const result = amtsweg(['migrate'], { DATA_DIR: path.join(file, 'sub') });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /DATA_DIR .* is not writable/);
  });

  it('migrates, seeds, and finds a tampered audit entry', async () => {
    const env = { DATA_DIR: dataDir };
    assert.equal(amtsweg(['migrate'], env).code, 0);
    const seeded = amtsweg(['seed'], env);
    assert.equal(seeded.code, 0, seeded.stderr);
    const intact = amtsweg(['audit', 'verify'], env);
    assert.equal(intact.code, 0, intact.stderr);
    assert.match(intact.stdout, /intact/);

    const runtime = await openRuntime(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }));
    for (const action of ['account.login', 'case.assign']) {
      await inTransaction(runtime.ctx.db, (trx) =>
        appendAudit(trx, runtime.ctx, { tenantId: null, actor: { type: 'system', id: null }, action, objectType: 'test', objectId: null }),
      );
    }
    await runtime.close();
    assert.equal(amtsweg(['audit', 'verify'], env).code, 0);

    const db = new SQLite(path.join(dataDir, 'amtsweg.sqlite'));
    db.prepare("update audit_log set action = 'forged' where position = 1").run();
    db.close();
    const broken = amtsweg(['audit', 'verify'], env);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /BROKEN: chain .* at position 1 \(entry [0-9a-f-]+\): edited/);
  });

  it('lists its commands and rejects unknown ones', () => {
    const helpText = amtsweg(['help'], { DATA_DIR: dataDir });
    assert.equal(helpText.code, 0);
    assert.match(helpText.stdout, /audit verify/);
    assert.match(helpText.stdout, /blobs verify/);
    const unknown = amtsweg(['frobnicate'], { DATA_DIR: dataDir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
  });
});
