import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type SequenceRequest } from 'autocannon';
import { amtswegEntry, amtswegEnv, startAmtsweg, startAmtswegWorker } from './lib/amtsweg.js';
import { freshPostgres, postgresBase } from './lib/postgres.js';
import { offerAtRate } from './lib/constant-rate.js';
import { startServer, type ServerProcess } from './lib/process.js';
import type { BenchScenario, FigureRow, LoadRow, LoadSettings } from './lib/scenario.js';
import { sampleNotification } from '../test/procedures/bohranzeige-sample.js';

/**
 * Submitting a typical application through the HTTP API: the demo drilling notification (about 25
 * answers: parties, investigation, location, two boreholes, heat-probe details) is validated again,
 * frozen, hashed, numbered, routed to its authorities and audited, with its receipt and mails
 * queued — one `POST /api/v1/applications/{id}/submit` per application. The drafts (with their
 * site plan upload) are prepared before the load. The bare limit: fastify inserting the same JSON
 * into one row of the same engine. Targets from the issue: ≥ 300/s on SQLite, ≥ 150/s on
 * PostgreSQL, p99 ≤ 100 ms (with that rate offered evenly, bench/lib/constant-rate.ts), ≥ 0.3 × bare.
 *
 * On SQLite by default; a PostgreSQL server URL in BENCH_DATABASE_URL (or DATABASE_URL or
 * TEST_DATABASE_URL) measures PostgreSQL in a database created for the run and dropped after it.
 * BENCH_CPU_PROFILE=<folder> writes the CPU profiles of our server and of the worker process there
 * (node --cpu-prof).
 *
 * Then the same rate again on a fresh server with the outbox worker on, measuring the outbox's lag:
 * from a submission's commit to its confirmation mail, and to the end of every job due at once
 * (mails, E-Akte filing, the cases' jobs; issue target: p99 ≤ 10 s), beside the submit latency
 * without the worker; after the run, the first (rendering) and a stored download of 20 receipts,
 * which are rendered on first download. BENCH_WORKER=process (default) runs `amtsweg worker` beside a
 * server with WORKER=false, as docs/operations.md recommends; BENCH_WORKER=in-process the worker
 * inside the server. BENCH_SUBMIT_ONLY=receipts skips the capacity and bare runs.
 *
 * `BENCH_BARE_SUBMIT=1 node --import tsx bench/submit.ts` is the bare server's own entry.
 */

const demoEmail = 'erika.mustermann@example.org';
const demoPassword = 'Amtsweg-Demo-2026';
const minimalPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

if (process.env.BENCH_BARE_SUBMIT === '1') await serveBare();

/** The bare limit: one INSERT of the request's JSON, as fast as fastify and the engine go. */
async function serveBare(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const insert = process.env.BARE_DATABASE_URL ? await postgresInsert(process.env.BARE_DATABASE_URL) : await sqliteInsert();
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  app.post('/submit', async (request, reply) => reply.status(201).send({ id: await insert(JSON.stringify(request.body)) }));
  await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
}

async function sqliteInsert(): Promise<(json: string) => Promise<number>> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path.join(process.env.BARE_DATA_DIR ?? os.tmpdir(), 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // as our server runs SQLite
  db.exec('CREATE TABLE IF NOT EXISTS submissions (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
  const statement = db.prepare('INSERT INTO submissions (data) VALUES (?)');
  return async (json) => Number(statement.run(json).lastInsertRowid);
}

/** The same pool size as our server's. */
async function postgresInsert(url: string): Promise<(json: string) => Promise<number>> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  await pool.query('CREATE TABLE IF NOT EXISTS bare_submissions (id BIGSERIAL PRIMARY KEY, data TEXT NOT NULL)');
  return async (json) =>
    Number((await pool.query<{ id: string }>({ name: 'bare-insert', text: 'INSERT INTO bare_submissions (data) VALUES ($1) RETURNING id', values: [json] })).rows[0]!.id);
}

export interface Session {
  headers: Record<string, string>;
}

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Signs in the demo citizen; API calls then carry the session cookie and the CSRF header, as a browser's would. */
export async function signIn(baseUrl: string): Promise<Session> {
  const jar = new Map<string, string>();
  const loginPage = await fetch(`${baseUrl}/anmelden`);
  cookiesOf(loginPage, jar);
  const form = new URLSearchParams({ _csrf: csrfOf(await loginPage.text()), email: demoEmail, password: demoPassword });
  const login = await fetch(`${baseUrl}/anmelden`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  cookiesOf(login, jar);
  if (login.status !== 303) throw new Error(`sign-in answered ${login.status}`);
  const page = await fetch(`${baseUrl}/antraege`, { headers: { cookie: cookieHeader(jar) } });
  cookiesOf(page, jar);
  return { headers: { cookie: cookieHeader(jar), 'x-csrf-token': csrfOf(await page.text()) } };
}

function isoDay(daysAhead: number): string {
  return new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

/** The answers of the typical application, starting a month from now. */
export function typicalAnswers(): Record<string, unknown> {
  const answers = sampleNotification();
  return { ...answers, investigation: { ...(answers.investigation as object), startDate: isoDay(30), endDate: isoDay(35) } };
}

/** Creates one complete draft through the API: answers, then the site plan upload. */
export async function prepareDraft(baseUrl: string, session: Session, answers: Record<string, unknown>): Promise<string> {
  const created = await fetch(`${baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { ...session.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'bohranzeige', data: answers }),
  });
  if (created.status !== 201) throw new Error(`creating a draft answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const body = new FormData();
  body.append('file', new Blob([minimalPdf], { type: 'application/pdf' }), 'lageplan.pdf');
  const uploaded = await fetch(`${baseUrl}/api/v1/applications/${id}/attachments?field=/sitePlan`, { method: 'POST', headers: session.headers, body });
  if (uploaded.status !== 201) throw new Error(`uploading answered ${uploaded.status}: ${await uploaded.text()}`);
  return id;
}

async function prepareDrafts(baseUrl: string, session: Session, count: number): Promise<string[]> {
  const answers = typicalAnswers();
  const ids: string[] = [];
  const workers = Array.from({ length: 8 }, async () => {
    while (ids.length < count) ids.push(await prepareDraft(baseUrl, session, answers));
  });
  await Promise.all(workers);
  return ids.slice(0, count);
}

/** Takes the next prepared draft; running out would measure repeated submits, so the caller counts it as a failure. */
function draftTaker(drafts: string[]): { next(): string; exhausted(): number } {
  let exhausted = 0;
  let last = drafts[0]!;
  return {
    next() {
      const id = drafts.shift();
      if (id === undefined) exhausted++;
      else last = id;
      return id ?? last;
    },
    exhausted: () => exhausted,
  };
}

function submitRequest(session: Session, id: string) {
  return { method: 'POST', path: `/api/v1/applications/${id}/submit`, headers: { ...session.headers, 'idempotency-key': `bench-${id}` } };
}

/** The server's capacity: the connections send the next submission as soon as the last one is answered. */
async function measureSubmits(baseUrl: string, session: Session, drafts: string[], settings: LoadSettings): Promise<LoadRow> {
  const taker = draftTaker(drafts);
  const requests: SequenceRequest[] = [{ method: 'POST', setupRequest: (request) => ({ ...request, ...submitRequest(session, taker.next()) }) }];
  const result = await autocannon({ url: baseUrl, connections: settings.connections, duration: settings.durationSeconds, requests });
  return {
    request: 'POST …/submit (typical application)',
    server: 'amtsweg',
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx + taker.exhausted(),
  };
}

/**
 * The latency the issue asks for: submissions offered at the target rate, evenly spaced. At 50
 * connections sending as fast as answered, latency is only the queue's length divided by the rate.
 */
async function measureAtRate(baseUrl: string, session: Session, drafts: string[], settings: LoadSettings, perSecond: number): Promise<LoadRow> {
  const taker = draftTaker(drafts);
  const result = await offerAtRate(baseUrl, {
    perSecond,
    durationSeconds: settings.durationSeconds,
    connections: settings.connections,
    next: () => submitRequest(session, taker.next()),
  });
  return {
    request: `POST …/submit, ${perSecond}/s offered evenly`,
    server: 'amtsweg',
    reqPerSec: result.achievedPerSec,
    p99Ms: result.p99Ms,
    failures: result.failures + taker.exhausted(),
  };
}

async function measureBare(url: string, body: string, engine: string, settings: LoadSettings): Promise<LoadRow> {
  const result = await autocannon({
    url: `${url}/submit`,
    method: 'POST',
    connections: settings.connections,
    duration: settings.durationSeconds,
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    request: 'POST /submit (same JSON, one INSERT)',
    server: `bare fastify + ${engine}`,
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

interface JobRow {
  type: string;
  /** 1 for the applicant's confirmation mail (Eingangsbestätigung). */
  confirmation: number;
  created_at: string;
  finished_at: string | null;
}

/**
 * The outbox jobs due at once that were queued since `since` (reminders and timers due days later
 * are not the worker's lag): mails, the E-Akte filing, the cases' jobs. A job is done when it has
 * finished; the confirmation mail is the one every submission has.
 */
async function jobsSince(databaseUrl: string | undefined, dataDir: string, since: string): Promise<JobRow[]> {
  const query = `SELECT type, CASE WHEN payload LIKE '%"subject":"Eingangsbest%' THEN 1 ELSE 0 END AS confirmation, created_at, finished_at
    FROM outbox_jobs WHERE run_at <= created_at AND created_at >= `;
  if (databaseUrl) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<JobRow>(`${query}$1`, [since])).rows;
    } finally {
      await client.end();
    }
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path.join(dataDir, 'amtsweg.sqlite'), { readonly: true, timeout: 5000 });
  try {
    return db.prepare(`${query}?`).all(since) as JobRow[];
  } finally {
    db.close();
  }
}

/** Waits until every job since `since` has finished or `limitMs` passed; returns the rows as they are then. */
async function jobsWhenDone(databaseUrl: string | undefined, dataDir: string, since: string, limitMs: number): Promise<JobRow[]> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const rows = await jobsSince(databaseUrl, dataDir, since);
    if (rows.every((row) => row.finished_at !== null) || performance.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Queue-to-finish times, sorted; a job not finished by the end of the wait counts as infinitely late. */
function delaysOf(rows: readonly JobRow[]): number[] {
  return rows.map((row) => (row.finished_at ? Date.parse(row.finished_at) - Date.parse(row.created_at) : Infinity)).sort((a, b) => a - b);
}

/**
 * Downloads each application's receipt twice, one request at a time: the first renders and stores
 * it (receipts are rendered on first download), the second gets the stored one. Sorted times.
 */
async function receiptDownloads(baseUrl: string, session: Session, ids: readonly string[]): Promise<{ firstMs: number[]; storedMs: number[] }> {
  const firstMs: number[] = [];
  const storedMs: number[] = [];
  for (const id of ids) {
    for (const times of [firstMs, storedMs]) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/antraege/${id}/eingangsbestaetigung.pdf`, { headers: session.headers });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || !body.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new Error(`the receipt of ${id} answered ${response.status}`);
      times.push(performance.now() - started);
    }
  }
  return { firstMs: firstMs.sort((a, b) => a - b), storedMs: storedMs.sort((a, b) => a - b) };
}

const percentile = (sorted: readonly number[], share: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;

interface WorkerRun {
  submits: LoadRow;
  /** Queue-to-finish times of the confirmation mails and of every job due at once, sorted. */
  confirmationMs: number[];
  jobMs: number[];
  unfinished: number;
  receipts: { firstMs: number[]; storedMs: number[] };
}

/** `node --cpu-prof` into BENCH_CPU_PROFILE, when set. */
function profileArgs(): string[] {
  return process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
}

/** A fresh server (and database) with the worker on, submissions offered at `perSecond`. */
async function measureWithWorker(mode: 'process' | 'in-process', settings: LoadSettings, perSecond: number): Promise<WorkerRun> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-bench-receipts-'));
  const database = postgresBase ? await freshPostgres(postgresBase) : undefined;
  const dataDir = path.join(workDir, 'data');
  const env = amtswegEnv(dataDir, { WORKER: mode === 'in-process' ? 'true' : 'false', ...(database ? { DATABASE_URL: database.url } : {}) });
  const stops: (() => Promise<void>)[] = [];
  try {
    const server = await startAmtsweg(dataDir, env, mode === 'in-process' ? profileArgs() : []);
    stops.push(server.stop);
    if (mode === 'process') stops.push(startAmtswegWorker(env, profileArgs()).stop);
    const session = await signIn(server.url);
    const drafts = await prepareDrafts(server.url, session, 100 + settings.durationSeconds * perSecond);
    await measureSubmits(server.url, session, drafts.splice(0, 100), { connections: 10, durationSeconds: 1 }); // warm-up
    await jobsWhenDone(database?.url, dataDir, '', 60_000); // the warm-up's jobs do not weigh on the run
    const since = new Date().toISOString();
    // Submitted last, so the E-Akte filing has most likely not rendered their receipts yet: the first download does.
    const sample = drafts.slice(-20);
    const submits = await measureAtRate(server.url, session, drafts, settings, perSecond);
    // Long enough for a worker that keeps up at a third of the rate; later jobs count as missed.
    const rows = await jobsWhenDone(database?.url, dataDir, since, 30_000 + 2 * settings.durationSeconds * 1000);
    return {
      submits: { ...submits, request: `${submits.request}, worker ${mode}` },
      confirmationMs: delaysOf(rows.filter((row) => Number(row.confirmation) === 1)),
      jobMs: delaysOf(rows),
      unfinished: rows.filter((row) => !row.finished_at).length,
      receipts: await receiptDownloads(server.url, session, sample),
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
    await database?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function workerMode(): 'process' | 'in-process' {
  const mode = process.env.BENCH_WORKER ?? 'process';
  if (mode !== 'process' && mode !== 'in-process') throw new Error(`BENCH_WORKER must be "process" or "in-process" (got "${mode}")`);
  return mode;
}

export const scenario: BenchScenario = {
  name: 'submit',
  description: `submitting the typical drilling notification through the API vs a bare fastify INSERT of the same JSON, on ${postgresBase ? 'PostgreSQL' : 'SQLite'} (server: ${amtswegEntry})`,
  async run(settings: LoadSettings) {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-bench-submit-'));
    const running: ServerProcess[] = [];
    const database = postgresBase ? await freshPostgres(postgresBase) : undefined;
    const engine = database ? 'PostgreSQL' : 'SQLite';
    try {
      const ours = await startAmtsweg(path.join(workDir, 'data'), { WORKER: 'false', ...(database ? { DATABASE_URL: database.url } : {}) }, profileArgs());
      running.push(ours);
      const session = await signIn(ours.url);
      const targetRate = database ? 150 : 300;
      // Enough drafts for the warm-up, the capacity run at up to 600/s (unless skipped) and the run at the target rate; the preparation is not measured.
      const onlyReceipts = process.env.BENCH_SUBMIT_ONLY === 'receipts';
      const drafts = await prepareDrafts(ours.url, session, 100 + settings.durationSeconds * ((onlyReceipts ? 0 : 600) + targetRate));
      await measureSubmits(ours.url, session, drafts.splice(0, 100), { connections: 10, durationSeconds: 1 }); // warm-up
      // The latency first: measured right after the capacity run it was worse (p99 168 ms at 180/s against 45 ms at 220/s before it).
      const atTarget = await measureAtRate(ours.url, session, drafts, settings, targetRate);
      const submits = onlyReceipts ? undefined : await measureSubmits(ours.url, session, drafts, settings);
      await ours.stop(); // the next servers get the cores to themselves, as ours had them

      const mode = workerMode();
      const withWorker = await measureWithWorker(mode, settings, targetRate);
      const { confirmationMs, jobMs, receipts } = withWorker;
      const finite = jobMs.filter(Number.isFinite);
      const receiptFigures: FigureRow[] = [
        { figure: `confirmation mails done, p50 after submit (worker ${mode}, ${targetRate}/s)`, value: percentile(confirmationMs, 0.5), unit: 'ms' },
        { figure: 'confirmation mails done, p99 after submit', value: percentile(confirmationMs, 0.99), unit: 'ms', target: { limit: 10_000, kind: 'max' } },
        { figure: 'every job due at submit done, p99 after it', value: percentile(jobMs, 0.99), unit: 'ms', target: { limit: 10_000, kind: 'max' } },
        { figure: 'jobs not done when the wait ended', value: withWorker.unfinished, unit: `of ${jobMs.length}` },
        { figure: 'slowest job done', value: finite[finite.length - 1] ?? 0, unit: 'ms' },
        {
          figure: 'receipt, first download (renders it unless the E-Akte filing did), p50 / max of 20 after the run',
          value: percentile(receipts.firstMs, 0.5),
          unit: `ms / ${(receipts.firstMs.at(-1) ?? 0).toFixed(0)} ms`,
        },
        { figure: 'receipt, stored, p50 of 20', value: percentile(receipts.storedMs, 0.5), unit: 'ms' },
        { figure: 'submit p99 with the worker / without', value: withWorker.submits.p99Ms / atTarget.p99Ms, unit: '×' },
      ];
      const atRateRows = [atTarget, withWorker.submits];
      if (!submits)
        return {
          loads: atRateRows,
          figures: [{ figure: `p99 latency of a submit at ${targetRate}/s`, value: atTarget.p99Ms, unit: 'ms', target: { limit: 100, kind: 'max' } }, ...receiptFigures],
        };

      const bare = await startServer({
        name: `bare fastify + ${engine}`,
        entry: 'bench/submit.ts',
        env: { BENCH_BARE_SUBMIT: '1', BARE_DATA_DIR: workDir, BARE_DATABASE_URL: database?.url ?? '' },
      });
      running.push(bare);
      const body = JSON.stringify(typicalAnswers());
      await measureBare(bare.url, body, engine, { connections: 10, durationSeconds: 1 });
      const bareSubmits = await measureBare(bare.url, body, engine, settings);
      return {
        loads: [{ ...submits, request: `${submits.request}, ${engine}`, ratioToBare: submits.reqPerSec / bareSubmits.reqPerSec, ratioTarget: 0.3 }, ...atRateRows, bareSubmits],
        figures: [
          { figure: `submitted applications per second (${engine})`, value: submits.reqPerSec, unit: '/s', target: { limit: targetRate, kind: 'min' } },
          { figure: `p99 latency of a submit at ${targetRate}/s`, value: atTarget.p99Ms, unit: 'ms', target: { limit: 100, kind: 'max' } },
          { figure: 'answers per application (JSON bytes)', value: Buffer.byteLength(body), unit: 'bytes' },
          ...receiptFigures,
        ],
      };
    } finally {
      for (const server of running) await server.stop();
      await database?.drop();
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  },
};
