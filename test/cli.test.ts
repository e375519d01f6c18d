import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { allCommands, amtswegCommandLine } from '../src/commands.js';
import { loadConfig } from '../src/config.js';
import { runCommandLine, type CommandExecutor } from '../src/core/cli.js';
import { appendAudit } from '../src/core/audit/index.js';
import { inTransaction } from '../src/core/db/index.js';
import { enqueueJobs } from '../src/core/jobs/index.js';
import { mailDirectory, mailJob } from '../src/core/mail/index.js';
import { openRuntime, type Runtime } from '../src/runtime.js';
import { createTestRuntime, type TestRuntime } from './helpers/runtime.js';

/** Runs the real CLI in a child process, as an operator would. */
function amtsweg(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Polls until the server answers (it migrates first), for at most a minute. */
async function healthStatus(url: string): Promise<number> {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      return (await fetch(url)).status;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
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

  /** A database that cannot be reached: a command that opened it would fail with exit code 1. */
  const noDatabase = () => ({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://amt@127.0.0.1:1/amtsweg' });

  it('lists every command with its words and arguments for help and --help, without opening the database', () => {
    const helpText = amtsweg(['help'], noDatabase());
    assert.equal(helpText.code, 0, helpText.stderr);
    for (const command of [
      'serve',
      'audit verify',
      'blobs verify',
      'catalog import [options] <FILE.xml>',
      'staff add [options]',
      'forms import-xdf <FILE.xml> [OUT.json]',
      'procedures publish [FOLDER]',
      'records verify <AKTENZEICHEN> [EVIDENCE.json]',
    ]) {
      assert.ok(helpText.stdout.includes(`  ${command} `), `help lists "${command}"`);
    }
    assert.equal(amtsweg(['--help'], noDatabase()).stdout, helpText.stdout);
  });

  it("shows a command's arguments, taking --help as a request, not as a file name", () => {
    const xdf = amtsweg(['forms', 'import-xdf', '--help'], noDatabase());
    assert.equal(xdf.code, 0, xdf.stderr);
    assert.match(xdf.stdout, /^Usage: amtsweg forms import-xdf \[options\] <FILE\.xml> \[OUT\.json\]/);
    assert.match(xdf.stdout, /FILE\.xml +the XDatenfelder schema/);
    assert.equal(xdf.stderr, '');
  });

  it('refuses an unknown command or option with one line and exit code 2', () => {
    for (const [args, message] of [
      [['frobnicate'], /^amtsweg: unknown command 'frobnicate'\n$/],
      [['audit', 'verify', '--bogus'], /^amtsweg: unknown option '--bogus'\n$/],
    ] as const) {
      const result = amtsweg([...args], noDatabase());
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
    }
  });

  it('serves until SIGTERM, then exits 0', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    assert.equal(await healthStatus(`http://127.0.0.1:${port}/healthz`), 200);
    server.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('stops the worker on SIGTERM after the job in hand, leaving the backlog due, not waiting for it', async () => {
    const workerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-cli-worker-'));
    try {
      const runtime = await openRuntime(loadConfig({ NODE_ENV: 'test', DATA_DIR: workerDir }));
      const backlog = Array.from({ length: 5000 }, (_, i) => mailJob({ to: `person${i}@example.org`, subject: 'Rückstand', text: String(i) }));
      await inTransaction(runtime.ctx.db, (trx) => enqueueJobs(trx, runtime.ctx, backlog));
      await runtime.close();

      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: workerDir },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const sentMails = () => (fs.existsSync(mailDirectory(workerDir)) ? fs.readdirSync(mailDirectory(workerDir)).filter((name) => name.endsWith('.eml')).length : 0);
      while (sentMails() < 20) await new Promise((resolve) => setTimeout(resolve, 20));
      const signalled = performance.now();
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const tookMs = performance.now() - signalled;

      const db = new SQLite(path.join(workerDir, 'amtsweg.sqlite'), { readonly: true });
      const counts: Record<string, number> = Object.fromEntries(
        (db.prepare('SELECT status, count(*) AS n FROM outbox_jobs GROUP BY status').all() as { status: string; n: number }[]).map((row) => [row.status, row.n]),
      );
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

/** The same command line in this process, on a test runtime (so on PostgreSQL too), collecting what commander prints. */
describe('amtsweg CLI commands', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime();
  });
  after(() => runtime.dispose());

  async function run(args: string[], execute: CommandExecutor<Runtime> = (command) => command(runtime)) {
    const output = { out: '', err: '' };
    const writes = { writeOut: (text: string) => void (output.out += text), writeErr: (text: string) => void (output.err += text) };
    const code = await runCommandLine({ ...amtswegCommandLine(), execute, output: writes }, args);
    return { code, ...output };
  }
  const refuseToOpen: CommandExecutor<Runtime> = () => Promise.reject(new Error('a refused or help-only command opened the runtime'));

  it("shows each command's arguments and options", async () => {
    const staff = await run(['staff', 'add', '--help'], refuseToOpen);
    assert.equal(staff.code, 0);
    for (const option of ['--email <address>', '--role <role>', '--authority <id>', '--team <name>', '--tenant <slug>']) assert.ok(staff.out.includes(option), option);
    const group = await run(['help', 'catalog'], refuseToOpen);
    assert.match(group.out, /catalog export \[options\] \[FILE\]/);
    assert.match(group.out, /catalog import \[options\] <FILE\.xml>/);
  });

  it('stops with one line naming both owners when two contribute the same command, also inside a shared group', () => {
    const command = { description: 'does something', run: async () => 0 };
    assert.throws(
      () =>
        allCommands([
          { name: 'one', commands: { twice: command } },
          { name: 'two', commands: { twice: command } },
        ]),
      {
        name: 'ModuleSetupError',
        message: 'the command amtsweg twice comes from both the module one and the module two',
      },
    );
    assert.throws(() => allCommands([{ name: 'one', commands: { tenant: { description: 'tenants', subcommands: { add: command } } } }]), {
      name: 'ModuleSetupError',
      message: 'the command amtsweg tenant add comes from both the kernel and the module one',
    });
    assert.ok('subcommands' in allCommands([{ name: 'one', commands: { tenant: { description: 'tenants', subcommands: { other: command } } } }]).tenant!, 'a group merges');
  });

  it('is documented in the README and docs/operations.md as `amtsweg help` prints it', async () => {
    const help = await run(['help'], refuseToOpen);
    const commands = help.out.slice(help.out.indexOf('Commands:')).trimEnd();
    for (const doc of ['../README.md', '../docs/operations.md']) assert.ok(fs.readFileSync(new URL(doc, import.meta.url), 'utf8').includes(commands), doc);
  });

  it('refuses unknown commands and options, and missing or extra arguments, with one line and exit code 2', async () => {
    const refusals: [string[], RegExp][] = [
      [['forms', 'frobnicate'], /^amtsweg: unknown command 'frobnicate'\n$/],
      [['audit', 'verify', 'extra'], /^amtsweg: too many arguments for 'verify'\. Expected 0 arguments but got 1\.\n$/],
      [['forms', 'import-xdf'], /^amtsweg: missing required argument 'FILE\.xml'\n$/],
      [['staff', 'add', '--email', 'a@example.org', '--role', 'tenantAdmin'], /^amtsweg: required option '--name <name>' not specified\n$/],
      [['catalog', 'export', '--tenant'], /^amtsweg: option '--tenant <slug>' argument missing\n$/],
    ];
    for (const [args, message] of refusals) {
      const result = await run(args, refuseToOpen);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, message);
      assert.equal(result.out, '');
    }
    const bare = await run(['forms'], refuseToOpen);
    assert.equal(bare.code, 2, 'a group without its subcommand shows its help as an error');
    assert.match(bare.err, /forms import-xdf/);
  });

  it('runs every module command with the arguments it always took', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-cli-all-'));
    try {
      const catalogFile = path.join(dir, 'katalog.xml');
      assert.equal((await run(['catalog', 'export', catalogFile, '--tenant=sn'])).code, 0);
      assert.match(fs.readFileSync(catalogFile, 'utf8'), /<xzufi:/);
      assert.equal((await run(['catalog', 'import', catalogFile, '--tenant', 'bw'])).code, 0);
      assert.equal((await run(['catalog', 'import', path.join(dir, 'fehlt.xml')])).code, 1);
      assert.equal((await run(['catalog', 'import', catalogFile, '--tenant=nirgendwo'])).code, 1);
      const bw = await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'bw').executeTakeFirstOrThrow();

      assert.equal((await run(['staff', 'add', '--email', 'chefin@example.org', '--name', 'Chefin', '--role', 'tenantAdmin', '--tenant', 'bw'])).code, 0);
      assert.ok(await runtime.ctx.db.selectFrom('accounts').select('id').where('email', '=', 'chefin@example.org').where('tenant_id', '=', bw.id).executeTakeFirst());

      const formFile = path.join(dir, 'form.json');
      assert.equal((await run(['forms', 'import-xdf', fileURLToPath(new URL('fixtures/fim/xdfv3_simple.xml', import.meta.url)), formFile])).code, 0);
      assert.equal(JSON.parse(fs.readFileSync(formFile, 'utf8')).key, 'g60000000088');

      assert.equal((await run(['procedures', 'check'])).code, 0);
      assert.equal((await run(['procedures', 'publish', 'procedures/bohranzeige'])).code, 0);
      assert.equal((await run(['procedures', 'check', dir])).code, 1, 'a folder without a pack');
      assert.equal((await run(['blobs', 'verify'])).code, 0);
      assert.equal((await run(['audit', 'verify'])).code, 0);
      assert.equal((await run(['records', 'verify', 'NICHT-DA'])).code, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
