import type { BrowserContextOptions, Page } from 'playwright-core';
import { hasMessage, type Language, type Params, translate } from '../../src/core/i18n/index.js';
import type { BrowserHarness } from './browser.js';

/**
 * The browser variants a journey runs in. Two factors (JavaScript on or off, German or English)
 * are covered pairwise rather than in all four combinations, to keep CI's browser time in bounds:
 * every journey of issue #15 runs once without JavaScript in German and once with JavaScript in
 * English (docs/architecture.md, "Tests", lists the journeys).
 */
export interface Variant {
  /** For the test's name: "without JavaScript, in German". */
  readonly name: string;
  readonly javaScript: boolean;
  readonly language: Language;
}

export const variants: readonly Variant[] = [
  { name: 'without JavaScript, in German', javaScript: false, language: 'de' },
  { name: 'with JavaScript, in English', javaScript: true, language: 'en' },
];

/** The browser language that makes the app answer in a language (it reads Accept-Language). */
const locales: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

/** The browser options of a variant, for a context of one's own (e.g. with the storage state of another). */
export function variantOptions(variant: Variant, extra: BrowserContextOptions = {}): BrowserContextOptions {
  return { ...extra, locale: locales[variant.language], javaScriptEnabled: variant.javaScript };
}

/** A fresh page (own cookies) in the variant's browser: scripts on or off, the variant's language. */
export async function newVariantPage(harness: BrowserHarness, variant: Variant, extra: BrowserContextOptions = {}): Promise<Page> {
  return (await harness.newContext(variantOptions(variant, extra))).newPage();
}

/**
 * A text of the i18n catalogue in the variant's language, as the page shows it. A missing key
 * fails the test here (`translate` would return the key itself, and the assertion would fail
 * further away).
 */
export function say(variant: Variant, key: string, params?: Params): string {
  if (!hasMessage(key)) throw new Error(`no message "${key}" in the catalogue`);
  return translate(variant.language, key, params);
}

/** A text the catalogue does not hold (a question of a procedure's form, from its pack), given in both languages. */
export function pick<T>(variant: Variant, texts: Record<Language, T>): T {
  return texts[variant.language];
}

/**
 * A catalogue text in the variant's language as a pattern, for texts with parts a test cannot
 * know exactly (coordinates, dates): each named parameter matches its own pattern, the rest literally.
 */
export function sayPattern(variant: Variant, key: string, patterns: Record<string, RegExp>): RegExp {
  const names = Object.keys(patterns);
  const placeholders = Object.fromEntries(names.map((name, index) => [name, `\u0000${index}\u0000`]));
  let source = say(variant, key, placeholders).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  names.forEach((name, index) => {
    source = source.replace(`\u0000${index}\u0000`, `(?:${patterns[name]!.source})`);
  });
  return new RegExp(source);
}
