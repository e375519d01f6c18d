import crypto from 'node:crypto';

/** A PostgreSQL database of its own for the run, like the tests' (test/helpers/runtime.ts). */
export async function freshPostgres(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `amtsweg_bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The PostgreSQL server to measure on, if any (BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL); SQLite otherwise. */
export const postgresBase = [process.env.BENCH_DATABASE_URL, process.env.DATABASE_URL, process.env.TEST_DATABASE_URL].find((url) => url && /^postgres(ql)?:\/\//.test(url));
