import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { ManualClock, type Clock } from '../../src/core/clock.js';
import type { AmtswegModule, HttpApp } from '../../src/core/module.js';
import { createHttpApp, openRuntime, seed, type Runtime } from '../../src/runtime.js';

/**
 * A fresh database per test runtime: in-memory SQLite by default, a new PostgreSQL database when
 * TEST_DATABASE_URL is set (so the same tests run on both engines).
 */
async function freshDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return { url: 'sqlite::memory:', drop: async () => {} };
  const name = `amtsweg_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestRuntime extends Runtime {
  config: Config;
  clock: ManualClock;
  dataDir: string;
  /** Closes the runtime, drops the database and removes the data folder. */
  dispose(): Promise<void>;
}

export interface TestRuntimeOptions {
  env?: Record<string, string>;
  modules?: readonly AmtswegModule[];
  seed?: boolean;
  now?: Date;
}

export async function createTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-test-'));
  const database = await freshDatabaseUrl();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: database.url, ...options.env });
  const clock = new ManualClock(options.now ?? new Date('2026-03-02T09:00:00Z'));
  const runtime = await openRuntime(config, { clock: clock as Clock, ...(options.modules ? { modules: options.modules } : {}) });
  if (options.seed !== false) await seed(runtime);
  return {
    ...runtime,
    config,
    clock,
    dataDir,
    async dispose() {
      await runtime.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTestApp(options: TestRuntimeOptions = {}): Promise<{ app: HttpApp; runtime: TestRuntime }> {
  const runtime = await createTestRuntime(options);
  const app = await createHttpApp(runtime);
  await app.ready();
  return { app, runtime };
}

export interface TestApp {
  app: HttpApp;
  runtime: TestRuntime;
}

/**
 * Opens a test app before the suite's tests and closes it (dropping its database) after them.
 * `use` receives the app to keep it in the suite's variables and to set up more: node:test's
 * hooks cannot hand values back to the suite.
 */
export function useTestApp(use: (opened: TestApp) => unknown, options: TestRuntimeOptions = {}): void {
  let opened: TestApp | undefined;
  before(async () => {
    opened = await createTestApp(options);
    await use(opened);
  });
  after(async () => {
    await opened?.app.close();
    await opened?.runtime.dispose();
  });
}
