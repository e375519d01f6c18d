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
  return (loaded ??= load());
}
