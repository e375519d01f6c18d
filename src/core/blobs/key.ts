import type { Config } from '../../config.js';
import type { AppContext } from '../context.js';
import { localSecret } from '../secrets.js';
import { createBlobStore, type BlobStore } from './store.js';

/**
 * The key blobs are encrypted with: BLOB_KEY, or outside production a key generated into
 * DATA_DIR/secrets on first use (config refuses to start in production without BLOB_KEY).
 */
export function blobKeyFor(config: Config): Buffer {
  if (config.blobKey) return config.blobKey;
  if (config.env === 'production') throw new Error('BLOB_KEY is required when NODE_ENV=production');
  return localSecret(config.dataDir, 'blob-key', 32);
}

/** The blob store with the configured key and backend. */
export function openBlobStore(ctx: AppContext): BlobStore {
  return createBlobStore(ctx, blobKeyFor(ctx.config));
}
