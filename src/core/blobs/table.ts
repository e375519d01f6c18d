import type { Kysely } from 'kysely';
import { binaryType, type DialectName } from '../db/index.js';

export type BlobBackendName = 'fs' | 'db';

/** One stored object: its address, what it is, how it was encrypted and where its bytes live. */
export interface BlobsTable {
  /** SHA-256 of the plaintext, lower-case hex: the address. */
  sha256: string;
  /** Plaintext size in bytes. */
  size: number;
  content_type: string;
  /** Which key encrypted it, so keys can be rotated without guessing. */
  key_id: string;
  backend: BlobBackendName;
  created_at: string;
  /** IV ‖ GCM tag ‖ ciphertext; only for the database backend, null for files. */
  data: Buffer | null;
}

declare module '../db/schema.js' {
  interface Tables {
    blobs: BlobsTable;
  }
}

export async function createBlobsTable(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('data', binaryType(dialect))
    .execute();
}
