// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Sent in turn on each connection; `setupRequest` may change each one before it is sent. */
    requests?: SequenceRequest[];
  }
  interface SequenceRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    setupRequest?: (request: SequenceRequest) => SequenceRequest;
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  export type { SequenceRequest };
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
