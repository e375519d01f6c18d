import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { appendAudit } from '../src/core/audit/index.js';
import { inTransaction } from '../src/core/db/index.js';
import { enqueueJobs } from '../src/core/jobs/index.js';
import { mailDirectory, mailJob } from '../src/core/mail/index.js';
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
  it('stops the worker on SIGTERM after the job in hand, leaving the backlog due, not waiting for it', async () => {
    const workerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-cli-worker-'));
    try {
      const runtime = await openRuntime(loadConfig({ NODE_ENV: 'test', DATA_DIR: workerDir }));
      const backlog = Array.from({ length: 5000 }, (_, i) => mailJob({ to: `person${i}@example.org`, subject: 'Rückstand', text: String(i) }));
      await inTransaction(runtime.ctx.db, (trx) => enqueueJobs(trx, runtime.ctx, backlog));
      await runtime.close();

      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: workerDir }, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const sentMails = () => (fs.existsSync(mailDirectory(workerDir)) ? fs.readdirSync(mailDirectory(workerDir)).filter((name) => name.endsWith('.eml')).length : 0);
      while (sentMails() < 20) await new Promise((resolve) => setTimeout(resolve, 20));
      const signalled = performance.now();
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const tookMs = performance.now() - signalled;

      const db = new SQLite(path.join(workerDir, 'amtsweg.sqlite'), { readonly: true });
      const counts: Record<string, number> = Object.fromEntries((db.prepare('SELECT status, count(*) AS n FROM outbox_jobs GROUP BY status').all() as { status: string; n: number }[]).map((row) => [row.status, row.n]));
      const pendingAttempts = db.prepare("SELECT max(attempts) AS most FROM outbox_jobs WHERE status = 'pending'").get() as { most: number };
      db.close();
      assert.ok(tookMs < 5000, `exited ${tookMs.toFixed(0)} ms after SIGTERM`);
      assert.equal(counts.running, undefined, 'no job left claimed');
      assert.ok((counts.pending ?? 0) > 0, 'the backlog was not worked off before exiting');
      assert.equal((counts.done ?? 0) + (counts.pending ?? 0), 5000);
      assert.equal(counts.done, sentMails(), 'every job recorded as done sent its mail, and no other did');
      assert.equal(pendingAttempts.most, 0, 'given-back jobs are not counted as attempts');
    } finally {
      fs.rmSync(workerDir, { recursive: true, force: true });
    }
  });
});
