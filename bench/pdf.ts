import PDFDocument from 'pdfkit';
import { systemClock } from '../src/core/clock.js';
import { renderPdf, type KeyValueRow, type PdfWriter } from '../src/core/pdf/index.js';
import type { BenchScenario } from './lib/scenario.js';

/** A typical one-page receipt: the applicant's answers to a 20-field form and two attachments. */
const answers: KeyValueRow[] = Array.from({ length: 20 }, (_, i) => ({
  label: `Angabe ${i + 1}: Tiefe der Bohrung (Meter unter Geländeoberkante)`,
  value: i % 5 === 0 ? 'Erdwärmesonde für ein Einfamilienhaus, Flurstück 123/4, Gemarkung Freiberg' : `${100 + i} m`,
}));

function receipt(pdf: PdfWriter): void {
  pdf
    .heading('Eingangsbestätigung')
    .paragraph('Ihre Bohranzeige ist am 2. März 2026 um 10:00 Uhr beim Sächsischen Oberbergamt eingegangen. Aktenzeichen: SN-2026-7KQ4-X9.')
    .heading('Ihre Angaben', 2)
    .keyValueTable(answers)
    .heading('Anlagen', 2)
    .list(['Lageplan.pdf (SHA-256 3f2a…)', 'Bohrprofil.pdf (SHA-256 9c1e…)']);
}

/** How many documents per second `render` produces over `seconds`, after a short warm-up. */
async function perSecond(render: () => Promise<Buffer>, seconds: number): Promise<number> {
  for (let i = 0; i < 5; i++) await render();
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < seconds * 1000) {
    await render();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

/** The bare limit: the same text with pdfkit's built-in Helvetica, untagged, not PDF/A. */
function bareReceipt(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  doc.fontSize(17).text('Eingangsbestätigung').fontSize(10.5);
  for (const { label, value } of answers) doc.text(`${label}: ${value}`);
  doc.end();
  return done;
}

/** Receipt PDFs per second on one core. Target from the online-applications issue: ≥ 20/s. */
export const scenario: BenchScenario = {
  name: 'pdf',
  description: 'one-page PDF/A-2b receipts per second vs bare pdfkit',
  async run(settings) {
    const seconds = Math.min(settings.durationSeconds, 5);
    const ours = await perSecond(() => renderPdf({ title: 'Eingangsbestätigung', author: 'Amtsweg' }, { clock: systemClock }, receipt), seconds);
    const bare = await perSecond(bareReceipt, seconds);
    return {
      loads: [],
      figures: [
        { figure: 'receipt PDFs (PDF/A-2b, tagged, embedded font)', value: ours, unit: 'per s', target: { limit: 20, kind: 'min' } },
        { figure: 'bare pdfkit, same text (Helvetica, untagged)', value: bare, unit: 'per s' },
        { figure: 'receipts / bare', value: ours / bare, unit: '×' },
      ],
    };
  },
};
