#!/usr/bin/env -S node --max-semi-space-size=4
// The young generation is kept at 4 MB per semi-space (V8 grows it to 16 MB): see docs/operations.md, "Memory".
import { ConfigError, loadConfig } from './config.js';
import { verifyAudit } from './core/audit/index.js';
import { openBlobStore } from './core/blobs/index.js';
import { DatabaseUnavailableError } from './core/db/index.js';
import type { Command } from './core/module.js';
import { DataDirError } from './core/secrets.js';
import { createHttpApp, openRuntime, seed, startWorker, type Runtime } from './runtime.js';

/** Errors we expect from a wrong setup: one clear line, no stack trace. */
const setupErrors = [ConfigError, DatabaseUnavailableError, DataDirError];

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** Commands that need the whole runtime (its modules), not just the context. */
interface BuiltinCommand {
  description: string;
  usage: string;
  run(runtime: Runtime, args: string[]): Promise<number>;
}

const builtins: Record<string, BuiltinCommand> = {
  serve: {
    usage: 'serve',
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
    usage: 'worker',
    description: 'run only the outbox worker (for web instances started with WORKER=false)',
    async run(runtime) {
      const worker = await startWorker(runtime);
      await untilSignal();
      await worker.stop();
      return 0;
    },
  },
  migrate: {
    usage: 'migrate',
    description: 'bring the database schema up to date',
    async run() {
      process.stdout.write('database schema is up to date\n');
      return 0;
    },
  },
  seed: {
    usage: 'seed',
    description: 'load reference data and, when DEMO_DATA is on, demo data',
    async run(runtime) {
      await seed(runtime);
      process.stdout.write('seed data loaded\n');
      return 0;
    },
  },
};

const auditCommand: Command = {
  usage: 'audit verify',
  description: 'check the hash chain of the audit log; exits 1 if it is broken',
  async run(ctx, args) {
    if (args[0] !== 'verify') {
      process.stderr.write(`usage: amtsweg ${this.usage}\n`);
      return 2;
    }
    const report = await verifyAudit(ctx.db);
    for (const broken of report.breaks) {
      const entry = broken.entryId ? ` (entry ${broken.entryId})` : '';
      process.stdout.write(`BROKEN: chain ${broken.chain} at position ${broken.position}${entry}: ${broken.problem}\n`);
    }
    const verdict = report.breaks.length ? 'the audit log has been tampered with' : 'intact';
    process.stdout.write(`${report.entries} entries in ${report.chains} chains checked: ${verdict}\n`);
    return report.breaks.length ? 1 : 0;
  },
};

const blobsCommand: Command = {
  usage: 'blobs verify',
  description: 'decrypt every stored blob and check its SHA-256; exits 1 if any is damaged',
  async run(ctx, args) {
    if (args[0] !== 'verify') {
      process.stderr.write(`usage: amtsweg ${this.usage}\n`);
      return 2;
    }
    const report = await openBlobStore(ctx).verifyAll();
    for (const failure of report.failures) process.stdout.write(`DAMAGED: blob ${failure.sha256}: ${failure.reason}\n`);
    process.stdout.write(`${report.checked} blobs checked: ${report.failures.length ? `${report.failures.length} damaged` : 'intact'}\n`);
    return report.failures.length ? 1 : 0;
  },
};

function help(commands: Record<string, { usage: string; description: string }>): string {
  const lines = Object.values(commands).map((command) => `  amtsweg ${command.usage.padEnd(36)} ${command.description}`);
  return `usage:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name = 'serve', ...args] = argv;
  const runtime = await openRuntime(loadConfig()); // migrates: every command runs on a current schema
  try {
    const commands: Record<string, Command> = { audit: auditCommand, blobs: blobsCommand };
    for (const module of runtime.modules) Object.assign(commands, module.commands ?? {});
    const builtin = builtins[name];
    if (builtin) return await builtin.run(runtime, args);
    const command = commands[name];
    if (command) return await command.run(runtime.ctx, args);
    const stream = name === 'help' || name === '--help' ? process.stdout : process.stderr;
    if (stream === process.stderr) stream.write(`unknown command "${name}"\n`);
    stream.write(help({ ...builtins, ...commands }));
    return stream === process.stdout ? 0 : 2;
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = setupErrors.some((type) => error instanceof type);
    process.stderr.write(`amtsweg: ${known ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`);
    process.exit(1);
  },
);
