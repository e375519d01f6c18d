export { renderPdf, type PdfMetadata, type PdfOptions, type PdfWriter, type KeyValueRow } from './document.js';
export { pdfText, readPdf, type PdfContents, type TextRun } from './text.js';
