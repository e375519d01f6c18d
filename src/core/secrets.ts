import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Thrown when DATA_DIR cannot be used; the message is safe to print. */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

/** Makes sure DATA_DIR exists and is writable, so we fail at start and not at the first upload. */
export function ensureDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.unlinkSync(probe);
  } catch (error) {
    throw new DataDirError(`DATA_DIR ${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * A random secret kept in DATA_DIR/secrets, created on first use. Only for embedded mode:
 * production passes secrets through the environment (config refuses to start without them).
 */
export function localSecret(dataDir: string, name: string, bytes: number): Buffer {
  const file = path.join(dataDir, 'secrets', name);
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = crypto.randomBytes(bytes);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    fs.writeFileSync(file, secret.toString('base64'), { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  }
}
