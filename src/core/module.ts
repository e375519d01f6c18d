import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { AppContext } from './context.js';
import type { Migration } from './db/index.js';
import { Extensions, ModuleSetupError, type Contribution } from './extensions.js';
import type { Catalogue, Language } from './i18n/index.js';
import type { JobHandler } from './jobs/index.js';

/** The HTTP application as modules see it: TypeBox schemas give validation, types and OpenAPI. */
export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A positional argument of a command, shown as `<name>` (required) or `[name]` (optional). */
export interface CommandArgument {
  name: string;
  description: string;
  optional?: boolean;
  /** Takes the rest of the words (at least one unless optional); must be the last argument. */
  variadic?: boolean;
}

/** An option that takes a value; `flags` as in `--tenant <slug>` (the value is `options.tenant`). */
export interface CommandOption {
  flags: string;
  description: string;
  required?: boolean;
}

/** What a command's `run` gets: its arguments in declared order (missing optional ones left out) and its options. */
export interface CommandInput {
  args: readonly string[];
  options: Readonly<Record<string, string | undefined>>;
}

/** A command that does something; returns the exit code (0 done, 1 failed, 2 wrong usage). */
export interface RunnableCommand<C> {
  description: string;
  arguments?: readonly CommandArgument[];
  options?: readonly CommandOption[];
  run(ctx: C, input: CommandInput): Promise<number>;
}

/** A command that only groups subcommands, e.g. `amtsweg forms` for `amtsweg forms import-xdf`. */
export interface CommandGroup<C> {
  description: string;
  subcommands: Record<string, Command<C>>;
}

/**
 * A CLI command a module contributes, e.g. `amtsweg catalog import FILE`. It declares its
 * arguments, options and subcommands; `src/core/cli.ts` builds the parser and the help from them.
 */
export type Command<C = AppContext> = RunnableCommand<C> | CommandGroup<C>;

/**
 * What a module contributes to the application. The app composes modules; modules never
 * reach into each other except through their `index.ts`.
 */
export interface AmtswegModule {
  name: string;
  /** The modules whose faces this one uses; they must be part of the runtime and come before it. */
  dependsOn?: readonly string[];
  /** Entries for other modules' extension points (listeners, guards, finders, map bases …). */
  contributes?: readonly Contribution[];
  migrations?: readonly Migration[];
  messages?: Record<Language, Catalogue>;
  /** Adds request hooks (e.g. who the actor is); runs for every module before any module's routes. */
  hooks?(app: HttpApp, ctx: AppContext): Promise<void>;
  /** Registers pages and API routes. */
  routes?(app: HttpApp, ctx: AppContext): Promise<void>;
  /** Loads reference and (if enabled) demo data; must be idempotent. */
  seed?(ctx: AppContext): Promise<void>;
  commands?: Record<string, Command>;
  /** Handlers for the outbox job types this module enqueues. */
  jobs?: Record<string, JobHandler>;
}

/**
 * Checks that the modules form a runtime (each one's dependencies are present and come before it,
 * no module or job type twice) and collects their contributions to each other's extension points.
 */
export function composeModules(modules: readonly AmtswegModule[]): Extensions {
  const seen = new Set<string>();
  const jobOwners = new Map<string, string>();
  for (const module of modules) {
    if (seen.has(module.name)) throw new ModuleSetupError(`the module ${module.name} is listed twice`);
    for (const dependency of module.dependsOn ?? []) {
      if (!seen.has(dependency)) throw new ModuleSetupError(`the module ${module.name} needs the module ${dependency} before it`);
    }
    for (const type of Object.keys(module.jobs ?? {})) {
      const owner = jobOwners.get(type);
      if (owner) throw new ModuleSetupError(`the job type "${type}" is handled by the modules ${owner} and ${module.name}`);
      jobOwners.set(type, module.name);
    }
    seen.add(module.name);
  }
  return new Extensions(modules.flatMap((module) => (module.contributes ?? []).map((contribution) => ({ module: module.name, contribution }))));
}
