import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { readXdomeaMessage, validateXdomea, writeXdomeaPackage, ZIP_LIMITS, type DocumentVersion, type Vorgang } from '../../../src/modules/records/xdomea/index.js';
import { readAhead } from '../../../src/modules/records/xdomea/package.js';
import { akteWith, bohranzeigeVorgang, bytesOf, header, sha256, withoutFileSources } from './fixtures.js';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Entry names in the order of the ZIP's local headers (the order they were written). */
function localEntryNames(zip: Uint8Array): string[] {
  const names: string[] = [];
  const view = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = view.indexOf('PK\u0003\u0004', 0, 'latin1'); i >= 0; i = view.indexOf('PK\u0003\u0004', i + 4, 'latin1')) {
    const nameLength = view.readUInt16LE(i + 26);
    const extraLength = view.readUInt16LE(i + 28);
    names.push(view.toString('utf8', i + 30, i + 30 + nameLength));
    i += 30 + nameLength + extraLength;
  }
  return names;
}

describe('XDOMEA packages (0503 Aussonderung, 0401 Abgabe)', () => {
  it('0503: message first and named <ProzessID>_<Nachrichtentyp>.xml, every primary file under its UUID name with its hash', async () => {
    const objekte = [akteWith([bohranzeigeVorgang(1)]), bohranzeigeVorgang(2)];
    const message = { code: '0503', header: header(), objekte, rueckmeldungArchivkennung: true, empfangsbestaetigung: true } as const;
    const pkg = writeXdomeaPackage(message);
    const prozessId = message.header.prozessId;
    assert.equal(pkg.fileName, `${prozessId}_Aussonderung.Aussonderung.0503.zip`);
    assert.equal(pkg.messageFileName, `${prozessId}_Aussonderung.Aussonderung.0503.xml`);

    const zip = await collect(pkg.chunks);
    const versions: DocumentVersion[] = objekte.flatMap((o) => (o.kind === 'akte' ? o.vorgaenge : [o])).flatMap((v) => v.dokumente.flatMap((d) => d.versionen));
    assert.equal(versions.length, 6);
    assert.deepEqual(localEntryNames(zip), [pkg.messageFileName, ...versions.map((v) => v.dateiname)]);

    const files = unzipSync(zip);
    for (const version of versions) {
      const bytes = files[version.dateiname];
      assert.ok(bytes, version.dateiname);
      assert.equal(sha256(bytes), version.sha256);
      assert.match(version.dateiname, /^[0-9a-f-]{36}\.(pdf|txt)$/);
    }
    assert.deepEqual(
      pkg.entries.map((e) => e.name),
      Object.keys(files),
    );
    for (const entry of pkg.entries) assert.equal(entry.sha256, sha256(files[entry.name]!), entry.name);

    const xml = files[pkg.messageFileName]!;
    assert.deepEqual((await validateXdomea(xml)).errors, []);
    const read = await readXdomeaMessage(zip, { accept: ['0503'] });
    assert.deepEqual(read, withoutFileSources(message));
  });

  it('0401: the same layout for an Abgabe', async () => {
    const message = { code: '0401', header: header(), objekte: [bohranzeigeVorgang(1)], empfangsbestaetigung: false } as const;
    const pkg = writeXdomeaPackage(message);
    const zip = await collect(pkg.chunks);
    assert.equal(pkg.fileName, `${message.header.prozessId}_Abgabe.Abgabe.0401.zip`);
    assert.equal(localEntryNames(zip)[0], `${message.header.prozessId}_Abgabe.Abgabe.0401.xml`);
    assert.equal(localEntryNames(zip).length, 4);
    const read = await readXdomeaMessage(zip, { accept: ['0401'] });
    assert.deepEqual(read, withoutFileSources(message));
  });

  it('reads the next small files ahead, within its budget, and a large one in its turn; the package is the same', async () => {
    const objekte = Array.from({ length: 10 }, (_, i) => bohranzeigeVorgang(i + 1));
    const versions = objekte.flatMap((v) => v.dokumente.flatMap((d) => d.versionen));
    assert.ok(versions.length > readAhead.files + 2);
    const large = versions[readAhead.files + 2]!;
    let reading = 0;
    let most = 0;
    let othersAtLarge = -1;
    for (const version of versions) {
      const source = version.content!;
      const bytes = await collect(source());
      // As recorded by the E-Akte; the large one claims more than the whole read-ahead budget.
      version.size = version === large ? readAhead.bytes + 1 : bytes.length;
      version.content = async function* () {
        if (version === large) othersAtLarge = reading;
        reading++;
        most = Math.max(most, reading);
        await new Promise((resolve) => setTimeout(resolve, 2));
        reading--;
        yield bytes;
      };
    }
    const pkg = writeXdomeaPackage({ code: '0503', header: header(), objekte, rueckmeldungArchivkennung: false, empfangsbestaetigung: false });
    const zip = await collect(pkg.chunks);
    assert.ok(most > 1, `reads overlap (at most ${most} at once)`);
    assert.ok(most <= readAhead.files, `no more than ${readAhead.files} files read at once (${most})`);
    assert.equal(othersAtLarge, 0, 'the large file is read alone, when its turn comes');
    assert.deepEqual(localEntryNames(zip), [pkg.messageFileName, ...versions.map((v) => v.dateiname)]);
    const files = unzipSync(zip);
    for (const version of versions) assert.equal(sha256(files[version.dateiname]!), version.sha256, version.dateiname);
  });

  it('stops with hash-mismatch when a file does not match the hash the E-Akte recorded', async () => {
    const vorgang = bohranzeigeVorgang(1);
    vorgang.dokumente[0]!.versionen[0]!.sha256 = sha256(bytesOf('something else'));
    const pkg = writeXdomeaPackage({ code: '0503', header: header(), objekte: [vorgang], rueckmeldungArchivkennung: false, empfangsbestaetigung: false });
    await assert.rejects(collect(pkg.chunks), { code: 'hash-mismatch' });
  });

  it('refuses file names that are not <UUID>.<ext>, could leave the package, or repeat', async () => {
    for (const dateiname of ['../../etc/passwd', 'Bescheid.pdf', `${randomUUID()}/../x.pdf`]) {
      const vorgang = bohranzeigeVorgang(1);
      vorgang.dokumente[0]!.versionen[0]!.dateiname = dateiname;
      const pkg = writeXdomeaPackage({ code: '0503', header: header(), objekte: [vorgang], rueckmeldungArchivkennung: false, empfangsbestaetigung: false });
      await assert.rejects(collect(pkg.chunks), { code: 'invalid-file-name' }, dateiname);
    }
    const vorgang = bohranzeigeVorgang(1);
    vorgang.dokumente[1]!.versionen[0]!.dateiname = vorgang.dokumente[0]!.versionen[0]!.dateiname;
    const pkg = writeXdomeaPackage({ code: '0503', header: header(), objekte: [vorgang], rueckmeldungArchivkennung: false, empfangsbestaetigung: false });
    await assert.rejects(collect(pkg.chunks), { code: 'invalid-file-name' });
  });

  it('stops with package-too-large instead of writing more than 65,535 entries (no ZIP64)', async () => {
    const byte = new Uint8Array([0x25]);
    const dokumente = Array.from({ length: ZIP_LIMITS.entries }, (_, i) => ({
      kind: 'dokument' as const,
      id: randomUUID(),
      betreff: `Blatt ${i + 1}`,
      versionen: [
        {
          nummer: 1,
          dateiformat: '018',
          dateiname: `${randomUUID()}.pdf`,
          content: async function* () {
            yield byte;
          },
        },
      ],
    }));
    const vorgang: Vorgang = { kind: 'vorgang', id: randomUUID(), betreff: 'Sehr großer Vorgang', dokumente };
    const pkg = writeXdomeaPackage({ code: '0503', header: header(), objekte: [vorgang], rueckmeldungArchivkennung: false, empfangsbestaetigung: false });
    const error = await collect(pkg.chunks).then(
      () => assert.fail('expected package-too-large'),
      (e: unknown) => e as { code: string; de: string },
    );
    assert.equal(error.code, 'package-too-large');
    assert.match(error.de, /ProzessID/);
    assert.equal(pkg.entries.length, ZIP_LIMITS.entries);
  });
});
