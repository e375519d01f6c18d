import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { AppContext } from './context.js';
import type { Migration } from './db/index.js';
import type { Catalogue, Language } from './i18n/index.js';
import type { JobHandler } from './jobs/index.js';

/** The HTTP application as modules see it: TypeBox schemas give validation, types and OpenAPI. */
export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A CLI subcommand a module contributes, e.g. `amtsweg catalog import FILE`. */
export interface Command {
  description: string;
  usage: string;
  run(ctx: AppContext, args: string[]): Promise<number>;
}

/**
 * What a module contributes to the application. The app composes modules; modules never
 * reach into each other except through their `index.ts`.
 */
export interface AmtswegModule {
  name: string;
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
