/**
 * XDOMEA packages (ZIP containers) for messages that carry primary files: 0503 Aussonderung and
 * 0401 Abgabe. Layout per Spezifikation 3.0.0 (page 11): the container is named
 * `<ProzessID>_<Nachrichtentyp>.zip` and holds the message `<ProzessID>_<Nachrichtentyp>.xml`
 * (written first) and every primary file under its `Dateiname` (`<UUID>.<ext>`).
 *
 * Everything streams: objects are read from an async source and written into the message entry
 * one by one, then each file is read from its own source, hashed and compressed chunk by chunk.
 * The consumer pulls ZIP chunks, so a slow consumer slows the reading down instead of memory
 * filling up. What is held is per file, not per byte: the file list (to write the files after the
 * message) and fflate's central directory, both a few hundred bytes per file — and the read-ahead:
 * reading a file from the blob store is mostly waiting (open, read, close on the thread pool), so
 * the next few small files (their recorded sizes within `readAhead`) are read while one is written.
 */
import { createHash } from 'node:crypto';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { XdomeaMessageError } from './errors.js';
import { messageElement, type DocumentVersion, type Schriftgutobjekt } from './model.js';
import { streamObjectMessage, type AbgabeMessage, type AussonderungMessage } from './messages.js';

/** fflate writes no ZIP64: offsets and sizes are 32-bit, the entry count 16-bit. */
export const ZIP_LIMITS = { bytes: 0xffff_ffff, entries: 0xffff } as const;

export interface PackageEntry {
  name: string;
  size: number;
  /** Hex SHA-256 of the entry's uncompressed bytes. */
  sha256: string;
}

export interface XdomeaPackage {
  /** `<ProzessID>_<Nachrichtentyp>.zip` */
  fileName: string;
  /** `<ProzessID>_<Nachrichtentyp>.xml`, the package's first entry */
  messageFileName: string;
  /** The ZIP, in chunks; pull it once. */
  chunks: AsyncGenerator<Uint8Array, void, undefined>;
  /** Filled while `chunks` is read: every entry with size and hash, complete when `chunks` is done. */
  entries: PackageEntry[];
}

type PackagedMessage =
  | AussonderungMessage<AsyncIterable<Schriftgutobjekt> | Iterable<Schriftgutobjekt>>
  | AbgabeMessage<AsyncIterable<Schriftgutobjekt> | Iterable<Schriftgutobjekt>>;

/** Formats whose bytes are compressed already; deflating them again costs time and saves nothing. */
const storedExtensions = new Set(['pdf', 'jpg', 'jpeg', 'png', 'gif', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'zip', 'msg']);

const uuidFileName = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(_[^/\\]*)?(\.[A-Za-z0-9]+)?$/;

function checkFileName(name: string, seen: Set<string>): void {
  if (!uuidFileName.test(name) || name.includes('..')) {
    throw new XdomeaMessageError(
      'invalid-file-name',
      `Der Dateiname „${name}“ entspricht nicht der Vorgabe <UUID>.<Endung>.`,
      `File name "${name}" does not follow the required <UUID>.<ext> pattern.`,
    );
  }
  if (seen.has(name.toLowerCase())) {
    throw new XdomeaMessageError('invalid-file-name', `Der Dateiname „${name}“ kommt im Paket zweimal vor.`, `File name "${name}" occurs twice in the package.`);
  }
  seen.add(name.toLowerCase());
}

function tooLarge(what: string): XdomeaMessageError {
  return new XdomeaMessageError(
    'package-too-large',
    `Das Paket überschreitet die Grenze eines ZIP-Archivs ohne ZIP64 (${what}). Bitte die Objekte auf mehrere Aussonderungen (je eigene ProzessID) verteilen.`,
    `The package exceeds the limit of a ZIP archive without ZIP64 (${what}). Split the objects into several processes, each with its own ProzessID.`,
  );
}

const encoder = new TextEncoder();

/**
 * How far the package reads ahead of the file it writes: at most this many files whose recorded
 * sizes together stay within this many bytes (a file without a recorded size, or a larger one, is
 * read only when its turn comes). Bounds the memory, whatever the package holds.
 */
export const readAhead = { files: 16, bytes: 8 * 1024 * 1024 } as const;

type Fetched = Promise<Uint8Array[]>;

/** The primary files in order, each with its content: read ahead within `readAhead`, or streamed in its turn. */
async function* withReadAhead(files: DocumentVersion[]): AsyncGenerator<{ version: DocumentVersion; content: AsyncIterable<Uint8Array> | Fetched }> {
  const source = (version: DocumentVersion) => {
    if (!version.content) throw new Error(`XDOMEA package: version ${version.dateiname} has no content source`);
    return version.content();
  };
  const collect = async (chunks: AsyncIterable<Uint8Array>) => {
    const all: Uint8Array[] = [];
    for await (const chunk of chunks) all.push(chunk);
    return all;
  };
  const small = (version: DocumentVersion) => version.size !== undefined && version.size <= readAhead.bytes;
  const pending: { version: DocumentVersion; fetched: Fetched }[] = [];
  let pendingBytes = 0;
  let next = 0;
  for (let i = 0; i < files.length; i++) {
    // Start reading the following small files while the budget allows.
    for (next = Math.max(next, i); next < files.length && pending.length < readAhead.files; next++) {
      const ahead = files[next]!;
      if (!small(ahead) || pendingBytes + ahead.size! > readAhead.bytes) break;
      const fetched = collect(source(ahead));
      // Awaited in its turn; until then a failure must not count as unhandled.
      fetched.catch(() => undefined);
      pending.push({ version: ahead, fetched });
      pendingBytes += ahead.size!;
    }
    const version = files[i]!;
    if (pending[0]?.version === version) {
      const { fetched } = pending.shift()!;
      pendingBytes -= version.size!;
      yield { version, content: fetched };
    } else {
      yield { version, content: source(version) };
      next = Math.max(next, i + 1);
    }
  }
}

/** Writes a 0503 Aussonderung or 0401 Abgabe with its primary files as a streamed ZIP. */
export function writeXdomeaPackage(message: PackagedMessage): XdomeaPackage {
  const base = `${message.header.prozessId}_${messageElement(message.code)}`;
  const entries: PackageEntry[] = [];
  return { fileName: `${base}.zip`, messageFileName: `${base}.xml`, entries, chunks: zipChunks(message, `${base}.xml`, entries) };
}

async function* zipChunks(message: PackagedMessage, messageFileName: string, entries: PackageEntry[]): AsyncGenerator<Uint8Array, void, undefined> {
  const output: Uint8Array[] = [];
  let failure: Error | null = null;
  let written = 0;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else {
      output.push(chunk);
      written += chunk.length;
    }
  });
  const mtime = message.header.erstellungszeitpunkt;

  function* drain(): Generator<Uint8Array, void, undefined> {
    if (failure) throw failure;
    if (written > ZIP_LIMITS.bytes) throw tooLarge('4 GiB');
    while (output.length > 0) yield output.shift()!;
  }

  function open(name: string, deflate: boolean): { push(chunk: Uint8Array): void; close(): PackageEntry } {
    if (entries.length >= ZIP_LIMITS.entries) throw tooLarge(`${ZIP_LIMITS.entries} Dateien`);
    const file = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    file.mtime = mtime;
    zip.add(file);
    const hash = createHash('sha256');
    let size = 0;
    return {
      push(chunk) {
        hash.update(chunk);
        size += chunk.length;
        file.push(chunk);
      },
      close() {
        file.push(new Uint8Array(0), true);
        const entry = { name, size, sha256: hash.digest('hex') };
        entries.push(entry);
        return entry;
      },
    };
  }

  const files: DocumentVersion[] = [];
  const seen = new Set<string>([messageFileName.toLowerCase()]);
  const xml = open(messageFileName, true);
  for await (const part of streamObjectMessage(message, (version) => {
    checkFileName(version.dateiname, seen);
    files.push(version);
  })) {
    xml.push(encoder.encode(part));
    yield* drain();
  }
  xml.close();
  yield* drain();

  for await (const { version, content } of withReadAhead(files)) {
    const extension = version.dateiname.split('.').pop()?.toLowerCase() ?? '';
    const file = open(version.dateiname, !storedExtensions.has(extension));
    for await (const chunk of content instanceof Promise ? await content : content) {
      file.push(chunk);
      yield* drain();
    }
    const entry = file.close();
    if (version.sha256 && version.sha256.toLowerCase() !== entry.sha256) {
      throw new XdomeaMessageError(
        'hash-mismatch',
        `Die Datei ${version.dateiname} stimmt nicht mit ihrem gespeicherten SHA-256-Wert überein; das Paket wurde abgebrochen.`,
        `File ${version.dateiname} does not match its recorded SHA-256; the package was aborted.`,
      );
    }
    yield* drain();
  }
  zip.end();
  yield* drain();
}
