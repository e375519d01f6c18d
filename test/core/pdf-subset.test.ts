import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { create } from 'fontkit';
import { ManualClock } from '../../src/core/clock.js';
import { projectPath } from '../../src/core/paths.js';
import { renderPdf } from '../../src/core/pdf/index.js';
import { readFontTables, TrueTypeSubset } from '../../src/core/pdf/subset.js';

/** The part of a fontkit font these tests read (src/core/pdf/fontkit.d.ts declares only what the product uses). */
interface ParsedFont {
  numGlyphs: number;
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): Glyph;
  getGlyph(id: number): Glyph;
  layout(text: string): { glyphs: Glyph[] };
}
interface Glyph {
  id: number;
  advanceWidth: number;
  path: { toSVG(): string };
}

const fontFile = fs.readFileSync(projectPath('assets', 'fonts', 'DejaVuSans.ttf'));
const original = create(fontFile) as unknown as ParsedFont;
const parse = (bytes: Buffer) => create(bytes) as unknown as ParsedFont;

/** The sum of a file's big-endian 32-bit words, as TrueType checks it. */
function fileChecksum(bytes: Buffer): number {
  let sum = 0;
  for (let at = 0; at < bytes.length; at += 4) sum = (sum + bytes.readUInt32BE(at)) >>> 0;
  return sum;
}

describe('pdf font subset', () => {
  // Ä and Ł are composite glyphs in DejaVu Sans (a letter and an accent), fi is a ligature.
  const text = 'Größe Ä Łódź Škoda € „fi“ 0123456789';

  it('keeps every used glyph as drawn in the font, with composites and their components', () => {
    const subset = new TrueTypeSubset(readFontTables(fontFile));
    const used = [...text].map((char) => original.glyphForCodePoint(char.codePointAt(0)!));
    const numbers = used.map((glyph) => subset.includeGlyph(glyph.id));
    const parsed = parse(subset.encode());

    assert.ok(parsed.numGlyphs > new Set(numbers).size, 'components of composite glyphs were added');
    assert.equal(parsed.numGlyphs, subset.glyphs.length);
    assert.equal(parsed.unitsPerEm, original.unitsPerEm);
    used.forEach((glyph, index) => {
      const copy = parsed.getGlyph(numbers[index]!);
      assert.equal(copy.path.toSVG(), glyph.path.toSVG(), `outline of ${[...text][index]}`);
      assert.equal(copy.advanceWidth, glyph.advanceWidth, `advance of ${[...text][index]}`);
    });
    assert.equal(parsed.getGlyph(0).path.toSVG(), original.getGlyph(0).path.toSVG(), '.notdef stays glyph 0');
  });

  it('writes a font file whose checksums hold, the same for the same glyphs', () => {
    const subsetOf = () => {
      const subset = new TrueTypeSubset(readFontTables(fontFile));
      for (const char of text) subset.includeGlyph(original.glyphForCodePoint(char.codePointAt(0)!).id);
      return subset.encode();
    };
    const bytes = subsetOf();
    assert.equal(bytes.length % 4, 0);
    assert.equal(fileChecksum(bytes), 0xb1b0afba, 'head.checkSumAdjustment');
    assert.ok(bytes.equals(subsetOf()));
    assert.ok(bytes.length < fontFile.length / 10, `${bytes.length} bytes`);
  });

  it('refuses what is not a TrueType font file', () => {
    assert.throws(() => readFontTables(Buffer.from('OTTO\0\0\0\0\0\0\0\0')), /not a TrueType font file/);
  });

  it('embeds font programs in a PDF that draw its text', async () => {
    const bold = create(fs.readFileSync(projectPath('assets', 'fonts', 'DejaVuSans-Bold.ttf'))) as unknown as ParsedFont;
    const pdf = await renderPdf({ title: 'Test', author: 'Amtsweg' }, { clock: new ManualClock(new Date('2026-03-02T09:00:00Z')) }, (p) => p.heading(text));
    const raw = pdf.toString('latin1');
    const descriptor = /\/FontName \/[A-Z]{6}\+DejaVuSans-Bold[\s\S]*?\/FontFile2 (\d+) 0 R/.exec(raw)!;
    const object = new RegExp(`\\n${descriptor[1]} 0 obj\\n<<([\\s\\S]*?)>>\\nstream\\n`).exec(raw)!;
    const start = object.index + object[0].length;
    const embedded = parse(zlib.inflateSync(pdf.subarray(start, start + Number(/\/Length (\d+)/.exec(object[1]!)![1]))));
    const outlines = new Set(Array.from({ length: embedded.numGlyphs }, (_, id) => embedded.getGlyph(id).path.toSVG()));
    // The heading is the only bold text: each of its letters is drawn by the embedded bold font.
    for (const glyph of bold.layout(text).glyphs) assert.ok(outlines.has(glyph.path.toSVG()), `bold glyph ${glyph.id}`);
  });
});
