/** The PDF text reader the tests use lives in the product now (the E-Akte keeps generated PDFs' text). */
export { readPdf, type PdfContents, type TextRun } from '../../src/core/pdf/index.js';
