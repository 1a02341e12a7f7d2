import { performance } from 'node:perf_hooks';
import { percentile } from './report';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Status codes seen, for the report (an unexpected status is a failed bench, not a fast one). */
  statuses: Record<number, number>;
}

/**
 * Runs `request` from `concurrency` workers until `maxRequests` are done or `maxMs` passes
 * (both bounds, so a bench always stops by itself). Latencies in milliseconds.
 */
export async function runLoad(options: {
  concurrency: number;
  maxRequests: number;
  maxMs: number;
  expectStatus: number;
  request: (worker: number, index: number) => Promise<number>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.maxMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      while (next < options.maxRequests && performance.now() < deadline) {
        const index = next++;
        const t0 = performance.now();
        let status = 0;
        try {
          status = await options.request(worker, index);
        } catch {
          status = 0;
        }
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status !== options.expectStatus) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statuses,
  };
}

export const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
