import type { Font } from 'fontkit';
import { projectPath } from '../paths.js';

/**
 * The fonts embedded in every PDF: DejaVu Sans, shipped in assets/fonts with its licence. PDF/A
 * forbids the unembedded standard fonts, and DejaVu covers German and every Latin script a name
 * may be written in.
 *
 * Parsed once per process: pdfkit would otherwise read and parse both files for every document,
 * which made up most of the time of rendering a receipt.
 */
export interface PdfFont {
  /** The name documents register and select the font by. */
  name: string;
  font: Font;
}

interface PdfFonts {
  regular: PdfFont;
  bold: PdfFont;
}

let loaded: Promise<PdfFonts> | undefined;

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
  const { openSync } = await import('fontkit');
  const open = (file: string): PdfFont => {
    const font = openSync(projectPath('assets', 'fonts', file)) as Font;
    return { name: font.postscriptName, font };
  };
  return { regular: open('DejaVuSans.ttf'), bold: open('DejaVuSans-Bold.ttf') };
}

export function pdfFonts(): Promise<PdfFonts> {
  forget.refresh();
  return (loaded ??= load());
}
