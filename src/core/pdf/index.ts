export { renderPdf, type PdfMetadata, type PdfOptions, type PdfWriter, type KeyValueRow } from './document.js';
