import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { newId } from '../../src/core/ids.js';
import type { Runtime } from '../../src/runtime.js';
import { newDocumentRow, newFileRow, newProcessRow, newVersionRow, recordBlobs } from '../../src/modules/records/files/write.js';
import { documentTermsOf, termsOf } from '../../src/modules/records/search/terms.js';
import type { RecordDocumentTable, RecordDocumentVersionTable, RecordFileTable, RecordProcessTable } from '../../src/modules/records/tables.js';

/**
 * The E-Akte benchmark's data set: `count` Dokumente at one authority under one Aktenplan unit,
 * 5 a Vorgang and 2 Vorgänge an Akte (1 000 000 Dokumente are 200 000 Vorgänge, the data
 * set). Each Dokument has a few sentences from a 30-word geology vocabulary (so every such word is
 * in many Dokumente), one rare word (`Flur` + letters, about 20 Dokumente each at 1 000 000), a
 * sender, a date in 2024–2025, one version (a 16 KiB "PDF" out of 200 distinct blobs in the real
 * blob store) and its rows in the search index. The rows are built by the E-Akte's own
 * (files/write.ts, search/terms.ts) and inserted in bulk, one transaction per 200 Akten.
 */

export const words = [
  'Bohrung',
  'Erdwärmesonde',
  'Grundwasser',
  'Gneis',
  'Granit',
  'Sandstein',
  'Tiefe',
  'Pegel',
  'Brunnen',
  'Spülung',
  'Verrohrung',
  'Schichtenverzeichnis',
  'Kernprobe',
  'Ton',
  'Kies',
  'Schluff',
  'Quelle',
  'Messung',
  'Auflage',
  'Gutachten',
  'Bergbau',
  'Halde',
  'Stollen',
  'Altlast',
  'Sanierung',
  'Wasserschutzgebiet',
  'Temperatur',
  'Durchlässigkeit',
  'Horizont',
  'Störung',
];
const names = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann'];
const kinds = ['antrag', 'anlage', 'nachricht', 'stellungnahme', 'bescheid', 'vermerk'];
const blobSize = 16 * 1024;
const distinctBlobs = 200;
const filesPerTransaction = 200;

/** The rare word of Dokument `n`: one of count / 20 words made of letters, so the tokenizer keeps it whole. */
export function rareWord(n: number, count: number): string {
  let rest = n % Math.max(1, Math.floor(count / 20));
  let letters = '';
  do {
    letters += String.fromCharCode(97 + (rest % 26));
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return `Flur${letters}`;
}

/** Deterministic pseudo-random numbers, so both engines get the same data. */
function random(seedValue: number): () => number {
  let state = seedValue;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

export interface RecordsDataSet {
  fileIds: string[];
  processIds: string[];
}

export async function generateRecords(runtime: Runtime, tenantId: string, authorityId: string, count: number): Promise<RecordsDataSet> {
  const { db, dialect } = runtime.ctx;
  const now = new Date().toISOString();
  const planId = newId();
  const unitId = newId();
  await db
    .insertInto('record_plans')
    .values({ id: planId, tenant_id: tenantId, authority_id: authorityId, title: 'Bench', version: 1, valid_from: null, created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('record_plan_units')
    .values({
      id: unitId,
      tenant_id: tenantId,
      plan_id: planId,
      parent_id: null,
      kennzeichen: '52.10.20',
      title: 'Bohranzeigen',
      retention_years: 30,
      disposal: 'A',
      valid_from: null,
      valid_to: null,
      retired: 0,
      position: 0,
      formation: 'case',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const blobs = recordBlobs(runtime.ctx);
  const shas: string[] = [];
  for (let b = 0; b < distinctBlobs; b++) shas.push((await blobs.put(Buffer.alloc(blobSize, `%PDF-1.7 bench ${b} `), 'application/pdf')).sha256);
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const dataSet: RecordsDataSet = { fileIds: [], processIds: [] };
  // The rows as the E-Akte's writes make them (files/write.ts); numbered and indexed here in bulk.
  const unit = { id: unitId, kennzeichen: '52.10.20' };
  const openedOn = '2025-01-01';
  const pdf = { fileName: 'Dokument.pdf', mediaType: 'application/pdf' };
  const bench = { id: null, name: 'Bench' };
  const perFile = 10;
  let documentNumber = 0;
  for (let start = 0; start < count; start += perFile * filesPerTransaction) {
    const files: Insertable<RecordFileTable>[] = [];
    const processes: Insertable<RecordProcessTable>[] = [];
    const documents: Insertable<RecordDocumentTable>[] = [];
    const versions: Insertable<RecordDocumentVersionTable>[] = [];
    const terms: { tenant_id: string; term: string; object_id: string }[] = [];
    for (let f = start; f < Math.min(count, start + perFile * filesPerTransaction); f += perFile) {
      const aktenzeichen = `52.10.20-${String(f / perFile + 1).padStart(4, '0')}/2025`;
      const subject = `Bohranzeige ${pick(words)} ${pick(names)}`;
      const fileRow = newFileRow({ tenantId, authorityId, authorityKey: 'lfulg', unit, subject, formationKey: null }, aktenzeichen, openedOn, now);
      files.push(fileRow);
      dataSet.fileIds.push(fileRow.id);
      const file = { id: fileRow.id, tenantId, authorityId, aktenzeichen, lead: null, confidentiality: '003' as const };
      for (const term of termsOf(subject)) terms.push({ tenant_id: tenantId, term, object_id: file.id });
      for (let p = 0; p < perFile / 5; p++) {
        const processRow = newProcessRow(file, p + 1, { subject, caseId: null }, openedOn, now);
        processes.push(processRow);
        dataSet.processIds.push(processRow.id);
        const process = { id: processRow.id, tenantId, authorityId, fileId: file.id };
        for (const term of termsOf(subject)) terms.push({ tenant_id: tenantId, term, object_id: process.id });
        for (let d = 0; d < 5; d++) {
          const text = `${Array.from({ length: 12 }, () => pick(words)).join(' ')} ${rareWord(documentNumber, count)}`;
          const sender = `Bohrfirma ${pick(names)}`;
          const date = new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 730) * 86_400_000).toISOString().slice(0, 10);
          const title = `${pick(words)} ${d + 1}`;
          const document = newDocumentRow(process, d + 1, { kind: pick(kinds), direction: 'in', title, documentDate: date, sender, content: { text } }, now);
          documents.push(document);
          versions.push(newVersionRow(tenantId, document.id, 1, { sha256: shas[documentNumber % shas.length]!, size: blobSize }, pdf, null, bench, now));
          for (const term of documentTermsOf(document)) terms.push({ tenant_id: tenantId, term, object_id: document.id });
          documentNumber++;
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      await inChunks(files, 1000, (chunk) => trx.insertInto('record_files').values(chunk).execute());
      await inChunks(processes, 1000, (chunk) => trx.insertInto('record_processes').values(chunk).execute());
      await inChunks(documents, 1000, (chunk) => trx.insertInto('record_documents').values(chunk).execute());
      await inChunks(versions, 1500, (chunk) => trx.insertInto('record_document_versions').values(chunk).execute());
      await inChunks(terms, 5000, (chunk) => trx.insertInto('record_search_terms').values(chunk).execute());
    });
  }
  // As autovacuum would have by then on PostgreSQL: statistics and the visibility map. SQLite is measured without statistics, as it runs.
  if (dialect === 'postgresql')
    for (const table of ['record_files', 'record_processes', 'record_documents', 'record_document_versions', 'record_search_terms'])
      await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
  return dataSet;
}

/**
 * An Aussonderung of the first `files` Akten as it stands after the archive's 0502: offered,
 * appraised A for each. Returns the disposal's id for the 0503 export.
 */
export async function appraisedDisposal(runtime: Runtime, tenantId: string, authorityId: string, fileIds: string[]): Promise<string> {
  const { db } = runtime.ctx;
  const id = newId();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('record_disposals')
      .values({
        id,
        tenant_id: tenantId,
        authority_id: authorityId,
        offer_sha256: '0'.repeat(64),
        created_by_id: null,
        created_by_name: 'Bench',
        created_at: now,
        appraised_at: now,
        exported_at: null,
        confirmed_at: null,
        receipts: '{}',
      })
      .execute();
    await inChunks(fileIds, 1000, async (chunk) => {
      await trx
        .insertInto('record_disposal_items')
        .values(
          chunk.map((file_id) => ({ disposal_id: id, tenant_id: tenantId, file_id, decision: 'A' as const, destruction_requested_by: null, destruction_requested_by_name: null })),
        )
        .execute();
      await trx
        .updateTable('record_files')
        .set({ state: 'closed', closed_on: '2025-12-31', disposition_state: 'appraised', archive_decision: 'A' })
        .where('id', 'in', chunk)
        .execute();
    });
  });
  return id;
}
