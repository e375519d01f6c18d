import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { Db, DialectName } from './db/index.js';
import type { Extensions } from './extensions.js';
import type { TenantCalendars } from './tenant-calendars.js';

/**
 * What every service function gets: configuration, the database, the clock, a logger, the
 * modules' contributions to each other and the tenants' working-day calendars.
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
  /** Each tenant's working days (its Land's public holidays): deadlines and timers count in them. */
  calendars: TenantCalendars;
}
