/**
 * A TrueType font subset for a PDF, written by copying bytes: the glyphs a document uses, with the
 * tables PDF needs for an embedded TrueType program (ISO 32000-1, 9.9: head, hhea, loca, maxp,
 * cvt, prep, glyf, hmtx, fpgm).
 *
 * It stands in for fontkit's subset inside pdfkit's embedded font (same `includeGlyph`/`encode`
 * face). fontkit decodes every glyph's outline and re-encodes all tables through its structure
 * library for every document, which was the largest share of rendering a receipt; here the
 * glyphs' bytes are copied as they are (a composite glyph only gets its components' new numbers)
 * and the other tables are the font's own with the glyph count patched.
 */

/** A font file's tables, read once per process and shared by every document's subset. */
export interface FontTables {
  /** Each table's bytes, by tag. */
  tables: ReadonlyMap<string, Buffer>;
  /** Where each glyph's bytes start in `glyf`; one more entry than glyphs, for the end of the last. */
  glyphOffsets: Uint32Array;
  /** Advance width and left side bearing of each glyph. */
  advances: Uint16Array;
  bearings: Int16Array;
}

const requiredTables = ['head', 'hhea', 'loca', 'maxp', 'glyf', 'hmtx'];
/** The hinting tables: copied as they are, when the font has them. */
const hintingTables = ['cvt ', 'fpgm', 'prep'];

/** Reads what a subset needs from a TrueType font file (not a collection, not CFF outlines). */
export function readFontTables(file: Buffer): FontTables {
  if (file.readUInt32BE(0) !== 0x00010000) throw new Error('not a TrueType font file');
  const tables = new Map<string, Buffer>();
  const count = file.readUInt16BE(4);
  for (let index = 0; index < count; index++) {
    const entry = 12 + 16 * index;
    const tag = file.toString('latin1', entry, entry + 4);
    const offset = file.readUInt32BE(entry + 8);
    tables.set(tag, file.subarray(offset, offset + file.readUInt32BE(entry + 12)));
  }
  for (const tag of requiredTables) if (!tables.has(tag)) throw new Error(`the font has no ${tag} table`);
  const table = (tag: string) => tables.get(tag)!;
  const glyphCount = table('maxp').readUInt16BE(4);
  const longOffsets = table('head').readInt16BE(50) === 1;
  const loca = table('loca');
  const glyphOffsets = new Uint32Array(glyphCount + 1);
  for (let gid = 0; gid <= glyphCount; gid++) glyphOffsets[gid] = longOffsets ? loca.readUInt32BE(4 * gid) : 2 * loca.readUInt16BE(2 * gid);
  const metrics = table('hhea').readUInt16BE(34);
  const hmtx = table('hmtx');
  const advances = new Uint16Array(glyphCount);
  const bearings = new Int16Array(glyphCount);
  for (let gid = 0; gid < glyphCount; gid++) {
    // Glyphs after the last full metric share its advance and list only their bearing.
    advances[gid] = hmtx.readUInt16BE(4 * Math.min(gid, metrics - 1));
    bearings[gid] = gid < metrics ? hmtx.readInt16BE(4 * gid + 2) : hmtx.readInt16BE(4 * metrics + 2 * (gid - metrics));
  }
  return { tables, glyphOffsets, advances, bearings };
}

// Composite glyph flags (OpenType `glyf` table).
const argsAreWords = 0x0001;
const haveScale = 0x0008;
const moreComponents = 0x0020;
const haveXYScale = 0x0040;
const haveTwoByTwo = 0x0080;

const padded = (length: number) => (length + 3) & ~3;

/** The sum of a table's big-endian 32-bit words (zero-padded), as the table directory records it. */
function checksum(bytes: Buffer): number {
  let sum = 0;
  const whole = bytes.length & ~3;
  for (let at = 0; at < whole; at += 4) sum = (sum + bytes.readUInt32BE(at)) >>> 0;
  if (whole < bytes.length) {
    const tail = Buffer.alloc(4);
    bytes.copy(tail, 0, whole);
    sum = (sum + tail.readUInt32BE(0)) >>> 0;
  }
  return sum;
}

export class TrueTypeSubset {
  /** The original glyph ids, in subset order: index 0 is `.notdef`. */
  readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(private readonly font: FontTables) {
    this.includeGlyph(0);
  }

  /** The glyph's number in the subset, adding it on first use (pdfkit passes an id or a glyph). */
  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id;
    let gid = this.mapping.get(id);
    if (gid === undefined) {
      gid = this.glyphs.push(id) - 1;
      this.mapping.set(id, gid);
    }
    return gid;
  }

  /** The glyph's bytes; a composite glyph's copy names its components by their subset numbers (which adds them). */
  private glyphBytes(id: number): Buffer {
    const glyf = this.font.tables.get('glyf')!;
    const bytes = glyf.subarray(this.font.glyphOffsets[id], this.font.glyphOffsets[id + 1]);
    if (bytes.length === 0 || bytes.readInt16BE(0) >= 0) return bytes;
    const copy = Buffer.from(bytes);
    let at = 10; // after numberOfContours and the bounding box
    for (;;) {
      const flags = copy.readUInt16BE(at);
      copy.writeUInt16BE(this.includeGlyph(copy.readUInt16BE(at + 2)), at + 2);
      at += 4 + (flags & argsAreWords ? 4 : 2) + (flags & haveScale ? 2 : flags & haveXYScale ? 4 : flags & haveTwoByTwo ? 8 : 0);
      if (!(flags & moreComponents)) return copy;
    }
  }

  /** The subset as a TrueType font file. */
  encode(): Buffer {
    const glyphs: Buffer[] = [];
    // Components of composite glyphs join the list while it is walked.
    for (let index = 0; index < this.glyphs.length; index++) glyphs.push(this.glyphBytes(this.glyphs[index]!));
    const count = glyphs.length;
    const loca = Buffer.alloc(4 * (count + 1));
    const hmtx = Buffer.alloc(4 * count);
    let offset = 0;
    glyphs.forEach((bytes, gid) => {
      loca.writeUInt32BE(offset, 4 * gid);
      offset += padded(bytes.length);
      const id = this.glyphs[gid]!;
      hmtx.writeUInt16BE(this.font.advances[id]!, 4 * gid);
      hmtx.writeInt16BE(this.font.bearings[id]!, 4 * gid + 2);
    });
    loca.writeUInt32BE(offset, 4 * count);
    const glyf = Buffer.alloc(offset);
    glyphs.forEach((bytes, gid) => bytes.copy(glyf, loca.readUInt32BE(4 * gid)));

    const source = (tag: string) => Buffer.from(this.font.tables.get(tag)!);
    const head = source('head');
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
    head.writeInt16BE(1, 50); // indexToLocFormat: 32-bit offsets
    const hhea = source('hhea');
    hhea.writeUInt16BE(count, 34); // numberOfHMetrics
    const maxp = source('maxp');
    maxp.writeUInt16BE(count, 4); // numGlyphs
    const tables = new Map<string, Buffer>([
      ['glyf', glyf],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', hmtx],
      ['loca', loca],
      ['maxp', maxp],
    ]);
    for (const tag of hintingTables) if (this.font.tables.has(tag)) tables.set(tag, this.font.tables.get(tag)!);
    return fontFile(tables);
  }
}

/** An sfnt file of `tables`: the directory sorted by tag, each table 4-byte aligned, checksums set. */
function fontFile(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const headerLength = 12 + 16 * tags.length;
  const file = Buffer.alloc(headerLength + tags.reduce((sum, tag) => sum + padded(tables.get(tag)!.length), 0));
  const power = 2 ** Math.floor(Math.log2(tags.length));
  file.writeUInt32BE(0x00010000, 0);
  file.writeUInt16BE(tags.length, 4);
  file.writeUInt16BE(16 * power, 6); // searchRange
  file.writeUInt16BE(Math.log2(power), 8); // entrySelector
  file.writeUInt16BE(16 * tags.length - 16 * power, 10); // rangeShift
  let offset = headerLength;
  tags.forEach((tag, index) => {
    const bytes = tables.get(tag)!;
    const entry = 12 + 16 * index;
    file.write(tag, entry, 'latin1');
    file.writeUInt32BE(checksum(bytes), entry + 4);
    file.writeUInt32BE(offset, entry + 8);
    file.writeUInt32BE(bytes.length, entry + 12);
    bytes.copy(file, offset);
    offset += padded(bytes.length);
  });
  // The head table's checkSumAdjustment (zero until now) makes the whole file sum to a constant.
  const head = file.readUInt32BE(12 + 16 * tags.indexOf('head') + 8);
  file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, head + 8);
  return file;
}
