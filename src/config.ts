import path from 'node:path';

/** Thrown for a configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Environment = 'development' | 'production' | 'test';
export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgresql'; url: string };

export interface Config {
  env: Environment;
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Secret for signing cookies; generated into DATA_DIR outside production when unset. */
  sessionSecret: string | undefined;
  /** 32-byte AES-256-GCM key for blobs at rest; generated into DATA_DIR outside production when unset. */
  blobKey: Buffer | undefined;
  blobStore: 'fs' | 'db';
  demoData: boolean;
  /** Load the LeiKa catalogue (4,813 services, information only) into every tenant's catalogue as its skeleton. */
  leikaCatalog: boolean;
  trustProxy: boolean;
  /** Run the outbox worker inside the web process. */
  worker: boolean;
  /** Jobs `amtsweg worker` runs at once; the worker inside the web process runs one at a time. */
  workerConcurrency: number;
  mail: MailConfig;
  /** Sessions end after this many minutes without a request, and at the latest after `sessionMaxHours`. */
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** OIDC identity providers (JSON array); the identity module checks each entry's shape. */
  oidcProviders: unknown[];
  /** Drafts are deleted this many days after their last change (a reminder mail goes out a week before). */
  draftRetentionDays: number;
  /** Command that scans an upload on stdin (exit 0 clean, 1 infected), e.g. `clamdscan --no-summary -`; off when unset. */
  virusScanCommand: string | undefined;
  /** Slug of the tenant that answers requests for a host no tenant lists; none: such requests get 404. */
  defaultTenant: string | undefined;
}

/** Outgoing mail: `.eml` files under DATA_DIR/mail (embedded default) or an SMTP server. */
export type MailConfig = { transport: 'file'; smtpUrl: undefined; from: string } | { transport: 'smtp'; smtpUrl: string; from: string };

/** One documented variable: its name, default and the parser that validates it. */
type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function port(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535) {
    throw new ConfigError(name, `must be a port number between 0 and 65535 (got "${value}")`);
  }
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new ConfigError(name, `must be a positive whole number (got "${value}")`);
  return Number(value);
}

function jsonArray(env: Env, name: string): unknown[] {
  const value = env[name];
  if (value === undefined || value === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(name, 'is not valid JSON');
  }
  if (!Array.isArray(parsed)) throw new ConfigError(name, 'must be a JSON array');
  return parsed;
}

function url(env: Env, name: string, fallback: string): string {
  const value = env[name] || fallback;
  try {
    const parsed = new URL(value);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error('protocol');
    return value.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL (got "${value}")`);
  }
}

/** Never echo a password: show the URL with its credentials masked. */
export function redactUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable)';
  }
}

function database(env: Env, dataDir: string): DatabaseConfig {
  const value = env.DATABASE_URL;
  if (value === undefined || value === '') {
    return { kind: 'sqlite', file: path.join(dataDir, 'amtsweg.sqlite') };
  }
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new ConfigError('DATABASE_URL', 'needs a file after "sqlite:"');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL', `is not a valid URL (${redactUrl(value)})`);
    }
    return { kind: 'postgresql', url: value };
  }
  throw new ConfigError('DATABASE_URL', 'must start with postgres://, postgresql:// or sqlite:');
}

function blobKey(env: Env): Buffer | undefined {
  const value = env.BLOB_KEY;
  if (value === undefined || value === '') return undefined;
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError('BLOB_KEY', 'must be 32 bytes, base64-encoded');
  return key;
}

function secret(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (value.length < 32) throw new ConfigError(name, 'must be at least 32 characters long');
  return value;
}

/** A mail sender as MAIL_FROM and a tenant's `mailFrom` give it: `Name <address>` or a bare address. */
export const mailSenderPattern = /^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

function mail(env: Env): MailConfig {
  const transport = oneOf(env, 'MAIL_TRANSPORT', ['file', 'smtp'], 'file');
  const from = env.MAIL_FROM || 'Amtsweg <noreply@localhost>';
  if (!mailSenderPattern.test(from)) {
    throw new ConfigError('MAIL_FROM', `must be an address like "Amtsweg <noreply@example.org>" (got "${from}")`);
  }
  if (transport === 'file') return { transport, smtpUrl: undefined, from };
  const smtpUrl = env.SMTP_URL;
  if (!smtpUrl) throw new ConfigError('SMTP_URL', 'is required when MAIL_TRANSPORT=smtp (e.g. smtp://user:password@host:587)');
  let protocol: string;
  try {
    protocol = new URL(smtpUrl).protocol;
  } catch {
    throw new ConfigError('SMTP_URL', `is not a valid URL (${redactUrl(smtpUrl)})`);
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL', `must start with smtp:// or smtps:// (got ${redactUrl(smtpUrl)})`);
  }
  return { transport, smtpUrl, from };
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const portNumber = port(env, 'PORT', 3000);
  const dataDir = path.resolve(env.DATA_DIR || 'var');
  const config: Config = {
    env: nodeEnv,
    port: portNumber,
    host: env.HOST || '127.0.0.1',
    baseUrl: url(env, 'BASE_URL', `http://localhost:${portNumber}`),
    dataDir,
    database: database(env, dataDir),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    sessionSecret: secret(env, 'SESSION_SECRET'),
    blobKey: blobKey(env),
    blobStore: oneOf(env, 'BLOB_STORE', ['fs', 'db'], 'fs'),
    demoData: flag(env, 'DEMO_DATA', nodeEnv !== 'production'),
    // Off in tests: most tests need only the demo services, and the skeleton would slow every test runtime down; tests of it switch it on.
    leikaCatalog: flag(env, 'LEIKA_CATALOG', nodeEnv !== 'test'),
    trustProxy: flag(env, 'TRUST_PROXY', false),
    worker: flag(env, 'WORKER', true),
    workerConcurrency: positiveInteger(env, 'WORKER_CONCURRENCY', 4),
    mail: mail(env),
    sessionIdleMinutes: positiveInteger(env, 'SESSION_IDLE_MINUTES', 30),
    sessionMaxHours: positiveInteger(env, 'SESSION_MAX_HOURS', 12),
    oidcProviders: jsonArray(env, 'OIDC_PROVIDERS'),
    draftRetentionDays: positiveInteger(env, 'DRAFT_RETENTION_DAYS', 30),
    virusScanCommand: env.VIRUS_SCAN_COMMAND || undefined,
    defaultTenant: env.DEFAULT_TENANT || undefined,
  };
  if (nodeEnv === 'production') {
    if (!config.sessionSecret) throw new ConfigError('SESSION_SECRET', 'is required when NODE_ENV=production');
    if (!config.blobKey) throw new ConfigError('BLOB_KEY', 'is required when NODE_ENV=production');
  }
  return config;
}
