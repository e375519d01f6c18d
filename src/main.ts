#!/usr/bin/env node
import { ConfigError, loadConfig } from './config.js';
import { DatabaseUnavailableError } from './core/db/index.js';
import type { Command } from './core/module.js';
import { DataDirError } from './core/secrets.js';
import { createHttpApp, openRuntime, seed, type Runtime } from './runtime.js';

/** Errors we expect from a wrong setup: one clear line, no stack trace. */
const setupErrors = [ConfigError, DatabaseUnavailableError, DataDirError];

async function serve(runtime: Runtime): Promise<number> {
  const { config } = runtime.ctx;
  if (config.demoData) await seed(runtime);
  const app = await createHttpApp(runtime);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.ctx.log.info({ signal }, 'shutting down');
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  runtime.ctx.log.info({ url: config.baseUrl, database: runtime.ctx.dialect }, 'Amtsweg is listening');
  return new Promise(() => {}); // runs until a signal stops it
}

const builtins: Record<string, Command> = {
  serve: { description: 'start the portal (migrates first; seeds demo data when DEMO_DATA is on)', usage: 'serve', run: async () => 0 },
  migrate: { description: 'bring the database schema up to date', usage: 'migrate', run: async () => 0 },
  seed: { description: 'load reference data and, when DEMO_DATA is on, demo data', usage: 'seed', run: async () => 0 },
};

function help(commands: Record<string, Command>): string {
  const lines = Object.entries(commands).map(([name, command]) => `  ${command.usage.padEnd(34)} ${command.description}`);
  return `usage: amtsweg <command>\n\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name = 'serve', ...args] = argv;
  const config = loadConfig();
  const runtime = await openRuntime(config); // migrates: every command runs on a current schema
  const commands: Record<string, Command> = { ...builtins };
  for (const module of runtime.modules) Object.assign(commands, module.commands ?? {});
  try {
    switch (name) {
      case 'serve':
        return await serve(runtime);
      case 'migrate':
        process.stdout.write('database schema is up to date\n');
        return 0;
      case 'seed':
        await seed(runtime);
        process.stdout.write('seed data loaded\n');
        return 0;
      case 'help':
      case '--help':
        process.stdout.write(help(commands));
        return 0;
      default: {
        const command = commands[name];
        if (!command) {
          process.stderr.write(`unknown command "${name}"\n${help(commands)}`);
          return 2;
        }
        return await command.run(runtime.ctx, args);
      }
    }
  } finally {
    if (name !== 'serve') await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (setupErrors.some((type) => error instanceof type)) {
      process.stderr.write(`amtsweg: ${(error as Error).message}\n`);
    } else {
      process.stderr.write(`amtsweg: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  },
);
