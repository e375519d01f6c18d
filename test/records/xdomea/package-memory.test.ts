import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { primaryFileName, writeXdomeaPackage, type Vorgang } from '../../../src/modules/records/xdomea/index.js';
import { bytesOf, header, versionWith } from './fixtures.js';

// In a file of its own, so that the process's memory is not shaped by other tests before it.
describe('XDOMEA package memory', () => {
  it('streams 2,000 Vorgänge with 4,000 generated files in bounded memory', async () => {
    const VORGAENGE = 2000;
    const PDF_BYTES = 160 * 1024;
    const expectedHashes = new Map<string, string>();

    // Deterministic, incompressible file content, produced chunk by chunk and never kept.
    function generated(seed: number, size: number, name: string): () => AsyncIterable<Uint8Array> {
      return async function* () {
        const hash = createHash('sha256');
        let state = seed * 2654435761 + 1;
        for (let offset = 0; offset < size; offset += 16 * 1024) {
          const chunk = new Uint32Array(Math.min(16 * 1024, size - offset) / 4);
          for (let i = 0; i < chunk.length; i++) {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            chunk[i] = state >>> 0;
          }
          const bytes = new Uint8Array(chunk.buffer);
          hash.update(bytes);
          yield bytes;
        }
        expectedHashes.set(name, hash.digest('hex'));
      };
    }

    async function* vorgaenge(): AsyncGenerator<Vorgang> {
      for (let n = 1; n <= VORGAENGE; n++) {
        const pdf = primaryFileName(randomUUID(), 'Anzeige.pdf');
        const txt = primaryFileName(randomUUID(), 'Vermerk.txt');
        const note = bytesOf(`Vermerk ${n}: `.repeat(200));
        yield {
          kind: 'vorgang',
          id: randomUUID(),
          betreff: `Bohranzeige ${n}`,
          kennzeichen: `52.10.20-${n}/2026`,
          archiv: { aufbewahrungsdauer: 30, aussonderungsart: 'A' },
          dokumente: [
            { kind: 'dokument', id: randomUUID(), betreff: 'Anzeige', versionen: [{ nummer: 1, dateiformat: '018', dateiname: pdf, content: generated(n, PDF_BYTES, pdf) }] },
            { kind: 'dokument', id: randomUUID(), betreff: 'Vermerk', versionen: [{ ...versionWith(note, 'Vermerk.txt'), dateiname: txt }] },
          ],
        };
      }
    }

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let bytes = 0;
    let chunks = 0;
    let tail = new Uint8Array(0);
    const started = performance.now();
    const pkg = writeXdomeaPackage({ code: '0503', header: header(), objekte: vorgaenge(), rueckmeldungArchivkennung: true, empfangsbestaetigung: true });
    for await (const chunk of pkg.chunks) {
      bytes += chunk.length;
      if (++chunks % 256 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      // Keep only the end: the central directory's closing record is checked below.
      tail = chunk.length >= 22 ? chunk.slice(-22) : Buffer.concat([tail, chunk]).subarray(-22);
    }
    const seconds = (performance.now() - started) / 1000;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const growthMiB = (rssPeak - rssBefore) / 2 ** 20;
    const totalMiB = bytes / 2 ** 20;
    console.log(
      `0503 package: ${VORGAENGE} Vorgänge, ${pkg.entries.length} entries, ${totalMiB.toFixed(1)} MiB in ${seconds.toFixed(1)} s (${(totalMiB / seconds).toFixed(1)} MiB/s); RSS growth ${growthMiB.toFixed(1)} MiB`,
    );

    // End of central directory: signature, entry count, and that the directory ends the file.
    const eocd = Buffer.from(tail);
    assert.equal(eocd.readUInt32LE(0), 0x06054b50);
    assert.equal(eocd.readUInt16LE(10), 1 + 2 * VORGAENGE);
    assert.equal(eocd.readUInt32LE(16) + eocd.readUInt32LE(12) + 22, bytes);

    assert.equal(pkg.entries.length, 1 + 2 * VORGAENGE);
    for (const entry of pkg.entries.slice(1)) {
      const expected = expectedHashes.get(entry.name);
      if (expected) assert.equal(entry.sha256, expected, entry.name);
    }
    assert.equal(expectedHashes.size, VORGAENGE);
    assert.ok(totalMiB > 300, `${totalMiB} MiB written`);
    // Generous: what is held is about 1 KB per file, the rest is garbage the collector has not
    // reclaimed yet (77–112 MiB measured). Still half the package size, so holding the files or
    // the ZIP in memory would fail.
    assert.ok(growthMiB < 160, `RSS grew by ${growthMiB.toFixed(1)} MiB while writing ${totalMiB.toFixed(1)} MiB`);
  });
});
