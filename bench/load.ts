// A small closed-loop HTTP load generator over an undici Pool: requests/s and latency percentiles.
import { Pool } from 'undici';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** One request replayed by every connection, or for each connection its own cycle of requests (in order, repeated). */
export type Workload = LoadRequest | LoadRequest[][];

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
}

export async function runLoad(
  origin: string,
  workload: Workload,
  opts: { connections: number; durationMs: number; expectStatus?: number; maxRequests?: number },
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: opts.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + opts.durationMs;
  const started = performance.now();
  const maxRequests = opts.maxRequests ?? Infinity;
  let issued = 0;
  const cycleOf = (worker: number): LoadRequest[] =>
    Array.isArray(workload) ? workload[worker % workload.length]! : [workload];
  const worker = async (_: unknown, index: number) => {
    const cycle = cycleOf(index);
    // A cycle is finished once begun (a CreateUser is always followed by its DeleteUser), so the next run starts clean.
    for (let n = 0; ; n++) {
      if (n % cycle.length === 0 && (performance.now() >= deadline || issued >= maxRequests)) break;
      issued++;
      const t0 = performance.now();
      try {
        const res = await pool.request({ ...cycle[n % cycle.length]!, origin });
        await res.body.dump();
        if (res.statusCode !== (opts.expectStatus ?? 200)) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50ms: pct(0.5),
    p99ms: pct(0.99),
  };
}
