import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { newId } from '../src/core/ids.js';
import { openRuntime, seed, type Runtime } from '../src/runtime.js';
import type { Actor } from '../src/modules/access/index.js';
import { partyTermsOf, termsOf } from '../src/modules/records/search/terms.js';
import { searchRecords, type SearchInput } from '../src/modules/records/search/service.js';
import { percentile, timed } from './inbox.js';
import type { BenchScenario, FigureRow } from './lib/scenario.js';

/**
 * The records search over generated Dokumente (RECORDS_DOCUMENTS, default 100 000; 5 a Vorgang, 2
 * Vorgänge an Akte, at one authority), each with a few sentences drawn from a geology vocabulary.
 * Beside it the bare limit: one indexed SELECT of 20 Dokumente of a Vorgang. SQLite by default;
 * BENCH_DATABASE_URL=postgres://… for PostgreSQL (an empty database). Target from the issue:
 * search p95 ≤ 50 ms with full text (at 1 000 000 Dokumente).
 */

const words = ['Bohrung', 'Erdwärmesonde', 'Grundwasser', 'Gneis', 'Granit', 'Sandstein', 'Tiefe', 'Pegel', 'Brunnen', 'Spülung', 'Verrohrung', 'Schichtenverzeichnis', 'Kernprobe', 'Ton', 'Kies', 'Schluff', 'Quelle', 'Messung', 'Auflage', 'Gutachten', 'Bergbau', 'Halde', 'Stollen', 'Altlast', 'Sanierung', 'Wasserschutzgebiet', 'Temperatur', 'Durchlässigkeit', 'Horizont', 'Störung'];
const names = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann'];
const kinds = ['antrag', 'anlage', 'nachricht', 'stellungnahme', 'bescheid', 'vermerk'];
const queries: SearchInput[] = [{ q: 'Bohrungen Gneis' }, { q: 'Grundwasser' }, { q: 'Kernproben Stollen Altlast' }, { party: 'Schmidt', kind: 'bescheid' }, { aktenzeichen: '52.10.20-0042' }, { q: 'Sanierung', from: '2025-01-01', to: '2025-06-30' }];

/** Deterministic pseudo-random numbers, so both engines get the same data. */
function random(seedValue: number): () => number {
  let state = seedValue;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

async function generate(runtime: Runtime, tenantId: string, authorityId: string, count: number): Promise<string[]> {
  const db = runtime.ctx.db;
  const now = new Date().toISOString();
  const planId = newId();
  const unitId = newId();
  await db.insertInto('record_plans').values({ id: planId, tenant_id: tenantId, authority_id: authorityId, title: 'Bench', version: 1, valid_from: null, created_at: now, updated_at: now }).execute();
  await db.insertInto('record_plan_units').values({ id: unitId, tenant_id: tenantId, plan_id: planId, parent_id: null, kennzeichen: '52.10.20', title: 'Bohranzeigen', retention_years: 30, disposal: 'A', valid_from: null, valid_to: null, retired: 0, position: 0, formation: 'case', created_at: now, updated_at: now }).execute();
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const processIds: string[] = [];
  const perFile = 10;
  for (let start = 0; start < count; start += perFile * 20) {
    await db.transaction().execute(async (trx) => {
      for (let f = start; f < Math.min(count, start + perFile * 20); f += perFile) {
        const fileId = newId();
        const aktenzeichen = `52.10.20-${String(f / perFile + 1).padStart(4, '0')}/2025`;
        const subject = `Bohranzeige ${pick(words)} ${pick(names)}`;
        await trx.insertInto('record_files').values({ id: fileId, tenant_id: tenantId, authority_id: authorityId, plan_unit_id: unitId, aktenzeichen, subject, formation_key: null, lead: null, confidentiality: '003', remark: null, opened_on: '2025-01-01', closed_on: null, state: 'open', retention_years: null, disposal: null, retention_end: null, hold_reason: null, hold_set_at: null, hold_set_by: null, disposition_state: 'none', archive_decision: null, archive_id: null, version: 1, created_at: now, updated_at: now }).execute();
        const terms = termsOf(subject).map((term) => ({ tenant_id: tenantId, term, object_id: fileId }));
        for (let p = 0; p < perFile / 5; p++) {
          const processId = newId();
          processIds.push(processId);
          await trx.insertInto('record_processes').values({ id: processId, tenant_id: tenantId, authority_id: authorityId, file_id: fileId, case_id: null, number: p + 1, aktenzeichen: `${aktenzeichen}-${p + 1}`, subject, lead: null, confidentiality: '003', remark: null, opened_on: '2025-01-01', closed_on: null, state: 'open', handover_sent_at: null, handover_confirmed_at: null, version: 1, created_at: now, updated_at: now }).execute();
          terms.push(...termsOf(subject).map((term) => ({ tenant_id: tenantId, term, object_id: processId })));
          const documents = Array.from({ length: 5 }, (_, d) => {
            const text = Array.from({ length: 30 }, () => pick(words)).join(' ');
            const sender = `Bohrfirma ${pick(names)}`;
            const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
            return { id: newId(), tenant_id: tenantId, authority_id: authorityId, process_id: processId, file_id: fileId, number: d + 1, kind: pick(kinds), direction: 'in' as const, title: `${pick(words)} ${d + 1}`, document_date: `2025-${month}-1${d}`, sender, recipient: null, source_key: null, current_version: 1, content_text: text, created_at: now, updated_at: now };
          });
          await trx.insertInto('record_documents').values(documents).execute();
          for (const doc of documents) terms.push(...[...termsOf(doc.title, doc.sender, doc.content_text), ...partyTermsOf(doc.sender)].map((term) => ({ tenant_id: tenantId, term, object_id: doc.id })));
        }
        for (let i = 0; i < terms.length; i += 300) await trx.insertInto('record_search_terms').values(terms.slice(i, i + 300)).execute();
      }
    });
  }
  return processIds;
}

export const scenario: BenchScenario = {
  name: 'records',
  description: 'records search over generated Dokumente (RECORDS_DOCUMENTS, default 100 000) beside a bare indexed SELECT',
  async run() {
    const count = Number(process.env.RECORDS_DOCUMENTS ?? 100_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-records-'));
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', DEMO_DATA: 'true', LOG_LEVEL: 'silent' });
    const runtime = await openRuntime(config);
    try {
      await seed(runtime);
      const tenant = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
      const authority = (await runtime.ctx.db.selectFrom('authorities').select('id').where('tenant_id', '=', tenant).where('key', '=', 'lfulg').executeTakeFirstOrThrow()).id;
      const started = performance.now();
      const processIds = await generate(runtime, tenant, authority, count);
      const generation = (performance.now() - started) / 1000;
      const worker: Actor = { kind: 'staff', tenantId: tenant, accountId: 'bench', name: 'Bench', trustLevel: 'substanziell', memberships: [{ authorityId: authority, role: 'caseWorker' }] };
      const search = await timed(120, (i) => searchRecords(runtime.ctx, worker, queries[i % queries.length]!));
      const bare = await timed(120, (i) => runtime.ctx.db.selectFrom('record_documents').selectAll().where('tenant_id', '=', tenant).where('process_id', '=', processIds[(i * 7919) % processIds.length]!).orderBy('number').limit(20).execute());
      const figures: FigureRow[] = [
        { figure: `generated Dokumente (${runtime.ctx.dialect})`, value: count, unit: 'documents' },
        { figure: 'generation time', value: generation, unit: 's' },
        ...queries.map((query, q) => ({ figure: `search ${JSON.stringify(query)}, p95`, value: percentile(search.filter((_, i) => i % queries.length === q), 95), unit: 'ms' })),
        { figure: 'records search, all queries, p95', value: percentile(search, 95), unit: 'ms', target: { limit: 50, kind: 'max' as const } },
        { figure: 'bare: indexed SELECT of 20 Dokumente of a Vorgang, p95', value: percentile(bare, 95), unit: 'ms' },
        { figure: 'search / bare (p95)', value: percentile(search, 95) / percentile(bare, 95), unit: '×' },
      ];
      return { loads: [], figures };
    } finally {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
