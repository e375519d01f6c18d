import pino from 'pino';
import type { Config } from './config.js';
import { buildApp } from './app.js';
import { systemClock, type Clock } from './core/clock.js';
import type { AppContext } from './core/context.js';
import { migrate, openDatabase, type Database } from './core/db/index.js';
import { coreMigrations } from './core/migrations.js';
import { ModuleSetupError } from './core/extensions.js';
import { composeModules, type AmtswegModule, type HttpApp } from './core/module.js';
import { registerMessages } from './core/i18n/index.js';
import { JobWorker, type JobHandler } from './core/jobs/index.js';
import { mailJobType, removeUnfinishedMails, sendMailJob } from './core/mail/index.js';
import { ensureDataDir } from './core/secrets.js';
import { projectPath } from './core/paths.js';
import { TenantCalendars } from './core/tenant-calendars.js';
import { seedTenants, TenantDirectory } from './core/tenancy.js';
import { modules as allModules } from './modules/index.js';

export interface Runtime {
  ctx: AppContext;
  database: Database;
  modules: readonly AmtswegModule[];
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  modules?: readonly AmtswegModule[];
}

/** Personal data never goes to the log: request lines carry the route pattern, not the URL. */
function createLogger(config: Config) {
  return pino({
    level: config.env === 'test' ? 'silent' : config.logLevel,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.email'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; routeOptions?: { url?: string }; id: string }) => ({
        id: req.id,
        method: req.method,
        route: req.routeOptions?.url ?? 'unmatched',
      }),
    },
  });
}

export function allMigrations(modules: readonly AmtswegModule[]) {
  return [...coreMigrations, ...modules.flatMap((module) => module.migrations ?? [])];
}

/** Registers each module's message catalogue: the runtime does so when it opens, and a test that renders without one. */
export function registerModuleMessages(modules: readonly AmtswegModule[]): void {
  for (const module of modules) if (module.messages) registerMessages(module.messages);
}

/** Opens the database, brings its schema up to date and prepares the shared context. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  if (config.database.kind === 'sqlite' || config.blobStore === 'fs') ensureDataDir(config.dataDir);
  const database = await openDatabase(config.database);
  const modules = options.modules ?? allModules;
  const extensions = composeModules(modules);
  const calendars = TenantCalendars.fromFolder(projectPath('data/tenants'), 'data/tenants');
  registerModuleMessages(modules);
  try {
    await migrate(database.db, database.dialect, allMigrations(modules));
  } catch (error) {
    await database.close();
    throw error;
  }
  const ctx: AppContext = {
    config,
    db: database.db,
    dialect: database.dialect,
    clock: options.clock ?? systemClock,
    log: createLogger(config),
    extensions,
    calendars,
  };
  return { ctx, database, modules, close: () => database.close() };
}

/** Loads the tenants of `data/tenants.json` that do not exist yet, reference data and, if enabled, demo data. Safe to run again. */
export async function seed(runtime: Runtime): Promise<void> {
  await seedTenants(runtime.ctx);
  for (const module of runtime.modules) await module.seed?.(runtime.ctx);
}

/** Every job type's handler, from the kernel and the modules (two modules with one type never open a runtime: `composeModules`). */
export function jobHandlers(modules: readonly AmtswegModule[]): Record<string, JobHandler> {
  const handlers: Record<string, JobHandler> = { [mailJobType]: sendMailJob };
  for (const module of modules) {
    for (const [type, handler] of Object.entries(module.jobs ?? {})) {
      if (handlers[type]) throw new ModuleSetupError(`the job type "${type}" is the kernel's, not the module ${module.name}'s`);
      handlers[type] = handler;
    }
  }
  return handlers;
}

export function createWorker(runtime: Runtime, concurrency = 1): JobWorker {
  return new JobWorker(runtime.ctx, jobHandlers(runtime.modules), { concurrency });
}

/**
 * Starts a worker after clearing what a crashed one may have left: half-written mail files.
 * `concurrency` 1 inside the web process (a request waits for at most one job), more in `amtsweg worker`.
 */
export async function startWorker(runtime: Runtime, concurrency = 1): Promise<JobWorker> {
  const removed = await removeUnfinishedMails(runtime.ctx.config.dataDir);
  if (removed) runtime.ctx.log.info({ removed }, 'removed unfinished mail files of an interrupted worker');
  const worker = createWorker(runtime, concurrency);
  worker.start();
  return worker;
}

export async function createHttpApp(runtime: Runtime): Promise<HttpApp> {
  const tenants = new TenantDirectory(runtime.ctx.config.defaultTenant);
  await tenants.reload(runtime.ctx.db);
  return buildApp({ ctx: runtime.ctx, modules: runtime.modules, tenants });
}
