export { openDatabase, ping, DatabaseUnavailableError, type Database } from './connect.js';
export { migrate, type Migration, type MigrationReport } from './migrate.js';
export { commitBuffer, inTransaction, type CommitBuffer } from './transaction.js';
export { violatesUnique } from './constraints.js';
export { contains, startsWith } from './like.js';
export { binaryType, timestampType, jsonType, parseJson } from './columns.js';
export type { Db, Trx, Executor, Tables, DialectName } from './schema.js';
