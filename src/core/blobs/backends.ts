import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Executor } from '../db/index.js';
import { HEADER_BYTES } from './sealing.js';
import type { BlobBackendName } from './table.js';

/** A blob being written before its address is known (the hash is complete only at the end). */
export interface StagedObject {
  write(ciphertext: Buffer): Promise<void>;
  /**
   * Finishes the object with its header and keeps it under its address. Returns the bytes for the
   * row's `data` column (database backend) or null (the bytes live elsewhere).
   */
  keep(sha256: string, header: Buffer): Promise<Buffer | null>;
  /** Throws the staged bytes away; safe to call after keep (then it does nothing). */
  discard(): Promise<void>;
}

/** Where sealed bytes live. */
export interface BlobBackend {
  readonly name: BlobBackendName;
  stage(): Promise<StagedObject>;
  /** The sealed bytes of a stored object, or undefined when they are gone. */
  read(sha256: string, db: Executor): Promise<Buffer | undefined>;
  /** Removes the sealed bytes kept outside the row; does nothing when they are already gone. */
  remove(sha256: string): Promise<void>;
}

/**
 * Files under `<root>/ab/cd/<sha256>`. A blob is written to a temporary file, flushed to disk and
 * then renamed into place, so a reader never sees half a file and a crash leaves no wrong one.
 */
export function filesystemBackend(root: string): BlobBackend {
  const fileFor = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  // Directories made once stay: each mkdir is a round trip to the thread pool, and a write makes two.
  // (Only removing blobs could empty them, and remove leaves the directories.)
  const made = new Set<string>();
  const makeDirectory = async (dir: string) => {
    if (made.has(dir)) return;
    await fs.mkdir(dir, { recursive: true });
    made.add(dir);
  };
  return {
    name: 'fs',
    async stage() {
      const tempDir = path.join(root, 'tmp');
      await makeDirectory(tempDir);
      const tempFile = path.join(tempDir, `${crypto.randomUUID()}.part`);
      const handle = await fs.open(tempFile, 'wx', 0o600);
      let open = true;
      let kept = false;
      const close = async () => {
        if (open) {
          open = false;
          await handle.close();
        }
      };
      // Room for the header, which is known only when all ciphertext is written.
      await handle.write(Buffer.alloc(HEADER_BYTES));
      return {
        async write(ciphertext) {
          await handle.write(ciphertext);
        },
        async keep(sha256, header) {
          await handle.write(header, 0, header.length, 0);
          await handle.sync();
          await close();
          const file = fileFor(sha256);
          await makeDirectory(path.dirname(file));
          await fs.rename(tempFile, file);
          kept = true;
          await syncDirectory(path.dirname(file));
          return null;
        },
        async discard() {
          await close();
          if (!kept) await fs.rm(tempFile, { force: true });
        },
      };
    },
    async read(sha256) {
      try {
        return await fs.readFile(fileFor(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remove(sha256) {
      const file = fileFor(sha256);
      await fs.rm(file, { force: true });
      try {
        await syncDirectory(path.dirname(file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
  };
}

/** Makes a rename durable: the directory entry must reach the disk too. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Sealed bytes in the `blobs.data` column, so several app instances on one PostgreSQL share them
 * without a shared disk. The object is collected in memory: uploads are size-limited before here.
 */
export function databaseBackend(): BlobBackend {
  return {
    name: 'db',
    async stage() {
      let chunks: Buffer[] = [];
      return {
        async write(ciphertext) {
          chunks.push(ciphertext);
        },
        async keep(_sha256, header) {
          return Buffer.concat([header, ...chunks]);
        },
        async discard() {
          chunks = [];
        },
      };
    },
    async read(sha256, db) {
      const row = await db.selectFrom('blobs').select('data').where('sha256', '=', sha256).executeTakeFirst();
      return row?.data ?? undefined;
    },
    async remove() {
      // The bytes are in the row's `data` column: deleting the row deletes them.
    },
  };
}
