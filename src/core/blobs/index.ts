export { createBlobStore, BlobIntegrityError, type BlobStore, type StoredBlob, type BlobInfo, type BlobVerification } from './store.js';
export { blobKeyFor, openBlobStore } from './key.js';
export { createBlobsTable, type BlobsTable, type BlobBackendName } from './table.js';
