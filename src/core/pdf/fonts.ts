import { openSync, type Font } from 'fontkit';
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

function load(file: string): PdfFont {
  const font = openSync(projectPath('assets', 'fonts', file));
  return { name: font.postscriptName, font };
}

let loaded: { regular: PdfFont; bold: PdfFont } | undefined;

export function pdfFonts(): { regular: PdfFont; bold: PdfFont } {
  loaded ??= { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf') };
  return loaded;
}
