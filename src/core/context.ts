import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { Db, DialectName } from './db/index.js';

/**
 * What every service function gets: configuration, the database, the clock and a logger.
 * Kernel services (blobs, audit, jobs) are reached through their own modules with this context.
 */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  log: FastifyBaseLogger;
}
