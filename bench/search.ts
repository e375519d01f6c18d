import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../src/core/paths.js';
import type { Service } from '../src/modules/catalog/index.js';
import { ServiceIndex } from '../src/modules/catalog/search.js';
import type { ServiceSeed } from '../src/modules/catalog/seed.js';
import { completeText } from '../src/modules/catalog/texts.js';
import { loadConfig } from '../src/config.js';
import { searchServices, tenantCatalog } from '../src/modules/catalog/service.js';
import { openRuntime, seed } from '../src/runtime.js';
import { startAmtsweg } from './lib/amtsweg.js';
import { freshPostgres, postgresBase } from './lib/postgres.js';
import { startBareServer } from './lib/bare.js';
import { measureLoad } from './lib/load.js';
import type { ServerProcess } from './lib/process.js';
import type { BenchScenario, FigureRow, LoadRow, LoadSettings } from './lib/scenario.js';

/**
 * Catalogue search. In process: a generated catalogue of 10,000 services (the 42 shipped Saxon
 * services, varied with extra words so that no two are alike), measured without the query cache
 * (every query computed) and with it (repeated queries); then the real catalogue of the Saxon
 * tenant as the seed loads it into a database (SQLite, or PostgreSQL with BENCH_DATABASE_URL), once
 * with the demo services only and once with the whole LeiKa skeleton (4,813 entries). Over HTTP: the
 * search results page of the catalogue (demo + LeiKa, a production server's default) against a bare
 * fastify server sending the same HTML. Targets from the catalogue issue: p95 ≤ 5 ms per query,
 * index memory ≤ 50 MB, results page ≥ 3,000 req/s.
 */

const size = 10_000;
const queries = [
  'Erdwärme',
  'Bohrung anzeigen',
  'Lehrer bewerben',
  'ummelden',
  'Hundesteuer',
  'Personalausweis',
  'Persnalausweis',
  'Auto anmelden',
  'Baugenehmigung Anbau',
  'Xylophon',
];
const extraWords = ['Nachweis', 'Antrag', 'Bescheinigung', 'Genehmigung', 'Anzeige', 'Verlängerung', 'Änderung', 'Ersatz', 'Auskunft', 'Zuschuss', 'Förderung', 'Erlaubnis'];
const objects = ['Fahrzeug', 'Grundstück', 'Gewässer', 'Wald', 'Schule', 'Kita', 'Betrieb', 'Veranstaltung', 'Denkmal', 'Brunnen', 'Straße', 'Friedhof', 'Markt', 'Sportplatz'];

function seeds(): ServiceSeed[] {
  const folder = projectPath('data/catalog/sn');
  return fs
    .readdirSync(folder)
    .filter((f) => f.startsWith('services'))
    .flatMap((f) => JSON.parse(fs.readFileSync(`${folder}/${f}`, 'utf8')) as ServiceSeed[]);
}

export function generate(): Service[] {
  const base = seeds();
  return Array.from({ length: size }, (_, i) => {
    const seed = base[i % base.length]!;
    const variant = i < base.length ? '' : ` ${extraWords[i % extraWords.length]} ${objects[Math.floor(i / base.length) % objects.length]}`;
    const de = completeText(seed.de);
    return {
      id: `s${i}`,
      tenantId: 't',
      key: `${seed.key}-${i}`,
      leikaKey: seed.leikaKey ?? null,
      origin: 'tenant',
      typisierung: null,
      level: seed.level,
      lebenslagen: seed.lebenslagen,
      procedureKey: null,
      ozgId: null,
      ozgLeistung: null,
      ozgLebenslage: null,
      themenfeld: null,
      popularity: i < base.length ? (seed.popularity ?? 0) : 0,
      releasedOn: null,
      releasedBy: null,
      texts: { de: { ...de, name: de.name + variant, shortText: de.shortText + variant } },
    };
  });
}

function collectGarbage(): void {
  v8.setFlagsFromString('--expose_gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * Per-query times over `seconds`, cycling through the queries: wall-clock p50/p95/p99 and the p95
 * of the CPU time the process spent. On a shared machine the wall clock also counts the time the
 * process waited for a core; the CPU time shows the query's own cost.
 */
async function timeQueries(search: (query: string) => unknown, seconds: number, label: string, target?: FigureRow['target']): Promise<FigureRow[]> {
  for (let i = 0; i < 200; i++) await search(queries[i % queries.length]!);
  const wall: number[] = [];
  const cpu: number[] = [];
  const until = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < until; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await search(queries[i % queries.length]!);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const at = (samples: number[], q: number) => samples.sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * q))]!;
  return [
    { figure: `search p50, ${label}`, value: at(wall, 0.5), unit: 'ms' },
    { figure: `search p95, ${label}`, value: at(wall, 0.95), unit: 'ms', ...(target ? { target } : {}) },
    { figure: `search p99, ${label}`, value: at(wall, 0.99), unit: 'ms' },
    { figure: `search p95 CPU time, ${label}`, value: at(cpu, 0.95), unit: 'ms' },
  ];
}

async function inProcess(settings: LoadSettings): Promise<FigureRow[]> {
  const services = generate();
  // The index keeps its postings in typed arrays, which live outside the JavaScript heap.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  collectGarbage();
  const before = used();
  const buildStart = performance.now();
  const uncached = new ServiceIndex(services, 'de', { cacheSize: 0 });
  const buildMs = performance.now() - buildStart;
  collectGarbage();
  const indexMb = (used() - before) / 1024 / 1024;
  const seconds = Math.min(settings.durationSeconds, 5);
  const cached = new ServiceIndex(services, 'de');
  return [
    ...(await timeQueries((query) => uncached.query(query), seconds, 'every query computed', { limit: 5, kind: 'max' })),
    ...(await timeQueries((query) => cached.query(query), seconds, 'repeated queries (cache)')),
    { figure: 'index memory (heap + array buffers)', value: indexMb, unit: 'MB', target: { limit: 50, kind: 'max' } },
    { figure: 'index build', value: buildMs, unit: 'ms' },
  ];
}

/**
 * The Saxon tenant's catalogue as the seed loads it, with or without the LeiKa skeleton: the seed's
 * time, then the queries on an index of the loaded services without cache (every query computed)
 * and through `searchServices`, what the pages call (revision check, cached outcomes).
 */
async function realCatalogue(settings: LoadSettings, withLeika: boolean): Promise<FigureRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-bench-catalogue-'));
  const database = postgresBase ? await freshPostgres(postgresBase) : undefined;
  const env = { NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '', DEMO_DATA: 'false', LEIKA_CATALOG: String(withLeika), LOG_LEVEL: 'silent' };
  const runtime = await openRuntime(loadConfig(env));
  try {
    const seedStart = performance.now();
    await seed(runtime);
    const seedMs = performance.now() - seedStart;
    const tenant = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
    const { services } = await tenantCatalog(runtime.ctx, tenant);
    const label = `${withLeika ? 'demo + LeiKa' : 'demo only'}, ${services.length.toLocaleString('en-US')} services, ${postgresBase ? 'PostgreSQL' : 'SQLite'}`;
    const buildStart = performance.now();
    const uncached = new ServiceIndex(services, 'de', { cacheSize: 0 });
    const buildMs = performance.now() - buildStart;
    const seconds = Math.min(settings.durationSeconds, 5);
    return [
      { figure: `seed (${label})`, value: seedMs, unit: 'ms' },
      { figure: `index build (${label})`, value: buildMs, unit: 'ms' },
      ...(await timeQueries((query) => uncached.query(query), seconds, `${label}, every query computed`, { limit: 5, kind: 'max' })),
      ...(await timeQueries((query) => searchServices(runtime.ctx, tenant, 'de', { q: query }), seconds, `${label}, searchServices`, { limit: 5, kind: 'max' })),
    ];
  } finally {
    await runtime.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const searchPage = `/suche?q=${encodeURIComponent('Erdwärme')}`;

/** CPU seconds a process has used so far, all threads (user + system; Linux clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * A load, and the server's own CPU time per answered request. On a machine shared with other work
 * the req/s swing with the load; the CPU time per request hardly does, and 1000 / (CPU ms per
 * request) is what one free core could serve.
 */
async function loadWithCpu(server: ServerProcess, label: string, url: string, settings: LoadSettings): Promise<{ load: LoadRow; cpuMsPerRequest: number }> {
  const before = cpuSecondsOf(server.pid);
  const load = await measureLoad({ request: `GET ${searchPage}`, server: label, url }, settings);
  const requests = load.reqPerSec * settings.durationSeconds;
  return { load, cpuMsPerRequest: ((cpuSecondsOf(server.pid) - before) * 1000) / requests };
}

/** The results page of our server (demo catalogue) against a bare fastify sending the same HTML. */
async function overHttp(settings: LoadSettings): Promise<{ loads: LoadRow[]; figures: FigureRow[] }> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-bench-search-'));
  const running: ServerProcess[] = [];
  try {
    // As in the home benchmark: the first start creates and seeds the database (and keeps working
    // on it for a while); the measured server opens it as it is.
    const dataDir = path.join(workDir, 'data');
    await (await startAmtsweg(dataDir)).stop();
    const ours = await startAmtsweg(dataDir);
    running.push(ours);
    const page = await fetch(`${ours.url}${searchPage}`);
    if (page.status !== 200) throw new Error(`GET ${searchPage} answered ${page.status}`);
    const html = await page.text();
    const bare = await startBareServer(html, workDir);
    running.push(bare);
    const warm = { connections: 10, durationSeconds: 2 };
    await measureLoad({ request: 'warm-up', server: '', url: `${ours.url}${searchPage}` }, warm);
    await measureLoad({ request: 'warm-up', server: '', url: `${bare.url}/` }, warm);
    const bareRun = await loadWithCpu(bare, 'bare fastify', `${bare.url}/`, settings);
    const ourRun = await loadWithCpu(ours, 'amtsweg', `${ours.url}${searchPage}`, settings);
    return {
      loads: [{ ...ourRun.load, ratioToBare: ourRun.load.reqPerSec / bareRun.load.reqPerSec }, bareRun.load],
      figures: [
        { figure: 'search results page', value: ourRun.load.reqPerSec, unit: 'req/s', target: { limit: 3000, kind: 'min' } },
        { figure: 'search results page, server CPU per request', value: ourRun.cpuMsPerRequest, unit: 'ms' },
        { figure: 'search results page per free core (1000 / CPU ms)', value: 1000 / ourRun.cpuMsPerRequest, unit: 'req/s' },
        { figure: 'bare fastify, server CPU per request', value: bareRun.cpuMsPerRequest, unit: 'ms' },
        { figure: 'search results page size', value: Buffer.byteLength(html), unit: 'bytes' },
      ],
    };
  } finally {
    for (const server of running) await server.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

export const scenario: BenchScenario = {
  name: 'search',
  description: `catalogue search over ${size.toLocaleString('en-US')} generated services and over the real catalogue (demo only, demo + LeiKa) in process; the results page over HTTP vs bare fastify`,
  async run(settings) {
    const figures = [...(await inProcess(settings)), ...(await realCatalogue(settings, false)), ...(await realCatalogue(settings, true))];
    const http = await overHttp(settings);
    return { loads: http.loads, figures: [...figures, ...http.figures] };
  },
};
