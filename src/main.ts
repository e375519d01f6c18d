#!/usr/bin/env -S node --max-semi-space-size=4
// The young generation is kept at 4 MB per semi-space (V8 grows it to 16 MB): see docs/operations.md, "Memory".
import { amtswegCommandLine } from './commands.js';
import { ConfigError } from './config.js';
import { runCommandLine } from './core/cli.js';
import { DatabaseUnavailableError } from './core/db/index.js';
import { ModuleSetupError } from './core/extensions.js';
import { HolidayFileError } from './core/calendar/index.js';
import { DataDirError } from './core/secrets.js';
import { TenantError } from './core/tenancy.js';
import { CatalogSeedError } from './modules/catalog/index.js';
import { ProcedurePackError, UnknownAuthorityKindError } from './modules/procedures/index.js';

/** Errors we expect from a wrong setup: one clear line, no stack trace. */
const setupErrors = [
  ConfigError,
  DatabaseUnavailableError,
  ModuleSetupError,
  DataDirError,
  TenantError,
  UnknownAuthorityKindError,
  ProcedurePackError,
  CatalogSeedError,
  HolidayFileError,
];

const argv = process.argv.slice(2);
runCommandLine(amtswegCommandLine(), argv.length ? argv : ['serve']).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = setupErrors.some((type) => error instanceof type);
    process.stderr.write(`amtsweg: ${known ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`);
    process.exit(1);
  },
);
