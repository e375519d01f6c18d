import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import type { HttpApp } from '../src/core/module.js';
import { newId } from '../src/core/ids.js';
import { createHttpApp, openRuntime, seed, type Runtime } from '../src/runtime.js';
import type { Actor } from '../src/modules/access/index.js';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { exportPackage } from '../src/modules/records/aussonderung/service.js';
import { recordBlobs } from '../src/modules/records/files/write.js';
import { uploadDocument } from '../src/modules/records/files/service.js';
import { searchRecords, type SearchInput } from '../src/modules/records/search/service.js';
import { staffSession } from '../test/catalog/staff.js';
import type { TestRuntime } from '../test/helpers/runtime.js';
import { appraisedDisposal, generateRecords, rareWord, type RecordsDataSet } from './lib/records-data.js';
import type { BenchScenario, FigureRow } from './lib/scenario.js';
import { bareRowServer, percentile, throughput, timed } from './lib/timing.js';

/**
 * The E-Akte at scale: RECORDS_DOCUMENTS generated Dokumente (default 1 000 000 in 200 000
 * Vorgänge, bench/lib/records-data.ts) at one authority, then, in this process, each beside its
 * bare limit measured in the same run:
 * - the records search (words, names, Aktenzeichen, dates, type; full text included) p95, beside
 *   one indexed SELECT of the 20 Dokumente of a Vorgang;
 * - the Akte page as a case worker's browser gets it (GET /bearbeitung/akten/<id> with the session
 *   cookie through fastify's inject: session, the whole tree, history, rendered HTML, logged read),
 *   beside a plain fastify route answering one SELECT of the Akte row;
 * - filing by upload through the service (`uploadDocument`: checks, text extraction, blob, version,
 *   search terms, audit, one transaction), one at a time, beside a transaction with one INSERT;
 * - the 0503 export of 10 000 Vorgänge (5 000 Akten, 50 000 primary files of 16 KiB): the ZIP
 *   pulled to its end, peak RSS and MB/s of primary files, beside reading the same blobs from the
 *   blob store one after the other.
 * SQLite by default; BENCH_DATABASE_URL=postgres://… for PostgreSQL (an empty database).
 * Targets from the issue: Akte page p95 ≤ 20 ms, search p95 ≤ 50 ms, filing ≥ 300/s, export RSS ≤ 250 MB at ≥ 50 MB/s.
 */

function queriesFor(count: number): SearchInput[] {
  return [
    { q: 'Bohrungen Gneis' },
    { q: 'Grundwasser' },
    { q: 'Kernproben Stollen Altlast' },
    { q: rareWord(4711, count) },
    { q: `Pegel ${rareWord(815, count)}` },
    { party: 'Schmidt', kind: 'bescheid' },
    { aktenzeichen: '52.10.20-0042' },
    { aktenzeichen: '52.10.20', q: 'Temperatur' },
    { q: 'Sanierung', from: '2025-01-01', to: '2025-06-30' },
    { kind: 'vermerk', from: '01.03.2024', to: '31.03.2024' },
  ];
}

async function measureSearch(runtime: Runtime, worker: Actor, data: RecordsDataSet, count: number): Promise<FigureRow[]> {
  const queries = queriesFor(count);
  const search = await timed(queries.length * 20, (i) => searchRecords(runtime.ctx, worker, queries[i % queries.length]!));
  const bare = await timed(200, (i) =>
    runtime.ctx.db
      .selectFrom('record_documents')
      .selectAll()
      .where('tenant_id', '=', worker.tenantId)
      .where('process_id', '=', data.processIds[(i * 7919) % data.processIds.length]!)
      .orderBy('number')
      .limit(20)
      .execute(),
  );
  return [
    ...queries.map((query, q) => ({
      figure: `search ${JSON.stringify(query)}, p95`,
      value: percentile(
        search.filter((_, i) => i % queries.length === q),
        95,
      ),
      unit: 'ms',
    })),
    { figure: 'records search, all queries, p95', value: percentile(search, 95), unit: 'ms', target: { limit: 50, kind: 'max' } },
    { figure: 'bare: indexed SELECT of 20 Dokumente of a Vorgang, p95', value: percentile(bare, 95), unit: 'ms' },
    { figure: 'search p95 / bare p95', value: percentile(search, 95) / percentile(bare, 95), unit: '×' },
  ];
}

async function measureAktePage(app: HttpApp, bare: HttpApp, token: string, fileIds: string[]): Promise<FigureRow[]> {
  const headers = { cookie: `${sessionCookie}=${token}` };
  const pick = (i: number) => fileIds[(i * 7919 + 13) % fileIds.length]!;
  const pages = await timed(300, async (i) => {
    const response = await app.inject({ method: 'GET', url: `/bearbeitung/akten/${pick(i)}`, headers });
    if (response.statusCode !== 200) throw new Error(`Akte page answered ${response.statusCode}`);
  });
  const bareSamples = await timed(300, (i) => bare.inject({ method: 'GET', url: `/row/${pick(i)}` }));
  return [
    { figure: 'Akte page GET (2 Vorgänge, 10 Dokumente), p95', value: percentile(pages, 95), unit: 'ms', target: { limit: 20, kind: 'max' } },
    { figure: 'Akte page GET, median', value: percentile(pages, 50), unit: 'ms' },
    { figure: 'bare: fastify + SELECT of the Akte row, p95', value: percentile(bareSamples, 95), unit: 'ms' },
    { figure: 'Akte page p95 / bare p95', value: percentile(pages, 95) / percentile(bareSamples, 95), unit: '×' },
  ];
}

async function measureFiling(runtime: Runtime, worker: Actor, targets: { processId: string; fileId: string }[]): Promise<FigureRow[]> {
  const half = Math.floor(targets.length / 2);
  const ours = await throughput(targets.slice(0, half), 1, ({ processId }) =>
    uploadDocument(runtime.ctx, worker, processId, {
      title: 'Nachreichung',
      kind: 'anlage',
      direction: 'in',
      documentDate: '2025-11-03',
      file: { bytes: Buffer.from(`Nachgereichte Unterlagen zu ${processId}: Schichtenverzeichnis und Pegelmessung.`), name: 'nachreichung.txt', type: 'text/plain' },
    }),
  );
  const now = new Date().toISOString();
  const bare = await throughput(targets.slice(half), 1, ({ processId, fileId }) =>
    runtime.ctx.db.transaction().execute((trx) =>
      trx
        .insertInto('record_documents')
        .values({
          id: newId(),
          tenant_id: worker.tenantId,
          authority_id: (worker.kind === 'staff' && worker.memberships[0]!.authorityId) || '',
          process_id: processId,
          file_id: fileId,
          number: 100,
          kind: 'anlage',
          direction: 'in',
          title: 'Nachreichung',
          document_date: '2025-11-03',
          sender: null,
          recipient: null,
          source_key: null,
          current_version: 1,
          content_text: '',
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ),
  );
  return [
    { figure: `filing a Dokument by upload (uploadDocument), one at a time, ${half} Dokumente`, value: ours, unit: 'documents/s', target: { limit: 300, kind: 'min' } },
    { figure: 'bare: transaction with one INSERT into record_documents', value: bare, unit: 'rows/s' },
    { figure: 'filing / bare', value: ours / bare, unit: '×' },
  ];
}

async function measureExport(runtime: Runtime, manager: Actor, disposalId: string): Promise<FigureRow[]> {
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const started = performance.now();
  const zip = await exportPackage(runtime.ctx, manager, disposalId);
  let zipBytes = 0;
  let sampledAt = 0;
  for await (const chunk of zip.chunks) {
    zipBytes += chunk.length;
    // Reading the RSS is a system call (/proc); once per chunk it cost a tenth of the export's time.
    // Once per 256 KiB of ZIP still sees every step of a growth.
    if (zipBytes - sampledAt >= 256 * 1024) {
      sampledAt = zipBytes;
      peak = Math.max(peak, process.memoryUsage.rss());
    }
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  const seconds = (performance.now() - started) / 1000;
  const primary = zip.entries.filter((entry) => entry.name !== zip.messageFileName);
  const primaryBytes = primary.reduce((sum, entry) => sum + entry.size, 0);
  // Bare: the same blobs, read from the blob store one after the other, nothing else.
  const shas = (
    await runtime.ctx.db
      .selectFrom('record_document_versions as v')
      .innerJoin('record_documents as d', 'd.id', 'v.document_id')
      .innerJoin('record_disposal_items as i', 'i.file_id', 'd.file_id')
      .select('v.sha256')
      .where('i.disposal_id', '=', disposalId)
      .execute()
  ).map((row) => row.sha256);
  const blobs = recordBlobs(runtime.ctx);
  const bareStarted = performance.now();
  let bareBytes = 0;
  for (const sha of shas) bareBytes += (await blobs.get(sha)).length;
  const bareRate = bareBytes / 1e6 / ((performance.now() - bareStarted) / 1000);
  const rate = primaryBytes / 1e6 / seconds;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return [
    { figure: `0503 export: ${primary.length} primary files, ${mb(primaryBytes).toFixed(0)} MB, ZIP ${mb(zipBytes).toFixed(0)} MB, time`, value: seconds, unit: 's' },
    { figure: '0503 export, primary files', value: rate, unit: 'MB/s', target: { limit: 50, kind: 'min' } },
    { figure: '0503 export, peak RSS of the process', value: mb(peak), unit: 'MB', target: { limit: 250, kind: 'max' } },
    { figure: '0503 export, RSS before it', value: mb(rssBefore), unit: 'MB' },
    { figure: 'bare: the same blobs read from the blob store', value: bareRate, unit: 'MB/s' },
    { figure: 'export MB/s / bare MB/s', value: rate / bareRate, unit: '×' },
  ];
}

export const scenario: BenchScenario = {
  name: 'records',
  description: 'E-Akte: search, Akte page, filing and 0503 export over generated Dokumente (RECORDS_DOCUMENTS, default 1 000 000), each beside its bare limit',
  async run() {
    const count = Number(process.env.RECORDS_DOCUMENTS ?? 1_000_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-records-'));
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', DEMO_DATA: 'true', LOG_LEVEL: 'silent' });
    const runtime = await openRuntime(config);
    let app: HttpApp | undefined;
    let bare: HttpApp | undefined;
    try {
      await seed(runtime);
      const tenant = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
      const authority = (await runtime.ctx.db.selectFrom('authorities').select('id').where('tenant_id', '=', tenant).where('key', '=', 'lfulg').executeTakeFirstOrThrow()).id;
      const started = performance.now();
      const data = await generateRecords(runtime, tenant, authority, count);
      const figures: FigureRow[] = [
        { figure: `generated Dokumente (${data.processIds.length} Vorgänge, ${data.fileIds.length} Akten, ${runtime.ctx.dialect})`, value: count, unit: 'documents' },
        { figure: 'generation time', value: (performance.now() - started) / 1000, unit: 's' },
      ];
      const worker: Actor = {
        kind: 'staff',
        tenantId: tenant,
        accountId: 'bench',
        name: 'Bench',
        trustLevel: 'substanziell',
        memberships: [{ authorityId: authority, role: 'caseWorker' }],
      };
      figures.push(...(await measureSearch(runtime, worker, data, count)));

      const { token } = await staffSession(runtime as TestRuntime, tenant, 'caseWorker', 'Bench Sachbearbeitung', authority);
      app = await createHttpApp(runtime);
      await app.ready();
      bare = await bareRowServer(runtime, 'record_files', 'aktenzeichen');
      // The export takes the first 5 000 Akten; pages and filing use the others.
      const exported = data.fileIds.slice(0, Math.min(5000, Math.floor(data.fileIds.length / 2)));
      const others = data.fileIds.slice(exported.length);
      figures.push(...(await measureAktePage(app, bare, token, others)));
      const targets = data.processIds.map((processId, i) => ({ processId, fileId: data.fileIds[Math.floor(i / 2)]! }));
      figures.push(...(await measureFiling(runtime, worker, targets.slice(exported.length * 2).slice(-1000))));
      const disposalId = await appraisedDisposal(runtime, tenant, authority, exported);
      const manager: Actor = { ...worker, memberships: [{ authorityId: authority, role: 'recordsManager' }] };
      figures.push(...(await measureExport(runtime, manager, disposalId)));
      return { loads: [], figures };
    } finally {
      await app?.close();
      await bare?.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
