/**
 * Message catalogues in German (the default) and English. Core and each module register their
 * own catalogue; keys are namespaced (`layout.skipLink`, `catalog.search.title`).
 */

import { type GermanPreposition, withPreposition } from './german-names.js';
export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'de';

export type Catalogue = Record<string, string>;
export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

const catalogues: Record<Language, Map<string, string>> = { de: new Map(), en: new Map() };

/**
 * Adds messages. The runtime calls this for each module's `messages` when it opens and `buildApp`
 * for the web layer's, never a file when it is imported. Both languages must have the same keys.
 */
export function registerMessages(messages: Record<Language, Catalogue>): void {
  const missing = Object.keys(messages.de).filter((key) => !(key in messages.en));
  const extra = Object.keys(messages.en).filter((key) => !(key in messages.de));
  if (missing.length || extra.length) {
    throw new Error(`message catalogues differ: missing in en [${missing}], missing in de [${extra}]`);
  }
  for (const language of languages) {
    for (const [key, text] of Object.entries(messages[language])) catalogues[language].set(key, text);
  }
}

/**
 * Fills `{name}` with its parameter. `{name:von}` (also `:bei`, `:an`) puts the German preposition
 * before it in the case it governs ("vom Sächsischen Oberbergamt"), for German messages about an
 * authority; English messages write "from {name}".
 */
function interpolate(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)(?::(bei|von|an))?\}/g, (whole, name: string, preposition: GermanPreposition | undefined) => {
    if (!(name in params)) return whole;
    const value = String(params[name]);
    return preposition ? withPreposition(preposition, value) : value;
  });
}

/** The number a message counts: `count`, or else its only numeric parameter (`{seconds}`, `{days}`). */
function countOf(params: Params | undefined): number | undefined {
  if (!params) return undefined;
  if (typeof params.count === 'number') return params.count;
  const numbers = Object.values(params).filter((value) => typeof value === 'number');
  return numbers.length === 1 ? numbers[0] : undefined;
}

/**
 * The singular when the message counts exactly one and the catalogue has it: `key.one`
 * ("1 Leistung gefunden", "1 Sekunde") next to `key` ("{count} Leistungen gefunden"). German and
 * English use the singular only for exactly one.
 */
function pluralKey(language: Language, key: string, params: Params | undefined): string {
  if (countOf(params) !== 1) return key;
  const singular = `${key}.one`;
  return catalogues[language].has(singular) || catalogues[defaultLanguage].has(singular) ? singular : key;
}

/** A missing key shows itself, so it is noticed instead of silently rendering nothing. */
export function translate(language: Language, key: string, params?: Params): string {
  const chosen = pluralKey(language, key, params);
  const text = catalogues[language].get(chosen) ?? catalogues[defaultLanguage].get(chosen) ?? key;
  return interpolate(text, params);
}

type ParamsPerLanguage = (language: Language) => Params;

/**
 * A text for someone whose language is not known (an address given in a form, a message read in
 * either language): German first, then English; `params` per language (e.g. a title in each).
 */
export function bilingual(key: string, params: ParamsPerLanguage = () => ({}), separator = '\n\n---\n\n'): string {
  return languages.map((language) => translate(language, key, params(language))).join(separator);
}

/** A mail of the keys `<key>.subject` (both languages on one line) and `<key>.text`, as `bilingual`. */
export function bilingualMail(key: string, params?: ParamsPerLanguage): { subject: string; text: string } {
  return { subject: bilingual(`${key}.subject`, params, ' / '), text: bilingual(`${key}.text`, params) };
}

export function translator(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}

export function hasMessage(key: string): boolean {
  return catalogues[defaultLanguage].has(key);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The language for a request: an explicit choice (cookie) wins, then the browser's
 * Accept-Language in its order of preference, then German.
 */
export function negotiateLanguage(choice: string | undefined, acceptLanguage: string | undefined): Language {
  if (isLanguage(choice)) return choice;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...attributes] = part.trim().split(';');
        const q = attributes.map((a) => a.trim()).find((a) => a.startsWith('q='));
        return { base: tag.trim().toLowerCase().split('-')[0], quality: q ? Number(q.slice(2)) || 0 : 1 };
      })
      .filter((entry) => entry.quality > 0)
      .sort((a, b) => b.quality - a.quality);
    for (const entry of ranked) if (isLanguage(entry.base)) return entry.base;
  }
  return defaultLanguage;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Times are stored in UTC and shown in Europe/Berlin. */
export function formatDateTime(language: Language, value: Date | string, withTime = true): string {
  const cacheKey = `${language}:${withTime}`;
  let format = dateTimeFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
      timeZone: 'Europe/Berlin',
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
    });
    dateTimeFormats.set(cacheKey, format);
  }
  return format.format(typeof value === 'string' ? new Date(value) : value);
}

/** The number formats pages use; each is built once per language because creating an Intl formatter is costly. */
const numberFormatOptions = {
  number: { maximumFractionDigits: 10 },
  /** Coordinates are written without thousands separators (411500, not 411.500), as people type them and maps print them. */
  coordinate: { maximumFractionDigits: 10, useGrouping: false },
  oneDecimal: { maximumFractionDigits: 1 },
  euro: { style: 'currency', currency: 'EUR' },
} satisfies Record<string, Intl.NumberFormatOptions>;
export type NumberFormatName = keyof typeof numberFormatOptions;

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(language: Language, value: number, name: NumberFormatName = 'number'): string {
  const cacheKey = `${language}:${name}`;
  let format = numberFormats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', numberFormatOptions[name]);
    numberFormats.set(cacheKey, format);
  }
  return format.format(value);
}

/** A file's size as people read it: `0,5 KB`, `340 KB`, `2,4 MB` (KB and MB of 1,024). */
export function formatFileSize(language: Language, bytes: number): string {
  const kilobytes = bytes / 1024;
  if (kilobytes < 1000) return `${formatNumber(language, kilobytes < 10 ? Math.max(kilobytes, 0.1) : Math.round(kilobytes), 'oneDecimal')} KB`;
  return `${formatNumber(language, kilobytes / 1024, 'oneDecimal')} MB`;
}

export { withPreposition, type GermanPreposition } from './german-names.js';
