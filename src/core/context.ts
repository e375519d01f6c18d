import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { Db, DialectName } from './db/index.js';
import type { Extensions } from './extensions.js';

/**
 * What every service function gets: configuration, the database, the clock, a logger and the
 * modules' contributions to each other.
 * Kernel services (blobs, audit, jobs) are reached through their own modules with this context.
 */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  log: FastifyBaseLogger;
  /** What the runtime's modules contribute to each other's extension points. */
  extensions: Extensions;
}
