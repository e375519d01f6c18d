import crypto from 'node:crypto';
import { startServer, type ServerProcess } from './process.js';

/**
 * Our server as it runs in production (NODE_ENV=production, request logging on), on an embedded
 * SQLite database in `dataDir`, with demo data. Run via tsx: the benchmark builds nothing.
 */
export function startAmtsweg(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer({
    name: 'amtsweg',
    entry: 'src/main.ts',
    args: ['serve'],
    env: {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO_DATA: 'true',
      SESSION_SECRET: crypto.randomBytes(32).toString('base64'),
      BLOB_KEY: crypto.randomBytes(32).toString('base64'),
      ...env,
    },
  });
}
