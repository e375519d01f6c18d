import fs from 'node:fs';
import type { Font } from 'fontkit';
import { projectPath } from '../paths.js';
import { readFontTables, type FontTables } from './subset.js';

/**
 * The fonts embedded in every PDF: DejaVu Sans, shipped in assets/fonts with its licence. PDF/A
 * forbids the unembedded standard fonts, and DejaVu covers German and every Latin script a name
 * may be written in.
 *
 * Parsed once per process: pdfkit would otherwise read and parse both files for every document,
 * which made up most of the time of rendering a receipt. The words' layouts are kept across
 * documents too (see `layouts`), and so are the tables each document's font subset is copied from.
 */
export interface PdfFont {
  /** The name documents register and select the font by. */
  name: string;
  font: Font;
  /**
   * pdfkit's per-document word layout cache (text → shaped glyph run), shared by every document
   * with this font: shaping words with fontkit was a third of a receipt's time, and most words
   * (labels, headings, dates) recur in every receipt. Bounded, as answers bring new words.
   */
  layouts: Record<string, unknown>;
  /** The font file's tables, which each document's subset copies its glyphs from (see subset.ts). */
  tables: FontTables;
}

interface PdfFonts {
  regular: PdfFont;
  bold: PdfFont;
}

let loaded: Promise<PdfFonts> | undefined;

/** Entries kept per cache (words per font, measured texts): a few megabytes at most; the oldest go first. */
const maxEntries = 20_000;

/** A plain-object face (what pdfkit reads and writes) over a Map that forgets its oldest entries. */
export function boundedCache(limit = maxEntries): Record<string, unknown> {
  const runs = new Map<string, unknown>();
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_target, text) => (typeof text === 'string' ? runs.get(text) : undefined),
    set(_target, text, run) {
      if (typeof text !== 'string') return false;
      if (runs.size >= limit) runs.delete(runs.keys().next().value!);
      runs.set(text, run);
      return true;
    },
  });
}

/**
 * How long the parsed fonts stay after the last document. They and their glyph caches take about
 * ten megabytes, which a server that renders a receipt now and then should not hold while idle.
 */
const keepFontsMs = 60_000;
const forget = setTimeout(forgetPdfFonts, keepFontsMs).unref();

/** Drops the parsed fonts; the next document parses them again. */
export function forgetPdfFonts(): void {
  loaded = undefined;
}

async function load(): Promise<PdfFonts> {
  // fontkit is loaded with the first PDF, not at start-up.
  const { create } = await import('fontkit');
  const open = (file: string): PdfFont => {
    const bytes = fs.readFileSync(projectPath('assets', 'fonts', file));
    const font = create(bytes);
    return { name: font.postscriptName, font, layouts: boundedCache(), tables: readFontTables(bytes) };
  };
  return { regular: open('DejaVuSans.ttf'), bold: open('DejaVuSans-Bold.ttf') };
}

export function pdfFonts(): Promise<PdfFonts> {
  forget.refresh();
  return (loaded ??= load());
}
