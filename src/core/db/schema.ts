import type { Kysely, Transaction } from 'kysely';

/**
 * The database's tables. Core declares its own here; each module adds its tables by declaration
 * merging in its own `store.ts` (`declare module '../../core/db/schema.js' { interface Tables … }`),
 * so core never imports a module and every module still gets typed queries.
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface, so that modules can merge their tables into it
export interface Tables {}

export type Db = Kysely<Tables>;
export type Trx = Transaction<Tables>;
/** Either the database or a running transaction: store functions accept both. */
export type Executor = Db | Trx;

export type DialectName = 'sqlite' | 'postgresql';
