import { createHash, randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { XdomeaPackage } from '../xdomea/index.js';

/**
 * Delivers a 0401 package to the external DMS: into a folder (written under a temporary name,
 * synced, then renamed, so the DMS never picks up half a package) or by HTTP POST to an endpoint
 * (streamed, with a timeout). A retry delivers the same ProzessID again: the folder drop replaces
 * the file of the same name, the endpoint receives the same process once more.
 */

/** How long a POST to the DMS may take, from the first byte to the answer. */
export const deliveryTimeoutMilliseconds = 120_000;

export interface Delivered {
  bytes: number;
  /** SHA-256 of the ZIP as delivered. */
  sha256: string;
}

/** Passes the package's chunks on while counting and hashing them. */
async function* measured(pkg: XdomeaPackage, into: { bytes: number; hash: ReturnType<typeof createHash> }): AsyncGenerator<Uint8Array> {
  for await (const chunk of pkg.chunks) {
    into.bytes += chunk.length;
    into.hash.update(chunk);
    yield chunk;
  }
}

async function dropInFolder(pkg: XdomeaPackage, folder: string, tap: AsyncIterable<Uint8Array>): Promise<void> {
  const temporary = join(folder, `.${pkg.fileName}.${randomUUID()}.part`);
  const handle = await open(temporary, 'wx', 0o640);
  try {
    for await (const chunk of tap) await handle.write(chunk);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await rename(temporary, join(folder, pkg.fileName));
  // The rename itself must survive a power cut as well.
  const directory = await open(folder, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

async function postTo(pkg: XdomeaPackage, url: string, prozessId: string, tap: AsyncIterable<Uint8Array>): Promise<void> {
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${pkg.fileName}"`, 'x-xdomea-prozessid': prozessId },
    body: Readable.toWeb(Readable.from(tap)) as ReadableStream<Uint8Array>,
    duplex: 'half',
    signal: AbortSignal.timeout(deliveryTimeoutMilliseconds),
  } as RequestInit;
  const response = await fetch(url, init);
  const answer = (await response.text().catch(() => '')).slice(0, 300);
  if (!response.ok) throw new Error(`HTTP ${response.status}${answer ? `: ${answer}` : ''}`);
}

/** Delivers the package to `target` (an absolute folder path or an http(s) URL). */
export async function deliverPackage(pkg: XdomeaPackage, target: string, prozessId: string): Promise<Delivered> {
  const into = { bytes: 0, hash: createHash('sha256') };
  const tap = measured(pkg, into);
  if (target.startsWith('/')) await dropInFolder(pkg, target, tap);
  else await postTo(pkg, target, prozessId, tap);
  return { bytes: into.bytes, sha256: into.hash.digest('hex') };
}
