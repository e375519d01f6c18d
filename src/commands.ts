import fs from 'node:fs';
import path from 'node:path';
import { verifyAudit } from './core/audit/index.js';
import { openBlobStore } from './core/blobs/index.js';
import { withContext, type CommandLine } from './core/cli.js';
import { ModuleSetupError } from './core/extensions.js';
import type { AmtswegModule, Command } from './core/module.js';
import { tenantCommand } from './core/tenant-command.js';
import { loadConfig } from './config.js';
import { loadWorkflow, workflowJsonSchema } from './modules/cases/index.js';
import { formJsonSchema } from './modules/forms/index.js';
import { modules } from './modules/index.js';
import { checkPackFolder, importPack, loadPack, procedureJsonSchema, reportingPackErrors } from './modules/procedures/index.js';
import { projectPath } from './core/paths.js';
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
      // Listen for the signal before anything can answer: a SIGTERM that arrives while the
      // worker is still starting would otherwise kill the process without a clean shutdown.
      const stopRequested = untilSignal();
      if (config.demoData) await seed(runtime);
      const app = await createHttpApp(runtime);
      await app.listen({ port: config.port, host: config.host });
      const worker = config.worker ? await startWorker(runtime) : undefined;
      log.info({ url: config.baseUrl, database: runtime.ctx.dialect }, 'Amtsweg is listening');
      const signal = await stopRequested;
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
      const stopRequested = untilSignal();
      const worker = await startWorker(runtime, runtime.ctx.config.workerConcurrency);
      await stopRequested;
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
    description: 'add the tenants of data/tenants.json that are missing, load reference data and, when DEMO_DATA is on, demo data',
    async run(runtime) {
      await seed(runtime);
      process.stdout.write('seed data loaded\n');
      return 0;
    },
  },
};

/** The kernel's own commands: tenants and checks. */
const kernelCommands: Record<string, Command> = {
  tenant: tenantCommand,
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

/**
 * `amtsweg procedures schema`: the JSON Schemas of the three pack files, from the modules that
 * check them; here because the pack spans modules (procedures, forms, cases) that must not
 * import each other in that direction.
 */
const packCommands: Record<string, Command<Runtime>> = {
  procedures: {
    description: 'procedure packs',
    subcommands: {
      schema: {
        description: 'write the JSON Schemas of procedure.json, form.json and workflow.json (for editors)',
        arguments: [{ name: 'FOLDER', description: 'where to write them (default: schemas)', optional: true }],
        async run(runtime, { args: [folder] }) {
          const target = path.resolve(folder ?? projectPath('schemas'));
          fs.mkdirSync(target, { recursive: true });
          const files = { 'procedure.schema.json': procedureJsonSchema(), 'form.schema.json': formJsonSchema(), 'workflow.schema.json': workflowJsonSchema(runtime.ctx) };
          for (const [name, text] of Object.entries(files)) {
            fs.writeFileSync(path.join(target, name), text);
            process.stdout.write(`${path.join(target, name)}\n`);
          }
          return 0;
        },
      },
      import: {
        description: 'store a pack folder as a new draft version (published after review in the studio)',
        arguments: [{ name: 'DIR', description: 'the pack folder (named like its key)' }],
        run: (runtime, { args: [dir] }) =>
          reportingPackErrors(async () => {
            const folder = path.resolve(dir!);
            checkPackFolder(folder);
            loadWorkflow(runtime.ctx, folder); // the workflow and its templates against the form: the cases module checks them
            const result = await importPack(runtime.ctx, loadPack(folder));
            const what = result.created ? 'stored as a draft' : `unchanged (the same content as version ${result.version}, ${result.state})`;
            process.stdout.write(`${result.key}: version ${result.version} ${what}\n`);
          }),
      },
    },
  },
};

/** The commands gathered so far, and who contributed each one (by its full name, e.g. `tenant add`). */
interface CommandSet {
  commands: Record<string, Command<Runtime>>;
  owners: Map<string, string>;
}

/** Records `owner` for the command and, for a group, for every command in it. */
function recordOwner(owners: Map<string, string>, owner: string, at: string, command: Command<Runtime>): void {
  owners.set(at, owner);
  if ('subcommands' in command) for (const [subName, sub] of Object.entries(command.subcommands)) recordOwner(owners, owner, `${at} ${subName}`, sub);
}

/** Adds `command` under `name` for `owner`; groups of one name from several owners merge, a command two owners define stops the start. */
function addCommand(set: CommandSet, owner: string, name: string, command: Command<Runtime>, at = name): void {
  const existing = set.commands[name];
  if (!existing) {
    set.commands[name] = command;
    recordOwner(set.owners, owner, at, command);
    return;
  }
  if (!('subcommands' in existing) || !('subcommands' in command)) {
    throw new ModuleSetupError(`the command amtsweg ${at} comes from both ${set.owners.get(at)} and ${owner}`);
  }
  const subcommands: CommandSet = { commands: { ...existing.subcommands }, owners: set.owners };
  for (const [subName, sub] of Object.entries(command.subcommands)) addCommand(subcommands, owner, subName, sub, `${at} ${subName}`);
  set.commands[name] = { description: existing.description, subcommands: subcommands.commands };
}

/** Every command: the built-in ones, the kernel's, and those the modules contribute. */
export function allCommands(runtimeModules: readonly AmtswegModule[] = modules): Record<string, Command<Runtime>> {
  const set: CommandSet = { commands: {}, owners: new Map() };
  const onContext = (commands: Record<string, Command>) => withContext(commands, (runtime: Runtime) => runtime.ctx);
  const sources: [owner: string, commands: Record<string, Command<Runtime>>][] = [
    ['amtsweg', builtins],
    ['the kernel', onContext(kernelCommands)],
    ...runtimeModules.map((module): [string, Record<string, Command<Runtime>>] => [`the module ${module.name}`, onContext(module.commands ?? {})]),
    ['the procedure packs', packCommands],
  ];
  for (const [owner, commands] of sources) for (const [name, command] of Object.entries(commands)) addCommand(set, owner, name, command);
  return set.commands;
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
