import { verifyAudit } from './core/audit/index.js';
import { openBlobStore } from './core/blobs/index.js';
import { withContext, type CommandLine } from './core/cli.js';
import type { Command } from './core/module.js';
import { loadConfig } from './config.js';
import { modules } from './modules/index.js';
import { createHttpApp, openRuntime, seed, startWorker, type Runtime } from './runtime.js';

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** Commands that need the whole runtime (its modules), not just the context. */
const builtins: Record<string, Command<Runtime>> = {
  serve: {
    description: 'start the portal (migrates first; seeds demo data when DEMO_DATA is on)',
    async run(runtime) {
      const { config, log } = runtime.ctx;
      if (config.demoData) await seed(runtime);
      const app = await createHttpApp(runtime);
      await app.listen({ port: config.port, host: config.host });
      const worker = config.worker ? await startWorker(runtime) : undefined;
      log.info({ url: config.baseUrl, database: runtime.ctx.dialect }, 'Amtsweg is listening');
      const signal = await untilSignal();
      log.info({ signal }, 'shutting down');
      // Both at once: the server stops accepting and lets running requests finish, the worker
      // finishes the job in hand and gives the rest of its claim back.
      await Promise.all([app.close(), worker?.stop()]);
      return 0;
    },
  },
  worker: {
    description: 'run only the outbox worker (for web instances started with WORKER=false)',
    async run(runtime) {
      const worker = await startWorker(runtime, runtime.ctx.config.workerConcurrency);
      await untilSignal();
      await worker.stop();
      return 0;
    },
  },
  migrate: {
    description: 'bring the database schema up to date',
    async run() {
      process.stdout.write('database schema is up to date\n');
      return 0;
    },
  },
  seed: {
    description: 'load reference data and, when DEMO_DATA is on, demo data',
    async run(runtime) {
      await seed(runtime);
      process.stdout.write('seed data loaded\n');
      return 0;
    },
  },
};

/** The kernel's own checks. */
const kernelCommands: Record<string, Command> = {
  audit: {
    description: 'the audit log',
    subcommands: {
      verify: {
        description: 'check the hash chain of the audit log; exits 1 if it is broken',
        async run(ctx) {
          const report = await verifyAudit(ctx.db);
          for (const broken of report.breaks) {
            const entry = broken.entryId ? ` (entry ${broken.entryId})` : '';
            process.stdout.write(`BROKEN: chain ${broken.chain} at position ${broken.position}${entry}: ${broken.problem}\n`);
          }
          const verdict = report.breaks.length ? 'the audit log has been tampered with' : 'intact';
          process.stdout.write(`${report.entries} entries in ${report.chains} chains checked: ${verdict}\n`);
          return report.breaks.length ? 1 : 0;
        },
      },
    },
  },
  blobs: {
    description: 'the blob store',
    subcommands: {
      verify: {
        description: 'decrypt every stored blob and check its SHA-256; exits 1 if any is damaged',
        async run(ctx) {
          const report = await openBlobStore(ctx).verifyAll();
          for (const failure of report.failures) process.stdout.write(`DAMAGED: blob ${failure.sha256}: ${failure.reason}\n`);
          process.stdout.write(`${report.checked} blobs checked: ${report.failures.length ? `${report.failures.length} damaged` : 'intact'}\n`);
          return report.failures.length ? 1 : 0;
        },
      },
    },
  },
};

/** Every command: the built-in ones, the kernel's, and those the modules contribute; a name taken twice is a bug. */
export function allCommands(): Record<string, Command<Runtime>> {
  const commands: Record<string, Command<Runtime>> = { ...builtins };
  const contributed = [kernelCommands, ...modules.map((module) => module.commands ?? {})];
  for (const [name, command] of contributed.flatMap((set) => Object.entries(withContext(set, (runtime: Runtime) => runtime.ctx)))) {
    if (commands[name]) throw new Error(`command ${name} is defined twice`);
    commands[name] = command;
  }
  return commands;
}

/** Opens the runtime for the one command that runs; it migrates, so every command runs on a current schema. */
export async function withRuntime(run: (runtime: Runtime) => Promise<number>): Promise<number> {
  const runtime = await openRuntime(loadConfig());
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

/** The `amtsweg` command line: every command, each opening the runtime only when it runs. */
export function amtswegCommandLine(): CommandLine<Runtime> {
  return { name: 'amtsweg', description: 'Amtsweg, the e-government platform: portal, applications, cases, E-Akte', commands: allCommands(), execute: withRuntime };
}
