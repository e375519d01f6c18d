import type { Executor } from '../../../core/db/index.js';
import type { RecordDocumentTable } from '../tables.js';
import { termProcessor, tokenize } from '../../catalog/index.js';

/**
 * The records search's terms: the catalogue's German processing (Snowball stem, umlauts folded,
 * stop words dropped), so "Bohrungen" and "Bohrung" meet in "bohrung" on both engines. A
 * Dokument's text, a Vorgang's and an Akte's Betreff are split into their distinct terms and kept
 * in `record_search_terms`; a search looks each query term up by `(tenant_id, term)`.
 */

const processTerm = termProcessor('de');

/** Longer "words" are hashes, encoded data or garbage from a PDF: not worth an index row. */
const maxTermLength = 40;

/** Names are searched on their own: their terms carry this mark so "Müller" as a party does not match a text about a Müller. */
const partyMark = '@';

/** The distinct terms of the texts, in first-seen order. */
export function termsOf(...texts: (string | null | undefined)[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    for (const word of tokenize(text ?? '')) {
      const term = processTerm(word);
      if (term && term.length <= maxTermLength) terms.add(term);
    }
  }
  return [...terms];
}

/** The terms of a party's name (sender or recipient), marked so they only meet a party query. */
export function partyTermsOf(...names: (string | null | undefined)[]): string[] {
  return termsOf(...names).map((term) => partyMark + term);
}

// Three parameters a row; well below SQLite's and PostgreSQL's limits per statement.
const rowsPerInsert = 300;

/** Replaces the terms of one object (a Dokument, Vorgang or Akte) in the caller's transaction. */
export async function indexObject(db: Executor, tenantId: string, objectId: string, terms: readonly string[]): Promise<void> {
  await db.deleteFrom('record_search_terms').where('object_id', '=', objectId).execute();
  await insertTerms(db, tenantId, objectId, terms);
}

async function insertTerms(db: Executor, tenantId: string, objectId: string, terms: readonly string[]): Promise<void> {
  for (let start = 0; start < terms.length; start += rowsPerInsert) {
    const rows = terms.slice(start, start + rowsPerInsert).map((term) => ({ tenant_id: tenantId, term, object_id: objectId }));
    await db.insertInto('record_search_terms').values(rows).execute();
  }
}

/** Forgets the terms of deleted objects (an Akte with its Vorgänge and Dokumente), in the deleting transaction. */
export async function forgetObjects(db: Executor, tenantId: string, objectIds: readonly string[]): Promise<void> {
  if (objectIds.length) await db.deleteFrom('record_search_terms').where('tenant_id', '=', tenantId).where('object_id', 'in', objectIds).execute();
}

/** What a Dokument is found by. */
export type IndexedDocument = Pick<RecordDocumentTable, 'tenant_id' | 'title' | 'sender' | 'recipient' | 'content_text'>;

/** A Dokument's terms: title, parties and the extracted text; the parties also as party terms. */
export function documentTermsOf(row: IndexedDocument): string[] {
  return [...termsOf(row.title, row.sender, row.recipient, row.content_text), ...partyTermsOf(row.sender, row.recipient)];
}

/** Indexes a Dokument as it is now (after a new version changed its text). */
export async function indexDocument(db: Executor, documentId: string): Promise<void> {
  const row = await db.selectFrom('record_documents').select(['tenant_id', 'title', 'sender', 'recipient', 'content_text']).where('id', '=', documentId).executeTakeFirstOrThrow();
  await indexObject(db, row.tenant_id, documentId, documentTermsOf(row));
}

/** Indexes a Dokument just inserted, from the row in hand: nothing to read back, no old terms to remove. */
export async function indexNewDocument(db: Executor, row: IndexedDocument & { id: string }): Promise<void> {
  await insertTerms(db, row.tenant_id, row.id, documentTermsOf(row));
}

/** Indexes the Betreff of an Akte or a Vorgang. */
export function indexSubject(db: Executor, tenantId: string, objectId: string, subject: string): Promise<void> {
  return indexObject(db, tenantId, objectId, termsOf(subject));
}
