import MiniSearch, { type SearchResult } from 'minisearch';
import snowball from 'snowball-stemmers';
import type { Language } from '../../core/i18n/index.js';
import type { Service } from './model.js';

/**
 * Full-text search over one tenant's services in one language. German needs stemming
 * (Bewerbung/bewerben → "bewerb") and umlaut folding (Erdwärme = Erdwaerme = Erdwarme); names and
 * synonyms weigh more than body text; short typos are forgiven. Pure and in memory: the caller
 * decides when to rebuild (see service.ts).
 */

const stemmers = { de: snowball.newStemmer('german'), en: snowball.newStemmer('english') };

const stopWords: Record<Language, Set<string>> = {
  de: new Set('der die das den dem des ein eine einen einem einer eines und oder für fur mit von vom zum zur im in am an auf aus bei als wie ich mein meine meinen sie ihr ihre wir was wo wer zu nach über uber bis ist sind'.split(' ')),
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

interface IndexedService {
  id: string;
  name: string;
  synonyms: string;
  text: string;
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

const fieldBoost = { name: 4, synonyms: 3, text: 1 };

export class ServiceIndex {
  private readonly search: MiniSearch<IndexedService>;
  private readonly byId: Map<string, Service>;
  /** Words of names and synonyms as written (lower case), for "did you mean". */
  private readonly vocabulary: string[];

  constructor(
    services: Service[],
    readonly lang: Language,
  ) {
    this.byId = new Map(services.map((s) => [s.id, s]));
    const processTerm = termProcessor(lang);
    this.search = new MiniSearch<IndexedService>({
      fields: ['name', 'synonyms', 'text'],
      tokenize,
      processTerm,
      searchOptions: {
        boost: fieldBoost,
        prefix: (term) => term.length >= 5,
        fuzzy: (term) => (term.length >= 5 ? 1 : false),
        maxFuzzy: 1,
        boostDocument: (id) => 1 + (this.byId.get(id as string)?.popularity ?? 0) / 400,
      },
    });
    const vocabulary = new Set<string>();
    const documents = services.flatMap((service) => {
      const text = service.texts[lang] ?? service.texts.de;
      if (!text) return [];
      for (const word of tokenize(`${text.name} ${text.synonyms.join(' ')}`)) if (word.length >= 3 && !/^\d+$/.test(word)) vocabulary.add(word.toLowerCase());
      return [
        {
          id: service.id,
          name: text.name,
          synonyms: text.synonyms.join(' \n '),
          text: [text.shortText, text.fullText, text.documents.join(' '), text.notes].join(' \n '),
        },
      ];
    });
    this.search.addAll(documents);
    this.vocabulary = [...vocabulary];
  }

  get size(): number {
    return this.search.documentCount;
  }

  private run(query: string): SearchResult[] {
    // Every word should match; only if that finds nothing, any word may.
    const all = this.search.search(query, { combineWith: 'AND' });
    return all.length > 0 ? all : this.search.search(query, { combineWith: 'OR' });
  }

  query(query: string, options: { lebenslage?: string } = {}): SearchOutcome {
    const results = this.run(query);
    const facets = new Map<string, number>();
    const hits: SearchHit[] = [];
    for (const result of results) {
      const service = this.byId.get(result.id as string)!;
      for (const lage of service.lebenslagen) facets.set(lage, (facets.get(lage) ?? 0) + 1);
      if (!options.lebenslage || service.lebenslagen.includes(options.lebenslage)) hits.push({ service, score: result.score });
    }
    const suggestion = results.length === 0 ? this.suggest(query) : null;
    return { hits, facets, suggestion };
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

function closestWord(word: string, vocabulary: string[], maxDistance: number): string | null {
  let best: string | null = null;
  let bestDistance = maxDistance + 1;
  const folded = foldUmlauts(word);
  for (const candidate of vocabulary) {
    if (Math.abs(candidate.length - word.length) > maxDistance) continue;
    const distance = editDistance(folded, foldUmlauts(candidate), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return previous[b.length]!;
}
