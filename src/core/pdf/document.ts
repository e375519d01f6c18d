import type PDFDocumentClass from 'pdfkit';
import type { Clock } from '../clock.js';
import { boundedCache, pdfFonts, type PdfFont } from './fonts.js';
import { TrueTypeSubset } from './subset.js';

export interface PdfMetadata {
  title: string;
  author: string;
  subject?: string;
  /** BCP 47 language of the document; German unless said otherwise. */
  lang?: string;
}

export interface PdfOptions {
  /** The creation date comes from here, so a document can be reproduced in tests. */
  clock: Clock;
  /** Text at the bottom left of every page, e.g. the reference number. */
  footer?: string;
  /** The page number text at the bottom right; German by default. */
  pageLabel?: (page: number, pages: number) => string;
}

export interface KeyValueRow {
  label: string;
  value: string;
}

/** What a document is built from. Every call adds tagged content (PDF/UA structure) in order. */
export interface PdfWriter {
  heading(text: string, level?: 1 | 2 | 3): PdfWriter;
  paragraph(text: string): PdfWriter;
  /** Label–answer rows (a table with row headers); rows that do not fit move to the next page. */
  keyValueTable(rows: readonly KeyValueRow[]): PdfWriter;
  list(items: readonly string[]): PdfWriter;
  /** Starts a new page (a document in a bundle begins on its own page). */
  newPage(): PdfWriter;
  /** The number of the page being written, from 1 (for a table of contents). */
  pageNumber(): number;
}

const MARGIN = 56.7; // 2 cm
const FOOTER_SPACE = 42;
const BODY_SIZE = 10.5;
const HEADING_SIZE = { 1: 17, 2: 13, 3: 11.5 } as const;
const LABEL_SHARE = 0.38;
const COLUMN_GAP = 12;
const ROW_PADDING = 4;
const LIST_INDENT = 14;
const RULE_COLOR = '#b0b0b0';

let pdfkit: Promise<typeof PDFDocumentClass> | undefined;

/** pdfkit is large and most processes never render a PDF before the first submission: load it then. */
function loadPdfKit(): Promise<typeof PDFDocumentClass> {
  // pdfkit is CommonJS (`export =`): its class arrives as the namespace's default.
  pdfkit ??= import('pdfkit').then((namespace) => (namespace as unknown as { default: typeof PDFDocumentClass }).default);
  return pdfkit;
}

const germanPageLabel = (page: number, pages: number) => `Seite ${page} von ${pages}`;

/**
 * Renders a document as PDF/A-2b (pdfkit's subset: embedded fonts, XMP metadata, sRGB output
 * intent), tagged for screen readers, with the language, title and creation date set.
 */
export async function renderPdf(meta: PdfMetadata, options: PdfOptions, write: (pdf: PdfWriter) => void): Promise<Buffer> {
  const [{ regular, bold }, PDFDocument] = await Promise.all([pdfFonts(), loadPdfKit()]);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: meta.lang ?? 'de-DE',
    displayTitle: true,
    bufferPages: true,
    // The first font must not be pdfkit's default Helvetica: PDF/A allows only embedded fonts.
    // pdfkit accepts a parsed fontkit font here although its type says a file name.
    font: regular.font as unknown as string,
    info: {
      Title: meta.title,
      Author: meta.author,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      CreationDate: options.clock.now(),
    },
  });
  // Registered under the font's own name, pdfkit finds the font it already opened.
  doc.registerFont(regular.name, regular.font as unknown as string);
  doc.registerFont(bold.name, bold.font as unknown as string);
  for (const font of [bold, regular]) shareFontWork(doc, font);
  const fonts = { regular: regular.name, bold: bold.name };
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  try {
    const root = doc.struct('Document');
    doc.addStructure(root);
    write(writerFor(doc, root, fonts));
    root.end();
    addFooters(doc, fonts.regular, options.footer ?? '', options.pageLabel ?? germanPageLabel);
    doc.end();
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return done;
}

/**
 * Gives the document's embedded font (pdfkit's EmbeddedFont, made on first selection) the
 * process-wide layout cache instead of its own empty one, and a subset that copies glyph bytes
 * (subset.ts) instead of fontkit's, which decodes and re-encodes the font for every document. A
 * cached run is only read (pdfkit scales it once, when shaping), and the glyphs a document uses
 * still enter its own subset. Ends with `font` selected.
 */
function shareFontWork(doc: PDFKit.PDFDocument, font: PdfFont): void {
  doc.font(font.name);
  const embedded = (doc as unknown as { _font: { name?: string; layoutCache?: Record<string, unknown>; subset?: { glyphs: unknown[] } } })._font;
  if (embedded.name !== font.name) return;
  if (embedded.layoutCache) embedded.layoutCache = font.layouts;
  // Only before the document wrote with it: the glyph numbers already in its text stay valid.
  if (embedded.subset?.glyphs.length === 1) embedded.subset = new TrueTypeSubset(font.tables);
}

/**
 * Heights of measured texts by font, size and width, shared by every document: measuring wraps a
 * text just as writing it does, and labels and common answers recur in every receipt. A height
 * does not depend on where the text goes (pdfkit measures without page breaks).
 */
const heights = boundedCache();

/** The height of `text` in `font` at `size`, wrapped at `width`; selects that font and size. */
function heightOf(doc: PDFKit.PDFDocument, font: string, size: number, text: string, width: number): number {
  doc.font(font).fontSize(size);
  const key = `${font}\u0000${size}\u0000${width}\u0000${text}`;
  return (heights[key] ??= doc.heightOfString(text, { width })) as number;
}

interface FontNames {
  regular: string;
  bold: string;
}

function writerFor(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, fonts: FontNames): PdfWriter {
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const labelWidth = width * LABEL_SHARE;
  const valueX = left + labelWidth + COLUMN_GAP;
  const valueWidth = width - labelWidth - COLUMN_GAP;

  /** A structure element whose content is what `draw` puts on the page. */
  const tagged = (type: string, draw: () => unknown, options: PDFKit.Mixins.StructureElementOptions = {}) =>
    doc.struct(type, options, () => {
      draw();
    });

  /** Starts a new page unless `height` still fits on this one. */
  const keepTogether = (height: number) => {
    if (doc.y + height > doc.page.maxY()) doc.continueOnNewPage();
  };

  /** Graphics that carry no content are artifacts, so screen readers skip them. */
  const rule = (y: number) => {
    doc.markContent('Artifact');
    doc
      .save()
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor(RULE_COLOR)
      .stroke()
      .restore();
    doc.endMarkedContent();
  };

  const writer: PdfWriter = {
    heading(text, level = 1) {
      const size = HEADING_SIZE[level];
      doc.font(fonts.bold).fontSize(size);
      // A heading belongs with the first lines of what follows it.
      keepTogether(heightOf(doc, fonts.bold, size, text, width) + 3 * doc.currentLineHeight(true));
      if (doc.y > doc.page.margins.top) doc.moveDown(level === 1 ? 0.2 : 0.6);
      root.add(tagged(`H${level}`, () => doc.text(text, left, doc.y, { width })));
      doc.moveDown(0.4);
      return writer;
    },

    paragraph(text) {
      doc.font(fonts.regular).fontSize(BODY_SIZE);
      root.add(tagged('P', () => doc.text(text, left, doc.y, { width, lineGap: 1.5 })));
      doc.moveDown(0.6);
      return writer;
    },

    keyValueTable(rows) {
      const table = doc.struct('Table');
      root.add(table);
      doc.fontSize(BODY_SIZE);
      for (const { label, value } of rows) {
        const labelHeight = heightOf(doc, fonts.bold, BODY_SIZE, label, labelWidth);
        const valueHeight = heightOf(doc, fonts.regular, BODY_SIZE, value, valueWidth);
        const height = Math.max(labelHeight, valueHeight) + 2 * ROW_PADDING;
        // A row taller than a page starts here and flows on; any other row stays in one piece.
        if (height <= doc.page.maxY() - doc.page.margins.top) keepTogether(height);
        const top = doc.y + ROW_PADDING;
        const startPage = doc.page;
        const row = doc.struct('TR');
        table.add(row);
        // pdfkit writes `scope` as the PDF table attribute; its type declarations lack it.
        const rowHeader = { scope: 'Row' } as PDFKit.Mixins.StructureElementOptions;
        row.add(tagged('TH', () => doc.font(fonts.bold).text(label, left, top, { width: labelWidth }), rowHeader));
        const labelBottom = doc.y;
        row.add(tagged('TD', () => doc.font(fonts.regular).text(value || '–', valueX, top, { width: valueWidth })));
        row.end();
        const bottom = (doc.page === startPage ? Math.max(labelBottom, doc.y) : doc.y) + ROW_PADDING;
        rule(bottom);
        doc.x = left;
        doc.y = bottom;
      }
      table.end();
      doc.moveDown(0.8);
      return writer;
    },

    list(items) {
      const list = doc.struct('L');
      root.add(list);
      doc.font(fonts.regular).fontSize(BODY_SIZE);
      for (const item of items) {
        keepTogether(doc.currentLineHeight(true));
        const top = doc.y;
        const entry = doc.struct('LI');
        list.add(entry);
        entry.add(tagged('Lbl', () => doc.text('•', left, top, { width: LIST_INDENT })));
        entry.add(tagged('LBody', () => doc.text(item, left + LIST_INDENT, top, { width: width - LIST_INDENT, lineGap: 1.5 })));
        entry.end();
        doc.moveDown(0.2);
      }
      list.end();
      doc.x = left;
      doc.moveDown(0.6);
      return writer;
    },

    newPage() {
      doc.addPage();
      return writer;
    },

    pageNumber() {
      return doc.bufferedPageRange().count;
    },
  };
  return writer;
}

/** Page numbers go on at the end, when the page count is known. */
function addFooters(doc: PDFKit.PDFDocument, font: string, footer: string, pageLabel: (page: number, pages: number) => string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const { page } = doc;
    const width = page.width - 2 * MARGIN;
    const y = page.height - MARGIN - 10;
    // Writing below the bottom margin would otherwise start a new page.
    const bottomMargin = page.margins.bottom;
    page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font(font).fontSize(8.5).fillColor('#444444');
    if (footer) doc.text(footer, MARGIN, y, { width: width * 0.7, lineBreak: false });
    doc.text(pageLabel(index - start + 1, count), MARGIN, y, { width, align: 'right', lineBreak: false });
    doc.fillColor('black');
    doc.endMarkedContent();
    page.margins.bottom = bottomMargin;
  }
}
