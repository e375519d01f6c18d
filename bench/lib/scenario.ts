/** How hard and how long each load runs; `npm run bench` uses 50 connections for 10 s. */
export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

/** One load measurement: a request against our server, compared with the bare limit if there is one. */
export interface LoadRow {
  request: string;
  server: string;
  reqPerSec: number;
  p99Ms: number;
  /** Requests that failed or did not answer 2xx; a benchmark with failures measures the wrong thing. */
  failures: number;
  /** Our req/s divided by the bare server's req/s for the same response, measured in the same run. */
  ratioToBare?: number;
  /** The lowest acceptable ratio, when the issue sets one. */
  ratioTarget?: number;
}

/** Any other figure (memory, start time), with the target it is held against when there is one. */
export interface FigureRow {
  figure: string;
  value: number;
  unit: string;
  target?: { limit: number; kind: 'max' | 'min' };
}

export interface ScenarioResult {
  loads: LoadRow[];
  figures: FigureRow[];
}

/**
 * A benchmark: `bench/<name>.ts` exports `scenario`, and `npm run bench -- <name>` runs it alone.
 * A scenario starts what it needs, measures, and stops everything it started.
 */
export interface BenchScenario {
  name: string;
  description: string;
  run(settings: LoadSettings): Promise<ScenarioResult>;
}
