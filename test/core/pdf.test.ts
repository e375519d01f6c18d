import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { boundedCache } from '../../src/core/pdf/fonts.js';
import { renderPdf, type KeyValueRow } from '../../src/core/pdf/index.js';
import { readPdf } from '../helpers/pdf-text.js';

const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
const meta = { title: 'Eingangsbestätigung SN-2026-7KQ4-X9', author: 'Sächsisches Oberbergamt', subject: 'Bohranzeige' };
const umlauts = 'Größe der Übertageanlage: 12 m² – Straße „Am Bärenstein“, Łódź, Škoda, 100 €';

function receipt(answers: KeyValueRow[]) {
  return renderPdf(meta, { clock, footer: 'SN-2026-7KQ4-X9' }, (pdf) =>
    pdf
      .heading('Eingangsbestätigung')
      .paragraph(`Ihre Bohranzeige ist eingegangen. ${umlauts}`)
      .heading('Ihre Angaben', 2)
      .keyValueTable(answers)
      .heading('Anlagen', 2)
      .list(['Lageplan.pdf', 'Bohrprofil.pdf']),
  );
}

const oneRow = [{ label: 'Bohrtiefe', value: '120 m' }];

/** The text as a reader gets it, with line breaks from wrapping folded into spaces. */
const flat = (pages: string[]) => pages.join('\n').replace(/\s+/g, ' ');

describe('pdf', () => {
  it('writes a PDF/A-2b document with its metadata from the clock', async () => {
    const pdf = await receipt(oneRow);
    const raw = pdf.toString('latin1');
    assert.equal(raw.slice(0, 8), '%PDF-1.7');
    assert.match(raw.trimEnd(), /%%EOF$/);
    assert.match(raw, /<pdfaid:part>2<\/pdfaid:part>/);
    assert.match(raw, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
    assert.match(raw, /\/OutputIntents/, 'sRGB output intent');
    assert.match(raw, /\/Lang \(de-DE\)/);
    assert.match(raw, /\/DisplayDocTitle true/);
    assert.match(raw, /\(D:20260302090000Z\)/, 'CreationDate in the info dictionary');
    assert.match(raw, /<xmp:CreateDate>2026-03-02T09:00:00Z<\/xmp:CreateDate>/);
    assert.ok(raw.includes('Eingangsbest'), 'title in the XMP metadata');
  });

  it('embeds its own font and no standard font', async () => {
    const { dictionaries } = readPdf(await receipt(oneRow));
    const fonts = dictionaries.filter((d) => /\/Type \/Font\b/.test(d) && /\/BaseFont/.test(d));
    const baseFonts = new Set(fonts.map((d) => /\/BaseFont \/(\S+)/.exec(d)![1]!.replace(/^[A-Z]{6}\+/, '')));
    assert.deepEqual([...baseFonts].sort(), ['DejaVuSans', 'DejaVuSans-Bold']);
    assert.equal(dictionaries.filter((d) => /\/FontFile2 \d+ 0 R/.test(d)).length, 2, 'both fonts embedded');
    assert.ok(!dictionaries.some((d) => /\/Subtype \/Type1/.test(d)), 'no unembedded standard font');
  });

  it('keeps German umlauts and other characters as text', async () => {
    const { pages } = readPdf(await receipt([{ label: 'Anschrift', value: umlauts }]));
    assert.match(pages[0]!, /^Eingangsbestätigung\n/);
    assert.ok(flat(pages).includes(`Ihre Bohranzeige ist eingegangen. ${umlauts}`));
    assert.ok(flat(pages).includes(`Anschrift ${umlauts}`));
    assert.ok(flat(pages).includes('• Bohrprofil.pdf'), 'the fi ligature maps back to two letters');
    assert.ok(!pages[0]!.includes('\uFFFD'));
  });

  it('tags headings, the table with row headers, the list, and page numbers as artifacts', async () => {
    const pdf = await receipt(oneRow);
    const { dictionaries } = readPdf(pdf);
    const types = dictionaries.map((d) => /\/S \/(\w+)/.exec(d)?.[1]).filter(Boolean);
    for (const type of ['Document', 'H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD', 'L', 'LI', 'Lbl', 'LBody']) {
      assert.ok(types.includes(type), `structure element ${type}`);
    }
    assert.ok(
      dictionaries.some((d) => /\/S \/TH/.test(d) && /\/Scope \/Row/.test(d)),
      'row header scope',
    );
    assert.ok(
      dictionaries.some((d) => /\/Marked true/.test(d)),
      'MarkInfo',
    );
  });

  it('renders 20 and more pages with every row once, in order, and numbered pages', async () => {
    const answers = Array.from({ length: 500 }, (_, i) => ({
      label: `Frage ${i + 1}`,
      value: i % 9 === 0 ? `Antwort ${i + 1}, die länger ist und über mehrere Zeilen läuft. `.repeat(4).trim() : `Antwort ${i + 1}`,
    }));
    const { pages, runs } = readPdf(await receipt(answers));
    assert.ok(pages.length >= 20, `${pages.length} pages`);
    pages.forEach((page, i) => {
      assert.match(page, new RegExp(`SN-2026-7KQ4-X9\\nSeite ${i + 1} von ${pages.length}$`));
    });
    const labels = pages.join('\n').match(/^Frage \d+$/gm)!;
    assert.deepEqual(
      labels,
      answers.map((a) => a.label),
    );
    // Content stays between the margins; only the footer is below the bottom margin (2 cm + footer space).
    for (const pageRuns of runs) {
      for (const run of pageRuns.slice(0, -2)) assert.ok(run.y > 98 && run.y < 842 - 56, `"${run.text}" at y=${run.y}`);
    }
  });

  it('lets an answer longer than a page flow on to the next page', async () => {
    const words = Array.from({ length: 1500 }, (_, i) => `Wort${i}`);
    const { pages } = readPdf(await receipt([{ label: 'Begründung', value: words.join(' ') }, ...oneRow]));
    assert.ok(pages.length >= 2);
    const text = flat(pages);
    assert.ok(text.includes(words.slice(0, 20).join(' ')));
    assert.ok(text.includes(words.slice(-20).join(' ')), 'nothing cut off');
    assert.ok(text.includes('Bohrtiefe'));
  });

  it('writes a dash for an empty answer and English page labels on request', async () => {
    const pdf = await renderPdf({ ...meta, lang: 'en-GB' }, { clock, pageLabel: (page, pages) => `Page ${page} of ${pages}` }, (p) =>
      p.keyValueTable([{ label: 'Phone', value: '' }]),
    );
    const { pages } = readPdf(pdf);
    assert.equal(pages[0], 'Phone\n–\nPage 1 of 1');
    assert.match(pdf.toString('latin1'), /\/Lang \(en-GB\)/);
  });

  it('renders the same document byte for byte from the same input and time', async () => {
    assert.ok((await receipt(oneRow)).equals(await receipt(oneRow)));
  });

  it('rejects when building the document fails', async () => {
    await assert.rejects(
      renderPdf(meta, { clock }, () => {
        throw new Error('template broken');
      }),
      /template broken/,
    );
  });
  it('shares word layouts across documents without changing what a later document contains', async () => {
    const first = await receipt([{ label: 'Bohrtiefe', value: '120 m' }]);
    // Words the first document shaped, and new ones; the second document must embed glyphs for both.
    const second = await receipt([{ label: 'Bohrtiefe', value: 'Quarzsandstein, 98 m (Xylit)' }]);
    assert.match(flat(readPdf(first).pages), /Bohrtiefe 120 m/);
    assert.match(flat(readPdf(second).pages), /Bohrtiefe Quarzsandstein, 98 m \(Xylit\)/);
    assert.deepEqual(readPdf(await receipt([{ label: 'Bohrtiefe', value: '120 m' }])).pages, readPdf(first).pages, 'a repeated document reads the same');
  });

  it('keeps a bounded number of word layouts and heights, forgetting the oldest first', () => {
    const cache = boundedCache(2);
    cache.eins = 1;
    cache.zwei = 2;
    cache.drei = 3;
    assert.equal(cache.eins, undefined);
    assert.deepEqual([cache.zwei, cache.drei], [2, 3]);
  });
});
