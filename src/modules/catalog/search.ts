import snowball from 'snowball-stemmers';
import type { Language } from '../../core/i18n/index.js';
import { editDistance } from './edit-distance.js';
import { InvertedIndex, type QueryOptions } from './inverted-index.js';
import type { Service } from './model.js';

/**
 * Full-text search over one tenant's services in one language. German needs stemming
 * (Bewerbung/bewerben → "bewerb") and umlaut folding (Erdwärme = Erdwaerme = Erdwarme); names and
 * synonyms weigh more than body text; short typos are forgiven. Pure and in memory: the caller
 * decides when to rebuild (see service.ts).
 */

const stemmers = { de: snowball.newStemmer('german'), en: snowball.newStemmer('english') };

const stopWords: Record<Language, Set<string>> = {
  de: new Set(
    'der die das den dem des ein eine einen einem einer eines und oder für fur mit von vom zum zur im in am an auf aus bei als wie ich mein meine meinen sie ihr ihre wir was wo wer zu nach über uber bis ist sind'.split(
      ' ',
    ),
  ),
  en: new Set('the a an and or for with of to in on at by from my your i we is are how what where'.split(' ')),
};

export const maxQueryLength = 200;

/** Lower case, ß → ss, and umlauts folded the same whether typed as ä or ae. */
export function foldUmlauts(word: string): string {
  return word
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä|ae/g, 'a')
    .replace(/ö|oe/g, 'o')
    .replace(/(?<!q)(ü|ue)/g, 'u');
}

export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Index and query terms go through the same steps, so both sides meet in the middle. */
export function termProcessor(lang: Language): (term: string) => string | null {
  const stemmer = stemmers[lang];
  const stops = stopWords[lang];
  // Stemming dominates indexing time and words repeat a lot; the memo is bounded because
  // query words come from the public.
  const memo = new Map<string, string | null>();
  return (term) => {
    const lower = term.toLowerCase();
    let processed = memo.get(lower);
    if (processed === undefined) {
      processed = stops.has(lower) ? null : foldUmlauts(stemmer.stem(lower));
      if (memo.size >= 100_000) memo.clear();
      memo.set(lower, processed);
    }
    return processed;
  };
}

export interface SearchHit {
  service: Service;
  score: number;
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** Hits per Lebenslage over the whole result (before the Lebenslage filter). */
  facets: Map<string, number>;
  /** "Meinten Sie …": a corrected query that finds something, when this one found nothing. */
  suggestion: string | null;
}

/** Names weigh most, then synonyms, then the body text. */
const fields = [
  { name: 'name', boost: 4 },
  { name: 'synonyms', boost: 3 },
  { name: 'text', boost: 1 },
];

/**
 * The searches tried in turn until one finds something. Typo tolerance (fuzzy matching) is the
 * expensive part of a search, so it is only tried when the words as typed (or as prefixes) find
 * nothing; any-word matching only when all-words matching with typos finds nothing.
 */
const prefixFrom = 5;
const stages: QueryOptions[] = [
  { combineWith: 'AND', prefixFrom, fuzzyFrom: Infinity },
  { combineWith: 'AND', prefixFrom, fuzzyFrom: 5 },
  { combineWith: 'OR', prefixFrom, fuzzyFrom: 5 },
];

/** Distinct queries kept per index; a new catalogue revision builds a new index (and cache). */
const defaultCacheSize = 1000;

export class ServiceIndex {
  private readonly index: InvertedIndex;
  /** The indexed services by document number. */
  private readonly services: Service[];
  /** Popularity boost per document number. */
  private readonly boost: Float64Array;
  /** Words of names and synonyms as written (lower case), for "did you mean". */
  private readonly vocabulary: VocabularyWord[];
  /** Outcomes by normalised query (most recently used last), before the Lebenslage filter. */
  private readonly cache = new Map<string, SearchOutcome>();
  private readonly cacheSize: number;

  constructor(
    services: Service[],
    readonly lang: Language,
    options: { cacheSize?: number } = {},
  ) {
    this.cacheSize = options.cacheSize ?? defaultCacheSize;
    const vocabulary = new Set<string>();
    const documents: string[][] = [];
    this.services = [];
    for (const service of services) {
      const text = service.texts[lang] ?? service.texts.de;
      if (!text) continue;
      for (const word of tokenize(`${text.name} ${text.synonyms.join(' ')}`)) if (word.length >= 3 && !/^\d+$/.test(word)) vocabulary.add(word.toLowerCase());
      this.services.push(service);
      // The LeiKa key is found like a synonym (staff and other portals search by it); the OZG
      // classification like body text (the LeiKa entries have no text of their own yet).
      const facts = [service.ozgLeistung, service.ozgLebenslage].filter(Boolean).join(' \n ');
      documents.push([
        text.name,
        [...text.synonyms, service.leikaKey ?? ''].join(' \n '),
        [text.shortText, text.fullText, text.documents.join(' '), text.notes, facts].join(' \n '),
      ]);
    }
    this.boost = Float64Array.from(this.services, (s) => 1 + s.popularity / 400);
    this.index = new InvertedIndex(documents.length, fields, (doc, field) => documents[doc]![field]!, tokenize, termProcessor(lang));
    this.vocabulary = [...vocabulary].map((word) => ({ word, folded: foldUmlauts(word) }));
  }

  get size(): number {
    return this.index.documentCount;
  }

  /** Hits, best first: the first search stage that finds something, scores boosted by popularity. */
  private run(query: string): SearchHit[] {
    for (const stage of stages) {
      const found = this.index.search(query, stage);
      if (found.length === 0) continue;
      for (const entry of found) entry.score *= this.boost[entry.doc]!;
      // Equal scores keep catalogue order (document number): stable, and cheaper than comparing keys.
      found.sort((a, b) => b.score - a.score || a.doc - b.doc);
      return found.map(({ doc, score }) => ({ service: this.services[doc]!, score }));
    }
    return [];
  }

  /** The outcome of a query; outcomes are cached and shared, so callers must not change them. */
  query(query: string, options: { lebenslage?: string } = {}): SearchOutcome {
    const outcome = this.cached(query);
    if (!options.lebenslage) return outcome;
    const lage = options.lebenslage;
    return { ...outcome, hits: outcome.hits.filter((hit) => hit.service.lebenslagen.includes(lage)) };
  }

  private cached(query: string): SearchOutcome {
    const key = query.toLowerCase().replace(/\s+/g, ' ').trim();
    const hit = this.cache.get(key);
    if (hit) {
      // Refresh its place: the least recently used query is dropped first.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const outcome = this.evaluate(query);
    if (this.cacheSize > 0) {
      if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, outcome);
    }
    return outcome;
  }

  private evaluate(query: string): SearchOutcome {
    const hits = this.run(query);
    const facets = new Map<string, number>();
    for (const { service } of hits) for (const lage of service.lebenslagen) facets.set(lage, (facets.get(lage) ?? 0) + 1);
    return { hits, facets, suggestion: hits.length === 0 ? this.suggest(query) : null };
  }

  /** Replaces each word by the closest name/synonym word (up to 2 edits) if that finds services. */
  private suggest(query: string): string | null {
    const words = tokenize(query.toLowerCase());
    if (words.length === 0) return null;
    let changed = false;
    const corrected = words.map((word) => {
      const best = closestWord(word, this.vocabulary, word.length >= 6 ? 2 : 1);
      if (best && best !== word) changed = true;
      return best ?? word;
    });
    if (!changed) return null;
    const suggestion = corrected.join(' ');
    return this.run(suggestion).length > 0 ? suggestion : null;
  }
}

/** A name/synonym word as written and umlaut-folded (folded once, when the index is built). */
interface VocabularyWord {
  word: string;
  folded: string;
}

function closestWord(word: string, vocabulary: VocabularyWord[], maxDistance: number): string | null {
  let best: string | null = null;
  let bestDistance = maxDistance + 1;
  const folded = foldUmlauts(word);
  for (const { word: candidate, folded: candidateFolded } of vocabulary) {
    if (Math.abs(candidate.length - word.length) > maxDistance) continue;
    const distance = editDistance(folded, candidateFolded, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
