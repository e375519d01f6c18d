import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite in WAL mode copies the WAL back into the database file at a checkpoint, with an fsync of
 * both. Left to itself, SQLite runs the checkpoint inside the commit that crosses the WAL's size
 * limit, on our only connection — so every twenty-odd writes one of them blocks the event loop
 * for the copy and the fsyncs (1–30 ms, more on a busy disk; the submit benchmark spent a quarter of
 * its time in COMMIT, mostly there). A worker thread with a connection of its own checkpoints
 * instead, PASSIVE (it never blocks a writer or a reader), a few times a second. The commit itself
 * only appends to the WAL, as before; durability is unchanged (checkpoints still fsync).
 *
 * The main connection keeps a far higher automatic checkpoint limit as a safety net: should the
 * worker fall behind or die, the WAL still stops growing there.
 */

export const checkpointIntervalMs = 100;
/** In pages of 4 KiB: 64 MiB of WAL before the main connection would checkpoint by itself. */
export const fallbackCheckpointPages = 16_384;

// A script (not a module file): it runs the same from the TypeScript sources (tsx) and from dist/.
const workerScript = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or briefly locked: the next round catches up.
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker after its current checkpoint and closes its connection. */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerScript, { eval: true, workerData: { file, driver, intervalMs: checkpointIntervalMs } });
  worker.unref(); // never keeps the process alive
  worker.on('error', (error) => process.emitWarning(`SQLite checkpoint worker stopped: ${error.message}`));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.ref(); // the caller waits for the exit
      worker.postMessage('stop');
      await exited;
    },
  };
}
