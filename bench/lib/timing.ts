import Fastify from 'fastify';
import { sql } from 'kysely';
import type { HttpApp } from '../../src/core/module.js';
import type { Runtime } from '../../src/runtime.js';

/** The timing loops the in-process scenarios (inbox, records) share. */

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Milliseconds of each of `times` calls of `work`, one at a time, after `warmUp` calls not counted. */
export async function timed(times: number, work: (i: number) => Promise<unknown>, warmUp = Math.min(5, times)): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Runs `work` on every item with `parallel` in flight at a time; returns items per second. */
export async function throughput<T>(items: T[], parallel: number, work: (item: T) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return items.length / ((performance.now() - start) / 1000);
}

/** The bare limit of a page: fastify with no plugins reading one row of `table` by id and answering a line of HTML with its `column`. */
export async function bareRowServer(runtime: Runtime, table: string, column: string): Promise<HttpApp> {
  const app = Fastify();
  app.get<{ Params: { id: string } }>('/row/:id', async (request, reply) => {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where id = ${request.params.id}`.execute(runtime.ctx.db);
    if (!rows[0]) throw new Error(`no ${table} row ${request.params.id}`);
    return reply.type('text/html; charset=utf-8').send(`<h1>${String(rows[0][column])}</h1>`);
  });
  await app.ready();
  return app as unknown as HttpApp;
}
