import { pdfText } from '../../../core/pdf/index.js';
import type { Content } from './write.js';

/**
 * The plain text of a document, extracted once when it is filed (for the E-Akte's search): text
 * files as they are, PDFs through the reader for PDFs we generate (pdfkit) — a PDF it cannot read
 * (scans, other producers) keeps an empty text rather than a wrong one; images have none.
 */
export function textOf(bytes: Buffer, mediaType: string): string {
  if (mediaType.startsWith('text/')) return bytes.toString('utf8');
  if (mediaType === 'application/pdf') return pdfText(bytes) ?? '';
  return '';
}

export function contentOf(bytes: Buffer, fileName: string, mediaType: string): Content {
  return { bytes, fileName, mediaType, text: textOf(bytes, mediaType) };
}

/** A text we write ourselves (Postfach message, Vermerk, question to another authority), filed as text/plain. */
export function textContent(text: string, fileName: string): Content {
  return { bytes: Buffer.from(text, 'utf8'), fileName, mediaType: 'text/plain', text };
}
