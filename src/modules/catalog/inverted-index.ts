import { isOneEditApart } from './edit-distance.js';

/**
 * A compact inverted index for the catalogue search, scoring like MiniSearch (BM25+ per field,
 * prefix and fuzzy matches weighted down by their distance) but with the per-document score of
 * each term computed once when the index is built and kept in typed arrays. A query then only
 * adds numbers: no result objects per matching term and document, little garbage, and the
 * same order as MiniSearch gave (MiniSearch 7's formulas are reproduced below).
 */

export interface Field {
  name: string;
  boost: number;
}

export interface QueryOptions {
  combineWith: 'AND' | 'OR';
  /** Prefix matches for query terms of at least this many characters. */
  prefixFrom: number;
  /** One edit of tolerance for query terms of at least this many characters; Infinity for none. */
  fuzzyFrom: number;
}

export interface ScoredDocument {
  doc: number;
  score: number;
}

// MiniSearch's defaults: BM25+ parameters and the weights of prefix and fuzzy matches.
const bm25 = { k: 1.2, b: 0.7, d: 0.5 };
const prefixWeight = 0.375;
const fuzzyWeight = 0.45;

function bm25Score(termFrequency: number, matchingDocuments: number, documentCount: number, fieldLength: number, averageFieldLength: number): number {
  const inverseDocumentFrequency = Math.log(1 + (documentCount - matchingDocuments + 0.5) / (matchingDocuments + 0.5));
  return inverseDocumentFrequency * (bm25.d + (termFrequency * (bm25.k + 1)) / (termFrequency + bm25.k * (1 - bm25.b + (bm25.b * fieldLength) / averageFieldLength)));
}

interface Postings {
  docs: Int32Array;
  scores: Float32Array;
}

export class InvertedIndex {
  private readonly postings = new Map<string, Postings>();
  /** Every indexed term in code-unit order, for prefix ranges by binary search. */
  private readonly sortedTerms: string[];
  /** Terms by length, for the fuzzy look-up (one edit changes the length by at most one). */
  private readonly termsByLength = new Map<number, string[]>();
  // Per-query scratch space, reused: a score and the number of query terms matched per document.
  private readonly scores: Float64Array;
  private readonly matched: Uint8Array;
  private readonly lastTerm: Int32Array;

  /**
   * `documents[d][f]` is the text of field `f` of document `d`. `tokenize` splits a text into
   * words, `processTerm` turns a word into the indexed term (or null to skip it).
   */
  constructor(
    readonly documentCount: number,
    fields: Field[],
    fieldText: (doc: number, field: number) => string,
    private readonly tokenize: (text: string) => string[],
    private readonly processTerm: (word: string) => string | null,
  ) {
    // Term frequencies per field: term → doc → frequency, and field lengths (distinct words, as MiniSearch counts them).
    const frequencies = fields.map(() => new Map<string, Map<number, number>>());
    const lengths = fields.map(() => new Uint32Array(documentCount));
    for (let doc = 0; doc < documentCount; doc++) {
      fields.forEach((_, f) => {
        const words = tokenize(fieldText(doc, f));
        lengths[f]![doc] = new Set(words).size;
        for (const word of words) {
          const term = processTerm(word);
          if (!term) continue;
          let perDoc = frequencies[f]!.get(term);
          if (!perDoc) frequencies[f]!.set(term, (perDoc = new Map()));
          perDoc.set(doc, (perDoc.get(doc) ?? 0) + 1);
        }
      });
    }
    const averages = lengths.map((perDoc) => perDoc.reduce((sum, n) => sum + n, 0) / Math.max(1, documentCount));
    const terms = new Set(frequencies.flatMap((perField) => [...perField.keys()]));
    for (const term of terms) {
      const combined = new Map<number, number>();
      fields.forEach((field, f) => {
        const perDoc = frequencies[f]!.get(term);
        if (!perDoc) return;
        for (const [doc, frequency] of perDoc) {
          const score = field.boost * bm25Score(frequency, perDoc.size, documentCount, lengths[f]![doc]!, averages[f]!);
          combined.set(doc, (combined.get(doc) ?? 0) + score);
        }
      });
      const docs = Int32Array.from(combined.keys());
      this.postings.set(term, { docs, scores: Float32Array.from(docs, (doc) => combined.get(doc)!) });
      let sameLength = this.termsByLength.get(term.length);
      if (!sameLength) this.termsByLength.set(term.length, (sameLength = []));
      sameLength.push(term);
    }
    this.sortedTerms = [...terms].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.scores = new Float64Array(documentCount);
    this.matched = new Uint8Array(documentCount);
    this.lastTerm = new Int32Array(documentCount).fill(-1);
  }

  get termCount(): number {
    return this.postings.size;
  }

  /** Indexed terms starting with `prefix` (including the term itself). */
  private termsWithPrefix(prefix: string): string[] {
    let low = 0;
    let high = this.sortedTerms.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sortedTerms[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let i = low; i < this.sortedTerms.length && this.sortedTerms[i]!.startsWith(prefix); i++) found.push(this.sortedTerms[i]!);
    return found;
  }

  /** Indexed terms exactly one edit away from `term`. */
  private termsOneEditAway(term: string): string[] {
    const found: string[] = [];
    for (let length = term.length - 1; length <= term.length + 1; length++) {
      for (const candidate of this.termsByLength.get(length) ?? []) if (isOneEditApart(term, candidate)) found.push(candidate);
    }
    return found;
  }

  /** The indexed terms a query term stands for, with MiniSearch's weights. */
  private derivedTerms(term: string, options: QueryOptions): [string, number][] {
    const derived: [string, number][] = this.postings.has(term) ? [[term, 1]] : [];
    const prefixed = new Set<string>();
    if (term.length >= options.prefixFrom) {
      for (const candidate of this.termsWithPrefix(term)) {
        if (candidate === term) continue;
        prefixed.add(candidate);
        derived.push([candidate, (prefixWeight * candidate.length) / (candidate.length + 0.3 * (candidate.length - term.length))]);
      }
    }
    if (term.length >= options.fuzzyFrom) {
      // A term that is also a prefix match counts as a prefix match only.
      for (const candidate of this.termsOneEditAway(term)) if (!prefixed.has(candidate)) derived.push([candidate, (fuzzyWeight * candidate.length) / (candidate.length + 1)]);
    }
    return derived;
  }

  /** The query's terms after processing, each once. */
  queryTerms(query: string): string[] {
    const terms = new Set<string>();
    for (const word of this.tokenize(query)) {
      const term = this.processTerm(word);
      if (term) terms.add(term);
    }
    return [...terms];
  }

  /**
   * Documents matching the query with their scores (unsorted). As in MiniSearch, a document's
   * score is the sum over query terms, multiplied by how many query terms it matched.
   */
  search(query: string, options: QueryOptions): ScoredDocument[] {
    const terms = this.queryTerms(query);
    if (terms.length === 0) return [];
    const touched: number[] = [];
    terms.forEach((term, t) => {
      for (const [derived, weight] of this.derivedTerms(term, options)) {
        const { docs, scores } = this.postings.get(derived)!;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          if (this.lastTerm[doc] !== t) {
            if (this.lastTerm[doc] === -1) touched.push(doc);
            this.lastTerm[doc] = t;
            this.matched[doc]!++;
          }
          this.scores[doc]! += weight * scores[i]!;
        }
      }
    });
    const needed = options.combineWith === 'AND' ? terms.length : 1;
    const results: ScoredDocument[] = [];
    for (const doc of touched) {
      const matched = this.matched[doc]!;
      if (matched >= needed) results.push({ doc, score: this.scores[doc]! * matched });
      this.scores[doc] = 0;
      this.matched[doc] = 0;
      this.lastTerm[doc] = -1;
    }
    return results;
  }
}
