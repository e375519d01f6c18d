import { spawn } from 'node:child_process';

/**
 * What an uploaded file really is, from its bytes (never from its name or the browser's claim):
 * PDF and images by their signature (`file-type`), text and CSV by a simple sniff — valid UTF-8
 * without control characters; CSV when every non-empty line has the same number of separators.
 */

/** Media types the portal accepts at all; a form field narrows this further. */
const binaryTypes = new Set(['application/pdf', 'image/png', 'image/jpeg']);

function isPlainText(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) return false; // not valid UTF-8
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text);
}

function looksLikeCsv(bytes: Buffer): boolean {
  const lines = bytes.toString('utf8').split(/\r?\n/).filter((line) => line.trim() !== '').slice(0, 50);
  if (lines.length < 2) return false;
  return [';', ',', '\t'].some((separator) => {
    const counts = lines.map((line) => line.split(separator).length - 1);
    return counts[0]! > 0 && counts.every((count) => count === counts[0]);
  });
}

/** The sniffed media type, or null when the content is none of the accepted kinds. */
export async function sniffMediaType(bytes: Buffer): Promise<string | null> {
  if (bytes.length === 0) return null;
  // file-type (with its parsers) is loaded with the first upload, not at start-up.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return binaryTypes.has(detected.mime) ? detected.mime : null;
  if (!isPlainText(bytes)) return null;
  return looksLikeCsv(bytes) ? 'text/csv' : 'text/plain';
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
