import zlib from 'node:zlib';

/**
 * Reads back the text of a PDF that pdfkit wrote, so tests can check what a reader (or a screen
 * reader) gets and the E-Akte can keep the text of the PDFs we generate for its search: object streams are inflated, each font's ToUnicode map turns glyph codes back
 * into characters. One line per text run, pages in order. Made for pdfkit's output, not for
 * arbitrary PDFs (no object streams, no cross-reference streams, fonts named document-wide).
 */
export interface TextRun {
  text: string;
  /** Position of the run's baseline in PDF user space (origin bottom left, points). */
  x: number;
  y: number;
}

export interface PdfContents {
  /** The text of each page, in page order. */
  pages: string[];
  /** The text runs of each page with their positions. */
  runs: TextRun[][];
  /** Every object's dictionary text, for structural checks. */
  dictionaries: string[];
}

interface PdfObject {
  dictionary: string;
  stream: Buffer | undefined;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*((?:(?!endobj)[\s\S])*?)(stream\r?\n|endobj)/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const dictionary = match[2]!;
    let stream: Buffer | undefined;
    if (match[3]!.startsWith('stream')) {
      const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
      const start = match.index + match[0].length;
      const raw = pdf.subarray(start, start + length);
      stream = /\/FlateDecode/.test(dictionary) ? zlib.inflateSync(raw) : raw;
      header.lastIndex = start + length;
    }
    objects.set(Number(match[1]), { dictionary, stream });
  }
  return objects;
}

// Hex strings may contain white space (pdfkit writes ligatures as `<0066 0069>`).
function utf16(hex: string): string {
  return Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');
}

/** Glyph code → text, from a ToUnicode CMap (bfchar and bfrange, both forms). */
function readCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, target] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      map.set(parseInt(code!, 16), utf16(target!));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, first, last, list, start] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:\[([^\]]*)\]|<([0-9a-fA-F]+)>)/g)) {
      const from = parseInt(first!, 16);
      if (list !== undefined) {
        [...list.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach(([, target], i) => map.set(from + i, utf16(target!)));
      } else {
        const base = parseInt(start!, 16);
        for (let code = from; code <= parseInt(last!, 16); code++) map.set(code, String.fromCharCode(base + code - from));
      }
    }
  }
  return map;
}

export function readPdf(pdf: Buffer): PdfContents {
  const objects = readObjects(pdf);
  const cmaps = new Map<string, Map<number, string>>();
  for (const { dictionary } of objects.values()) {
    const font = /\/Font\s*<<([^>]*)>>/.exec(dictionary);
    if (!font) continue;
    for (const [, name, id] of font[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(Number(id))?.dictionary ?? '');
      const cmap = toUnicode && objects.get(Number(toUnicode[1]))?.stream;
      if (cmap) cmaps.set(name!, readCMap(cmap.toString('latin1')));
    }
  }
  const pagesRoot = [...objects.values()].find((o) => /\/Type \/Pages/.test(o.dictionary));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(pagesRoot?.dictionary ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  const runs = kids.map((kid) => {
    const contents = /\/Contents (\d+) 0 R/.exec(objects.get(kid)!.dictionary);
    const stream = objects.get(Number(contents?.[1]))?.stream?.toString('latin1') ?? '';
    const pageRuns: TextRun[] = [];
    let cmap: Map<number, string> | undefined;
    let position = { x: 0, y: 0 };
    const operators = /([-\d.]+) ([-\d.]+) Tm|\/(\w+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g;
    for (const [, x, y, font, run] of stream.matchAll(operators)) {
      if (x !== undefined) position = { x: Number(x), y: Number(y) };
      else if (font) cmap = cmaps.get(font);
      else if (run) {
        const codes = [...run.matchAll(/<([0-9a-fA-F]*)>/g)].flatMap(([, hex]) => hex!.match(/.{4}/g) ?? []);
        pageRuns.push({ text: codes.map((code) => cmap?.get(parseInt(code, 16)) ?? '\uFFFD').join(''), ...position });
      }
    }
    return pageRuns;
  });
  return {
    pages: runs.map((pageRuns) => pageRuns.map((run) => run.text).join('\n')),
    runs,
    dictionaries: [...objects.values()].map((o) => o.dictionary),
  };
}

/**
 * The text of a PDF, or null when this reader cannot tell: it is made for pdfkit's output, so a
 * PDF from elsewhere (object streams, other font encodings, scans) may give nothing or glyphs it
 * cannot map — better no text than wrong text in the file's search.
 */
export function pdfText(pdf: Buffer): string | null {
  try {
    const text = readPdf(pdf).pages.join('\n\n').trim();
    return text && !text.includes('\uFFFD') ? text : null;
  } catch {
    return null;
  }
}
