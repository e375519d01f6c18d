import http from 'node:http';

export interface RateRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

export interface RateResult {
  /** Requests answered per second over the run. */
  achievedPerSec: number;
  p99Ms: number;
  /** Errors and answers other than 2xx. */
  failures: number;
}

/**
 * Offers requests at a constant rate, open loop (like wrk2): the n-th request is due at
 * start + n / rate whether or not earlier ones were answered, and its latency counts from that
 * due time, so a server that falls behind cannot hide it (coordinated omission). autocannon's rate
 * limit instead lets each connection send its share of a second at once, at the start of every
 * second: a burst of the whole second's requests, whose last ones wait for all the others.
 */
export async function offerAtRate(baseUrl: string, options: { perSecond: number; durationSeconds: number; connections: number; next(): RateRequest }): Promise<RateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.round(options.perSecond * options.durationSeconds);
  const latencies: number[] = [];
  let failures = 0;
  const answered: Promise<void>[] = [];
  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const { method, path, headers } = options.next();
      const request = http.request(new URL(path, baseUrl), { method, headers, agent }, (response) => {
        response.resume();
        response.on('end', () => {
          latencies.push(performance.now() - dueAt);
          if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode > 299) failures++;
          resolve();
        });
      });
      request.on('error', () => {
        failures++;
        resolve();
      });
      request.end();
    });

  const start = performance.now();
  for (let sent = 0; sent < total; ) {
    const now = performance.now();
    for (; sent < total && start + (sent * 1000) / options.perSecond <= now; sent++) answered.push(send(start + (sent * 1000) / options.perSecond));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + (sent * 1000) / options.perSecond - performance.now())));
  }
  await Promise.all(answered);
  const elapsedSeconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const p99Ms = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  return { achievedPerSec: latencies.length / elapsedSeconds, p99Ms, failures };
}
