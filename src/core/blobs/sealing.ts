import crypto from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * The encrypted form of a blob: a random 12-byte IV, the 16-byte AES-256-GCM tag, then the
 * ciphertext. The tag sits in front so a reader finds everything at fixed offsets.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const HEADER_BYTES = IV_BYTES + TAG_BYTES;
const CIPHER = 'aes-256-gcm';

export interface SealResult {
  /** SHA-256 of the plaintext, hex. */
  sha256: string;
  size: number;
  /** IV ‖ tag, to be placed in front of the ciphertext. */
  header: Buffer;
}

export function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new RangeError(`a blob key has 32 bytes (got ${key.length})`);
}

/**
 * A short public name for a key. An HMAC under the key itself: it tells keys apart without
 * revealing anything that helps to guess them.
 */
export function keyIdOf(key: Buffer): string {
  return crypto.createHmac('sha256', key).update('amtsweg blob key id').digest('hex').slice(0, 16);
}

async function* chunksOf(input: Buffer | Readable): AsyncIterable<Buffer> {
  if (Buffer.isBuffer(input)) {
    yield input;
    return;
  }
  for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}

/**
 * Hashes and encrypts the input in one pass, handing each piece of ciphertext to `write` (which
 * is awaited, so a slow disk slows the reader instead of filling memory).
 */
export async function seal(input: Buffer | Readable, key: Buffer, write: (ciphertext: Buffer) => Promise<void>): Promise<SealResult> {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv(CIPHER, key, iv);
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of chunksOf(input)) {
    hash.update(chunk);
    size += chunk.length;
    const ciphertext = cipher.update(chunk);
    if (ciphertext.length > 0) await write(ciphertext);
  }
  const rest = cipher.final();
  if (rest.length > 0) await write(rest);
  return { sha256: hash.digest('hex'), size, header: Buffer.concat([iv, cipher.getAuthTag()]) };
}

/** Decrypts a sealed object; throws if the key is wrong or a single bit was changed. */
export function unseal(sealed: Buffer, key: Buffer): Buffer {
  if (sealed.length < HEADER_BYTES) throw new Error('shorter than its header');
  const decipher = crypto.createDecipheriv(CIPHER, key, sealed.subarray(0, IV_BYTES));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, HEADER_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
}

export function sha256Hex(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
