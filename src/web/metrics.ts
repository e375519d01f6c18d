import type { Registry } from 'prom-client';

const metricName = 'amtsweg_http_request_duration_seconds';
const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface Series {
  labels: string;
  /** Requests per bucket (not yet cumulative); the last slot counts those above every bound. */
  counts: number[];
  sum: number;
}

/** A Prometheus label value: backslash, double quote and line feed escaped. */
const labelValue = (value: string) => value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/**
 * Request durations by method, route pattern and status (never by raw URL, which could carry
 * personal data and would explode the label set). Counted here with three map look-ups and no
 * allocation per request, rather than through prom-client's label hashing on the hot path.
 */
export class RequestDurations {
  private readonly byRoute = new Map<string, Map<string, Map<number, Series>>>();

  observe(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) this.byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (!series) {
      series = { labels: `method="${labelValue(method)}",route="${labelValue(route)}",status="${status}"`, counts: new Array(buckets.length + 1).fill(0), sum: 0 };
      byStatus.set(status, series);
    }
    let bucket = 0;
    while (bucket < buckets.length && seconds > buckets[bucket]!) bucket++;
    series.counts[bucket]!++;
    series.sum += seconds;
  }

  /** The histogram in Prometheus' text format. */
  exposition(): string {
    const lines = [`# HELP ${metricName} HTTP request duration by method, route pattern and status`, `# TYPE ${metricName} histogram`];
    for (const byMethod of this.byRoute.values()) {
      for (const byStatus of byMethod.values()) {
        for (const { labels, counts, sum } of byStatus.values()) {
          let cumulative = 0;
          buckets.forEach((bound, i) => {
            cumulative += counts[i]!;
            lines.push(`${metricName}_bucket{le="${bound}",${labels}} ${cumulative}`);
          });
          cumulative += counts[buckets.length]!;
          lines.push(`${metricName}_bucket{le="+Inf",${labels}} ${cumulative}`, `${metricName}_sum{${labels}} ${sum}`, `${metricName}_count{${labels}} ${cumulative}`);
        }
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

let processMetrics: Promise<Registry> | undefined;

/**
 * The standard Node.js process metrics of prom-client, loaded with the first scrape: prom-client
 * and its GC and event-loop observers cost memory and start-up time that a server nobody scrapes
 * does not need. Counters such as CPU seconds cover the whole process life; GC and event-loop
 * figures start with the first scrape.
 */
function processRegistry(): Promise<Registry> {
  processMetrics ??= import('prom-client').then(({ Registry, collectDefaultMetrics }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  });
  return processMetrics;
}

export const metricsContentType = 'text/plain; version=0.0.4; charset=utf-8';

/** Everything `/metrics` serves, in Prometheus' text format. */
export async function metricsText(durations: RequestDurations): Promise<string> {
  const processText = await (await processRegistry()).metrics();
  return (processText.endsWith('\n') ? processText : `${processText}\n`) + durations.exposition();
}
