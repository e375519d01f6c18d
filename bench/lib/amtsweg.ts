import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { projectRoot, startServer, type ServerProcess } from './process.js';

/**
 * From the sources via tsx by default: the benchmark builds nothing. BENCH_SERVER=dist runs the
 * compiled server as `npm start` does (after `npm run build`), without tsx's start-up and memory cost.
 */
export const amtswegEntry = process.env.BENCH_SERVER === 'dist' ? 'dist/src/main.js' : 'src/main.ts';

/** The node options `npm start` runs the server with (package.json), so the benchmarks measure that process. */
const startScript: string = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).scripts.start;
const startNodeOptions = /\bnode ((?:--\S+ )*)dist\//.exec(startScript)?.[1]?.trim() ?? '';

/**
 * Our server as it runs in production (NODE_ENV=production, request logging on), on an embedded
 * SQLite database in `dataDir`, with demo data.
 */
export function startAmtsweg(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  return startServer({ name: `amtsweg (${amtswegEntry})`, entry: amtswegEntry, args: ['serve'], nodeArgs, env: amtswegEnv(dataDir, env) });
}

/** The environment of a production process on `dataDir`; a server and its worker process need the same keys in `env`. */
export function amtswegEnv(dataDir: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    DEMO_DATA: 'true',
    NODE_OPTIONS: startNodeOptions,
    SESSION_SECRET: crypto.randomBytes(32).toString('base64'),
    BLOB_KEY: crypto.randomBytes(32).toString('base64'),
    ...env,
  };
}

/** `amtsweg worker` beside a server started with WORKER=false: stopped with SIGTERM, as in production. */
export function startAmtswegWorker(env: Record<string, string>, nodeArgs: string[] = []): { stop(): Promise<void> } {
  const loader = amtswegEntry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, amtswegEntry, 'worker'], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
