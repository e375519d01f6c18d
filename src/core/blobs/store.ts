import path from 'node:path';
import type { Readable } from 'node:stream';
import { toStored } from '../clock.js';
import type { AppContext } from '../context.js';
import type { Executor, Trx } from '../db/index.js';
import { NotFoundError } from '../errors.js';
import { databaseBackend, filesystemBackend, type BlobBackend } from './backends.js';
import { checkKey, keyIdOf, seal, sha256Hex, unseal } from './sealing.js';
import type { BlobBackendName } from './table.js';

/** A stored blob failed its check; its bytes are never handed out. The message names the address. */
export class BlobIntegrityError extends Error {
  override name = 'BlobIntegrityError';
  constructor(
    readonly sha256: string,
    readonly reason: string,
  ) {
    super(`blob ${sha256} failed its integrity check: ${reason}`);
  }
}

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobInfo extends StoredBlob {
  contentType: string;
  createdAt: string;
}

export interface BlobVerification {
  checked: number;
  failures: Array<{ sha256: string; reason: string }>;
}

export interface BlobStore {
  /**
   * Stores content under the SHA-256 of its plaintext; the same content is stored once (the first
   * content type wins). Pass the caller's transaction so the row commits with the change that
   * refers to it. With the filesystem backend, the file is written before the row, so a rolled-back
   * transaction can leave an unreferenced file, never a row without its file.
   */
  put(input: Buffer | Readable, contentType: string, trx?: Trx): Promise<StoredBlob>;
  /** The plaintext, decrypted and checked against its address; throws BlobIntegrityError if not. */
  get(sha256: string, db?: Executor): Promise<Buffer>;
  stat(sha256: string, db?: Executor): Promise<BlobInfo | undefined>;
  exists(sha256: string, db?: Executor): Promise<boolean>;
  /**
   * Deletes the blob for good: its bytes in every backend, then its row. Idempotent, so a job can
   * repeat it after a crash. The caller makes sure nothing refers to the blob any more (content is
   * stored once, so other records may share it).
   */
  delete(sha256: string): Promise<void>;
  /** Reads and checks every stored blob (for `amtsweg blobs verify`). */
  verifyAll(): Promise<BlobVerification>;
}

const ADDRESS = /^[0-9a-f]{64}$/;
const VERIFY_BATCH = 100;

/**
 * The blob store over the configured backend (`BLOB_STORE`, default the filesystem under
 * DATA_DIR/blobs). Reads use the backend recorded with each blob, so switching the setting keeps
 * older blobs readable.
 */
export function createBlobStore(ctx: AppContext, key: Buffer): BlobStore {
  checkKey(key);
  const keyId = keyIdOf(key);
  const backends: Record<BlobBackendName, BlobBackend> = {
    fs: filesystemBackend(path.join(ctx.config.dataDir, 'blobs')),
    db: databaseBackend(),
  };
  const writer = backends[ctx.config.blobStore];

  async function stat(sha256: string, db: Executor = ctx.db): Promise<BlobInfo | undefined> {
    if (!ADDRESS.test(sha256)) return undefined;
    const row = await db.selectFrom('blobs').select(['sha256', 'size', 'content_type', 'created_at']).where('sha256', '=', sha256).executeTakeFirst();
    return row && { sha256: row.sha256, size: row.size, contentType: row.content_type, createdAt: row.created_at };
  }

  async function get(sha256: string, db: Executor = ctx.db): Promise<Buffer> {
    if (!ADDRESS.test(sha256)) throw new NotFoundError();
    const row = await db.selectFrom('blobs').select(['key_id', 'backend']).where('sha256', '=', sha256).executeTakeFirst();
    if (!row) throw new NotFoundError();
    if (row.key_id !== keyId) throw new BlobIntegrityError(sha256, `encrypted with key ${row.key_id}, but the configured key is ${keyId}`);
    const sealed = await backends[row.backend].read(sha256, db);
    if (!sealed) throw new BlobIntegrityError(sha256, `its data is missing from the ${row.backend} backend`);
    let plaintext: Buffer;
    try {
      plaintext = unseal(sealed, key);
    } catch {
      throw new BlobIntegrityError(sha256, 'decryption failed (the stored data or the key was changed)');
    }
    if (sha256Hex(plaintext) !== sha256) throw new BlobIntegrityError(sha256, 'its content does not match its address');
    return plaintext;
  }

  return {
    async put(input, contentType, trx) {
      const db = trx ?? ctx.db;
      const staged = await writer.stage();
      try {
        const sealed = await seal(input, key, (ciphertext) => staged.write(ciphertext));
        if (await stat(sealed.sha256, db)) return { sha256: sealed.sha256, size: sealed.size };
        const data = await staged.keep(sealed.sha256, sealed.header);
        await db
          .insertInto('blobs')
          .values({
            sha256: sealed.sha256,
            size: sealed.size,
            content_type: contentType,
            key_id: keyId,
            backend: writer.name,
            created_at: toStored(ctx.clock.now()),
            data,
          })
          // Two writers of the same content at once: both objects are valid, one row wins.
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        return { sha256: sealed.sha256, size: sealed.size };
      } finally {
        await staged.discard();
      }
    },

    get,
    stat,

    async exists(sha256, db) {
      return (await stat(sha256, db)) !== undefined;
    },

    async delete(sha256) {
      if (!ADDRESS.test(sha256)) return;
      // Bytes first, row last: a crash in between leaves a row whose bytes are gone (reads fail
      // loudly, the next delete finishes), never bytes without a row that nobody would find again.
      for (const backend of Object.values(backends)) await backend.remove(sha256);
      await ctx.db.deleteFrom('blobs').where('sha256', '=', sha256).execute();
    },

    async verifyAll() {
      const result: BlobVerification = { checked: 0, failures: [] };
      let after = '';
      for (;;) {
        const batch = await ctx.db.selectFrom('blobs').select('sha256').where('sha256', '>', after).orderBy('sha256').limit(VERIFY_BATCH).execute();
        for (const { sha256 } of batch) {
          result.checked++;
          try {
            await get(sha256);
          } catch (error) {
            if (!(error instanceof BlobIntegrityError)) throw error;
            result.failures.push({ sha256, reason: error.reason });
          }
        }
        const last = batch.at(-1);
        if (!last || batch.length < VERIFY_BATCH) return result;
        after = last.sha256;
      }
    },
  };
}
