import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, redactUrl } from '../../src/config.js';

describe('configuration', () => {
  it('has safe defaults for an embedded start', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.env, 'development');
    assert.equal(config.database.kind, 'sqlite');
    assert.match(config.database.kind === 'sqlite' ? config.database.file : '', /var\/amtsweg\.sqlite$/);
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.equal(config.demoData, true);
    assert.equal(config.workerConcurrency, 4);
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/amtsweg' });
    assert.deepEqual(config.database, { kind: 'postgresql', url: 'postgres://u:p@db:5432/amtsweg' });
  });

  const bad: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ BASE_URL: 'ftp://x' }, 'BASE_URL'],
    [{ BLOB_KEY: 'c2hvcnQ=' }, 'BLOB_KEY'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA'],
    [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET'],
  ];
  for (const [env, variable] of bad) {
    it(`names ${variable} when ${JSON.stringify(env)} is wrong`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.includes(variable),
      );
    });
  }

  it('never prints a database password', () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'postgres://user:geheim@[bad' }),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('geheim'),
    );
    assert.equal(redactUrl('postgres://user:geheim@db/x'), 'postgres://user:***@db/x');
  });
});
