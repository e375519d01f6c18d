import { can, type Actor } from '../../access/index.js';
import { listAllAuthorities } from '../../catalog/index.js';
import { parseWrittenDate } from '../../../core/calendar/index.js';
import type { AppContext } from '../../../core/context.js';
import { ForbiddenError, ValidationError, type FieldError } from '../../../core/errors.js';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Tables } from '../../../core/db/index.js';
import type { DocumentDirection } from '../tables.js';
import { partyTermsOf, termsOf } from './terms.js';

/**
 * The records search: Dokumente by Aktenzeichen (of their Akte or Vorgang, from the start),
 * words of their text or of the Betreff of their Vorgang or Akte, a party's name, the document
 * date and type — only at the authorities where the reader holds `records.read`. A search shows
 * metadata, never content, so it is not a read of the access log; opening a hit (the Akte page,
 * a version's content) is.
 */

export interface SearchInput {
  q?: string;
  aktenzeichen?: string;
  party?: string;
  /** The document date's range, inclusive: `YYYY-MM-DD` or `TT.MM.JJJJ`. */
  from?: string;
  to?: string;
  kind?: string;
  page?: number;
}

export interface SearchHit {
  document: { id: string; title: string; kind: string; direction: DocumentDirection; documentDate: string; sender: string | null; recipient: string | null };
  process: { id: string; aktenzeichen: string; subject: string };
  file: { id: string; aktenzeichen: string; subject: string };
}

export interface SearchResult {
  hits: SearchHit[];
  page: number;
  pageSize: number;
  /** Whether a next page has hits (counting every hit would cost as much as the search). */
  hasMore: boolean;
}

export const pageSize = 20;
export const maxPage = 500;
const maxQueryTerms = 10;

interface Criteria {
  terms: string[];
  partyTerms: string[];
  aktenzeichen?: string;
  from?: string;
  to?: string;
  kind?: string;
  page: number;
}

/** The input checked, or every problem with its field. */
function criteriaOf(input: SearchInput): Criteria {
  const errors: FieldError[] = [];
  const trimmed = (value: string | undefined) => value?.trim() || undefined;
  const date = (pointer: string, value: string | undefined) => {
    if (!value) return undefined;
    const iso = parseWrittenDate(value);
    if (!iso) errors.push({ pointer, code: 'records.search.error.date' });
    return iso;
  };
  const aktenzeichen = trimmed(input.aktenzeichen);
  // Letters, digits and the separators Aktenzeichen use: nothing a LIKE pattern would read as a wildcard.
  if (aktenzeichen && !/^[\p{L}\p{N}.\-/ ]+$/u.test(aktenzeichen)) errors.push({ pointer: '/aktenzeichen', code: 'records.search.error.aktenzeichen' });
  const from = date('/from', trimmed(input.from));
  const to = date('/to', trimmed(input.to));
  if (from && to && to < from) errors.push({ pointer: '/to', code: 'records.search.error.range' });
  const page = input.page ?? 1;
  if (!Number.isInteger(page) || page < 1 || page > maxPage) errors.push({ pointer: '/page', code: 'records.search.error.page', params: { max: maxPage } });
  const terms = termsOf(input.q);
  const partyTerms = partyTermsOf(input.party);
  if (terms.length > maxQueryTerms) errors.push({ pointer: '/q', code: 'records.search.error.tooManyWords', params: { max: maxQueryTerms } });
  if (partyTerms.length > maxQueryTerms) errors.push({ pointer: '/party', code: 'records.search.error.tooManyWords', params: { max: maxQueryTerms } });
  const kind = trimmed(input.kind);
  if (errors.length === 0 && !terms.length && !partyTerms.length && !aktenzeichen && !from && !to && !kind) errors.push({ pointer: '/q', code: 'records.search.error.noCriteria' });
  if (errors.length) throw new ValidationError(errors);
  return { terms, partyTerms, aktenzeichen, from, to, kind, page };
}

/** The authorities whose E-Akte the actor may read (deny by default: the policy decides for each). */
async function readableAuthorities(ctx: AppContext, actor: Actor): Promise<string[]> {
  if (actor.kind !== 'staff' && actor.kind !== 'apiClient') throw new ForbiddenError();
  const authorities = await listAllAuthorities(ctx, actor.tenantId);
  const readable = authorities.map((a) => a.id).filter((authorityId) => can(actor, 'records.read', { tenantId: actor.tenantId, authorityId }));
  if (readable.length === 0) throw new ForbiddenError();
  return readable;
}

/** Refuses (403) whoever may not read the E-Akte at any authority: the empty search form is for readers only. */
export async function assertMaySearch(ctx: AppContext, actor: Actor): Promise<void> {
  await readableAuthorities(ctx, actor);
}

/**
 * A column checked on each row found otherwise but not searched by: `|| ''` hides it from SQLite's
 * planner, which would otherwise prefer `record_documents_date` (tenant, authority, …) to the ids
 * at hand and walk every Dokument of the tenant or authority (to spare a sort, or just because).
 */
function checkedOnly(column: 'd.tenant_id' | 'd.authority_id') {
  return sql<string>`${sql.ref(column)} || ''`;
}

/** One page of Dokumente matching every criterion, newest document date first. */
export async function searchRecords(ctx: AppContext, actor: Actor, input: SearchInput): Promise<SearchResult> {
  const authorities = await readableAuthorities(ctx, actor);
  const criteria = criteriaOf(input);
  const page = await matchingDocuments(ctx, actor.tenantId, authorities, criteria);
  const ids = page.slice(0, pageSize).map((row) => row.id);
  const rows =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('record_documents as d')
          .innerJoin('record_processes as p', 'p.id', 'd.process_id')
          .innerJoin('record_files as f', 'f.id', 'd.file_id')
          .select([
            'd.id',
            'd.title',
            'd.kind',
            'd.direction',
            'd.document_date',
            'd.sender',
            'd.recipient',
            'p.id as process_id',
            'p.aktenzeichen as process_aktenzeichen',
            'p.subject as process_subject',
            'f.id as file_id',
            'f.aktenzeichen as file_aktenzeichen',
            'f.subject as file_subject',
          ])
          .where(checkedOnly('d.tenant_id'), '=', actor.tenantId)
          .where('d.id', 'in', ids)
          .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const hits = ids
    .map((id) => byId.get(id)!)
    .map((row) => ({
      document: { id: row.id, title: row.title, kind: row.kind, direction: row.direction, documentDate: row.document_date, sender: row.sender, recipient: row.recipient },
      process: { id: row.process_id, aktenzeichen: row.process_aktenzeichen, subject: row.process_subject },
      file: { id: row.file_id, aktenzeichen: row.file_aktenzeichen, subject: row.file_subject },
    }));
  return { hits, page: criteria.page, pageSize, hasMore: page.length > pageSize };
}

/** A word, name or Aktenzeichen matching at most this many objects drives the search from its objects instead of by date. */
export const rareObjects = 2000;

/**
 * The strings starting with `prefix` as a range of an index on (tenant_id, aktenzeichen): from the
 * prefix itself to the prefix followed by the highest code point. Byte order on both engines
 * (SQLite's BINARY, PostgreSQL's C collation), so the beginning is matched exactly, case included.
 */
function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\u{10FFFF}`];
}

type Row = { id: string; document_date: string };

/** Newest document date first, then id (descending too, so one index read backwards gives the order). */
function newestFirst(a: Row, b: Row): number {
  return a.document_date === b.document_date ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.document_date < b.document_date ? 1 : -1;
}

/**
 * The objects (Dokumente, Vorgänge, Akten) of the most selective word, name or Aktenzeichen, if one
 * matches at most `rareObjects`; undefined when every criterion is common (or there is none).
 */
async function rareObjectsOf(ctx: AppContext, tenantId: string, criteria: Criteria): Promise<string[] | undefined> {
  const bounded = (query: { limit(n: number): { execute(): Promise<{ id: string }[]> } }) => query.limit(rareObjects + 1).execute();
  const candidates: Promise<{ id: string }[]>[] = [...criteria.terms, ...criteria.partyTerms].map((term) =>
    bounded(ctx.db.selectFrom('record_search_terms').select('object_id as id').where('tenant_id', '=', tenantId).where('term', '=', term)),
  );
  if (criteria.aktenzeichen) {
    const [first, last] = prefixRange(criteria.aktenzeichen);
    candidates.push(
      Promise.all(
        (['record_files', 'record_processes'] as const).map((table) =>
          bounded(ctx.db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('aktenzeichen', '>=', first).where('aktenzeichen', '<', last)),
        ),
      ).then((rows) => rows.flat()),
    );
  }
  const sets = (await Promise.all(candidates)).filter((rows) => rows.length <= rareObjects);
  if (!sets.length) return undefined;
  return sets.reduce((least, rows) => (rows.length < least.length ? rows : least)).map((row) => row.id);
}

/**
 * The ids of one page of matching Dokumente (and one more, to tell whether a next page exists),
 * in two bounded ways. When a word, name or Aktenzeichen is rare, its objects are looked up by id
 * (a Dokument itself, or every Dokument of a Vorgang or Akte), filtered and sorted — a few thousand
 * rows at most. Otherwise every criterion is common, so matches are dense: per authority,
 * record_documents is read newest first by `record_documents_date` (tenant, authority, date, id),
 * each row checked against the term index, and the reading stops at the page's end. The
 * authorities' pages are merged here, so no query sorts more than it returns.
 */
async function matchingDocuments(ctx: AppContext, tenantId: string, authorities: string[], criteria: Criteria): Promise<{ id: string }[]> {
  const offset = (criteria.page - 1) * pageSize;
  const wanted = offset + pageSize + 1;
  const objects = await rareObjectsOf(ctx, tenantId, criteria);
  const filtered = (scope: (query: DocumentQuery) => DocumentQuery) =>
    withCriteria(tenantId, scope(ctx.db.selectFrom('record_documents as d').select(['d.id', 'd.document_date'])), criteria)
      .orderBy('d.document_date', 'desc')
      .orderBy('d.id', 'desc')
      .limit(wanted)
      .execute();
  const parts = objects
    ? objects.length === 0
      ? []
      : (['d.id', 'd.process_id', 'd.file_id'] as const).map((column) =>
          filtered((query) => query.where(checkedOnly('d.tenant_id'), '=', tenantId).where(checkedOnly('d.authority_id'), 'in', authorities).where(column, 'in', objects)),
        )
    : authorities.map((authorityId) => filtered((query) => query.where('d.tenant_id', '=', tenantId).where('d.authority_id', '=', authorityId)));
  // A Dokument may be found through itself, its Vorgang and its Akte: each once.
  const rows = [...new Map((await Promise.all(parts)).flat().map((row) => [row.id, row])).values()];
  return rows.sort(newestFirst).slice(offset, wanted);
}

type DocumentQuery = SelectQueryBuilder<Tables & { d: Tables['record_documents'] }, 'd', { id: string; document_date: string }>;

/** Every criterion as a condition on the Dokument `d`: each word in it or in the Betreff of its Vorgang or Akte, each name part among its parties. */
function withCriteria(tenantId: string, base: DocumentQuery, criteria: Criteria): DocumentQuery {
  let query = base;
  const termIn = (term: string, objects: 'document' | 'containers') =>
    query.where(({ exists, selectFrom, ref }) =>
      exists(
        selectFrom('record_search_terms as s')
          .select('s.term')
          .where('s.tenant_id', '=', tenantId)
          .where('s.term', '=', term)
          .where('s.object_id', 'in', objects === 'document' ? [ref('d.id')] : [ref('d.id'), ref('d.process_id'), ref('d.file_id')]),
      ),
    );
  for (const term of criteria.terms) query = termIn(term, 'containers');
  for (const term of criteria.partyTerms) query = termIn(term, 'document');
  if (criteria.aktenzeichen) {
    // A Vorgang's Aktenzeichen starts with its Akte's: the Dokument's Akte or Vorgang, each looked up by id.
    const [first, last] = prefixRange(criteria.aktenzeichen);
    query = query.where(({ or, exists, selectFrom, ref }) =>
      or(
        (['record_files', 'record_processes'] as const).map((table) =>
          exists(
            selectFrom(table)
              .select('id')
              .where('id', '=', ref(table === 'record_files' ? 'd.file_id' : 'd.process_id'))
              .where('aktenzeichen', '>=', first)
              .where('aktenzeichen', '<', last),
          ),
        ),
      ),
    );
  }
  if (criteria.from) query = query.where('d.document_date', '>=', criteria.from);
  if (criteria.to) query = query.where('d.document_date', '<=', criteria.to);
  if (criteria.kind) query = query.where('d.kind', '=', criteria.kind);
  return query;
}
