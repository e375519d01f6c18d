import { spawn } from 'node:child_process';

/**
 * What an uploaded file really is, from its bytes (never from its name or the browser's claim).
 * Binary formats are told by their signature in the first bytes; nothing is parsed, inflated or
 * decoded beyond that, so a crafted file costs no more than its own size — a ZIP whose member
 * inflates to 512 MiB stays 500 KB (`file-type` inflated ZIP members to tell DOCX from ZIP, and
 * threw on a ZIP without central directory). A ZIP is named as such and is refused unless a field
 * accepts `application/zip`. Text is valid UTF-8 without control characters, checked in slices;
 * XML when it starts with an XML declaration, CSV when the first lines have the same number of
 * separators, plain text otherwise.
 */

interface Signature {
  type: string;
  bytes: readonly number[];
  /** Where the signature starts (default 0). */
  at?: number;
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const signatures: readonly Signature[] = [
  { type: 'application/pdf', bytes: ascii('%PDF-') },
  { type: 'image/png', bytes: [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: ascii('GIF87a') },
  { type: 'image/gif', bytes: ascii('GIF89a') },
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  // A local file header, or the end record of an empty archive. Never opened.
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
];

function matches(bytes: Buffer, signature: Signature): boolean {
  const at = signature.at ?? 0;
  return bytes.length >= at + signature.bytes.length && signature.bytes.every((byte, index) => bytes[at + index] === byte);
}

/** The text check reads this much at a time: a 50 MB text never becomes one 100 MB string. */
const textSlice = 64 * 1024;
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The text, sliced: undefined when the bytes are not UTF-8 or hold control characters. */
function textStart(bytes: Buffer): string | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = '';
  try {
    for (let offset = 0; offset < bytes.length; offset += textSlice) {
      const slice = decoder.decode(bytes.subarray(offset, offset + textSlice), { stream: offset + textSlice < bytes.length });
      if (controlCharacters.test(slice)) return undefined;
      if (offset === 0) start = slice;
    }
  } catch {
    return undefined; // not valid UTF-8
  }
  return start;
}

/** CSV when the first 50 lines have the same, non-zero number of one separator. `cut`: a longer text goes on. */
function looksLikeCsv(start: string, cut: boolean): boolean {
  const lines = start.split(/\r?\n/);
  if (cut) lines.pop(); // the last line of the slice may be cut anywhere
  const sample = lines.filter((line) => line.trim() !== '').slice(0, 50);
  if (sample.length < 2) return false;
  return [';', ',', '\t'].some((separator) => {
    const counts = sample.map((line) => line.split(separator).length - 1);
    return counts[0]! > 0 && counts.every((count) => count === counts[0]);
  });
}

/** The sniffed media type, or null when the content is none of the kinds we know. */
export function sniffMediaType(bytes: Buffer): string | null {
  if (bytes.length === 0) return null;
  const signature = signatures.find((candidate) => matches(bytes, candidate));
  if (signature) return signature.type;
  const start = textStart(bytes);
  if (start === undefined) return null;
  if (/^\uFEFF?<\?xml[\s?]/.test(start)) return 'application/xml';
  return looksLikeCsv(start, bytes.length > textSlice) ? 'text/csv' : 'text/plain';
}

export function mediaTypeAccepted(type: string, accept: readonly string[]): boolean {
  return accept.some((pattern) => pattern === type || (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1))));
}

export type ScanVerdict = 'clean' | 'infected' | 'failed';

/**
 * Runs the configured virus scanner (`VIRUS_SCAN_COMMAND`, e.g. `clamdscan --no-summary -`) with
 * the file on stdin. Exit code 0 = clean, 1 = infected (the ClamAV convention), anything else or
 * no answer within the time limit = the scan failed, and the upload is refused.
 */
export function scanForViruses(command: string, bytes: Buffer, timeoutMs = 60_000): Promise<ScanVerdict> {
  const [program, ...args] = command.split(/\s+/).filter(Boolean);
  if (!program) return Promise.resolve('failed');
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['pipe', 'ignore', 'ignore'], timeout: timeoutMs });
    child.on('error', () => resolve('failed'));
    child.on('close', (code) => resolve(code === 0 ? 'clean' : code === 1 ? 'infected' : 'failed'));
    child.stdin.on('error', () => {}); // the scanner may close stdin early; its exit code tells
    child.stdin.end(bytes);
  });
}
