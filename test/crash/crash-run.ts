// `npm run test:crash`: the crash test. Starts the server as a child process (tsx, NODE_ENV=production,
// demo data, its in-process worker on), offers submissions from CRASH_CLIENTS (default 8) clients,
// kills it with SIGKILL at a random moment (0–8 s after the first submission of the round was
// acknowledged) CRASH_KILLS times (default 10),
// restarting it each time, then checks what the crashes left behind:
// - every acknowledged submission is complete: submitted with reference, cases, one audit entry
//   `application.submit`, its receipt (rendered on first download: from answers that still match
//   the hash recorded at submit);
// - so is every other submitted application (a submit killed before its answer is all or nothing);
// - `amtsweg audit verify` and `amtsweg blobs verify` pass;
// - every confirmation mail (Eingangsbestätigung) is in the mail drop exactly once.
// SQLite always, PostgreSQL too when TEST_DATABASE_URL is set. CRASH_SEED replays the kill moments.
// Exits 1 if anything is lost, half-written or sent twice. Not part of `npm test` (minutes per engine).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { listStoredMails } from '../../src/core/mail/index.js';
import { createWorker, openRuntime } from '../../src/runtime.js';
import { ensureReceipt } from '../../src/modules/applications/index.js';
import { amtswegEntry, startAmtsweg } from '../../bench/lib/amtsweg.js';
import { projectRoot } from '../../bench/lib/process.js';
import { freshPostgres } from '../../bench/lib/postgres.js';
import { prepareDraft, signIn, typicalAnswers, type Session } from '../../bench/submit.js';

const kills = Number(process.env.CRASH_KILLS ?? 10);
const clients = Number(process.env.CRASH_CLIENTS ?? 8);
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
const postgresBase = process.env.TEST_DATABASE_URL;

/** mulberry32: a seeded PRNG, so CRASH_SEED gives the same kill moments again. */
function seededRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Acknowledged {
  id: string;
  reference: string;
}

/** One client: drafts and submits until the server is gone; returns what the server acknowledged. */
async function offerSubmissions(baseUrl: string, session: Session, answers: Record<string, unknown>, acknowledged: Acknowledged[], attempts: { count: number }): Promise<void> {
  for (;;) {
    try {
      const id = await prepareDraft(baseUrl, session, answers);
      attempts.count++;
      const response = await fetch(`${baseUrl}/api/v1/applications/${id}/submit`, { method: 'POST', headers: { ...session.headers, 'idempotency-key': `crash-${id}` } });
      if (response.status !== 200 && response.status !== 201) throw new Error(`submit answered ${response.status}: ${await response.text()}`);
      const { reference } = (await response.json()) as { reference: string };
      acknowledged.push({ id, reference });
    } catch (error) {
      // The server was killed under us: connection refused or reset. Anything else is a finding.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      if (cause === 'ECONNREFUSED' || cause === 'ECONNRESET' || cause === 'UND_ERR_SOCKET' || /fetch failed|other side closed/.test(String(error))) return;
      throw error;
    }
  }
}

function cli(env: Record<string, string>, ...args: string[]): { status: number; output: string } {
  const loader = amtswegEntry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const result = spawnSync(process.execPath, [...loader, amtswegEntry, ...args], { cwd: projectRoot, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}`.trim() };
}

interface EngineResult {
  engine: string;
  kills: number;
  attempted: number;
  acknowledged: number;
  submitted: number;
  problems: string[];
  seconds: number;
}

async function runOn(engine: 'SQLite' | 'PostgreSQL'): Promise<EngineResult> {
  const started = performance.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-crash-'));
  const dataDir = path.join(workDir, 'data');
  const database = engine === 'PostgreSQL' ? await freshPostgres(postgresBase!) : undefined;
  // The same secrets for every start: sessions and blobs must survive the restarts.
  const env = {
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    DATABASE_URL: database?.url ?? '',
    DEMO_DATA: 'true',
    SESSION_SECRET: crypto.randomBytes(32).toString('base64'),
    BLOB_KEY: crypto.randomBytes(32).toString('base64'),
  };
  const random = seededRandom(seed);
  const acknowledged: Acknowledged[] = [];
  const attempts = { count: 0 };
  const problems: string[] = [];
  const answers = typicalAnswers();
  try {
    let session: Session | undefined;
    for (let round = 0; round < kills; round++) {
      const server = await startAmtsweg(dataDir, env);
      session ??= await signIn(server.url);
      const load = Array.from({ length: clients }, () => offerSubmissions(server.url, session!, answers, acknowledged, attempts));
      // The moment is drawn once submissions are being acknowledged: a kill during the start-up would test little.
      const before = acknowledged.length;
      for (let waited = 0; acknowledged.length === before && waited < 60_000; waited += 100) await sleep(100);
      await sleep(random() * 8000);
      process.kill(server.pid, 'SIGKILL');
      const outcomes = await Promise.allSettled(load);
      for (const outcome of outcomes) if (outcome.status === 'rejected') problems.push(`round ${round + 1}: ${String(outcome.reason)}`);
      await server.stop(); // reaps the killed process
      process.stdout.write(`${engine}: kill ${round + 1}/${kills}, ${acknowledged.length} submissions acknowledged so far\n`);
    }
    problems.push(...(await drainAndCheck(env, dataDir, acknowledged)));
    const runtime = await openRuntime(loadConfig(env));
    // Only ours: the demo data has submitted applications too.
    const submitted = await runtime.ctx.db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'submitted')
      .where('submit_key', 'like', 'crash-%')
      .executeTakeFirstOrThrow();
    await runtime.close();
    return { engine, kills, attempted: attempts.count, acknowledged: acknowledged.length, submitted: Number(submitted.n), problems, seconds: (performance.now() - started) / 1000 };
  } finally {
    await database?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Runs the outbox to the end in this process, as a restarted worker would, with its clock ten
 * minutes ahead: jobs a killed server had claimed wait for their lease (5 minutes) to run out.
 */
async function drainAndCheck(env: Record<string, string>, dataDir: string, acknowledged: Acknowledged[]): Promise<string[]> {
  const problems: string[] = [];
  const runtime = await openRuntime(loadConfig(env), { clock: { now: () => new Date(Date.now() + 10 * 60_000) } });
  try {
    const worker = createWorker(runtime);
    while ((await worker.runDue()) > 0);
    const { db } = runtime.ctx;
    const unfinished = await db.selectFrom('outbox_jobs').select(['type', 'status', 'last_error']).where('status', 'in', ['running', 'failed']).execute();
    for (const job of unfinished) problems.push(`job ${job.type} ${job.status}: ${job.last_error ?? ''}`);

    const submitted = await db.selectFrom('applications').select(['id', 'tenant_id', 'reference']).where('status', '=', 'submitted').execute();
    const byId = new Map(submitted.map((a) => [a.id, a]));
    for (const ack of acknowledged) {
      const row = byId.get(ack.id);
      if (!row) problems.push(`acknowledged ${ack.reference} (${ack.id}) is not submitted`);
      else if (row.reference !== ack.reference) problems.push(`acknowledged ${ack.reference} is stored as ${row.reference}`);
    }
    const mails = await listStoredMails(dataDir, Number.MAX_SAFE_INTEGER);
    const confirmations = new Map<string, number>();
    for (const mail of mails) {
      const reference = /^Eingangsbestätigung (\S+)/.exec(mail.subject)?.[1];
      if (reference) confirmations.set(reference, (confirmations.get(reference) ?? 0) + 1);
    }
    for (const application of submitted) {
      const cases = await db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('application_id', '=', application.id)
        .executeTakeFirstOrThrow();
      const audits = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('object_id', '=', application.id)
        .where('action', '=', 'application.submit')
        .executeTakeFirstOrThrow();
      const name = application.reference ?? application.id;
      if (!application.reference) problems.push(`${application.id}: submitted without reference`);
      if (Number(cases.n) === 0) problems.push(`${name}: no case`);
      if (Number(audits.n) !== 1) problems.push(`${name}: ${audits.n} audit entries application.submit`);
      // The first download renders the receipt; it refuses answers that do not match their hash.
      const receipt = await ensureReceipt(runtime.ctx, application.tenant_id, application.id).catch((error: unknown) => String(error));
      if (!Buffer.isBuffer(receipt)) problems.push(`${name}: no receipt: ${receipt}`);
      const sent = confirmations.get(application.reference ?? '') ?? 0;
      if (sent !== 1) problems.push(`${name}: confirmation mail sent ${sent} times`);
    }
  } finally {
    await runtime.close();
  }
  for (const command of [
    ['audit', 'verify'],
    ['blobs', 'verify'],
  ]) {
    const { status, output } = cli(env, ...command);
    if (status !== 0) problems.push(`amtsweg ${command.join(' ')} failed: ${output}`);
  }
  return problems;
}

let failed = false;
for (const engine of postgresBase ? (['SQLite', 'PostgreSQL'] as const) : (['SQLite'] as const)) {
  const result = await runOn(engine);
  process.stdout.write(
    `${engine}: ${result.kills} SIGKILLs (seed ${seed}), ${result.attempted} submits sent, ${result.acknowledged} acknowledged, ${result.submitted} submitted in the database; ` +
      `${result.problems.length ? `${result.problems.length} PROBLEMS` : 'all complete, audit and blobs intact, each confirmation mailed once'} (${result.seconds.toFixed(0)} s)\n`,
  );
  for (const problem of result.problems.slice(0, 50)) process.stdout.write(`  ${problem}\n`);
  failed ||= result.problems.length > 0;
}
process.exit(failed ? 1 : 0);
