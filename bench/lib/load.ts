import autocannon from 'autocannon';
import type { LoadRow, LoadSettings } from './scenario.js';

export interface LoadRequest {
  /** Label in the report, e.g. "GET /". */
  request: string;
  server: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Runs autocannon against one URL and keeps the figures the report shows. */
export async function measureLoad(target: LoadRequest, settings: LoadSettings): Promise<LoadRow> {
  const result = await autocannon({
    url: target.url,
    connections: settings.connections,
    duration: settings.durationSeconds,
    ...(target.method ? { method: target.method } : {}),
    ...(target.headers ? { headers: target.headers } : {}),
    ...(target.body !== undefined ? { body: target.body } : {}),
  });
  return {
    request: target.request,
    server: target.server,
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** Runs `during` while `sample` is called every interval; returns the samples (e.g. RSS under load). */
export async function sampleWhile<T>(during: Promise<unknown>, sample: () => T, intervalMs = 250): Promise<T[]> {
  const samples: T[] = [];
  const timer = setInterval(() => samples.push(sample()), intervalMs);
  try {
    await during;
  } finally {
    clearInterval(timer);
  }
  return samples;
}
