// Memory over many requests (issue 19): Warden's RSS and heap after 10,000 requests and after N, on a mix of
// GetCallerIdentity, KMS Encrypt/Decrypt, IAM GetUser and CreateUser+DeleteUser, read from its /metrics.
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadRequest } from './load.js';
import { setUpBench, signScenarios } from './requests.js';
import { startWardenServer } from './servers.js';

/** How long after the full collection the settled reading is taken (BENCH_MEMORY_SETTLE_MS). */
const SETTLE_MS = Number(process.env.BENCH_MEMORY_SETTLE_MS ?? 2_000);

export interface MemoryPoint {
  requests: number;
  /** After a full collection. */
  rssMB: number;
  heapUsedMB: number;
  /** Right after the load. */
  loadedRssMB: number;
  loadedHeapUsedMB: number;
  perSecond: number;
  errors: number;
}

async function memoryOf(origin: string): Promise<{ rssMB: number; heapUsedMB: number }> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  return { rssMB: gauge('process_resident_memory_bytes'), heapUsedMB: gauge('nodejs_heap_size_used_bytes') };
}

/**
 * checkpoints: total request counts at which memory is read (ascending), e.g. [10_000, 1_000_000]. Each
 * connection cycles through every scenario's requests, so every cache on the request path is exercised.
 */
export async function runMemoryBench(opts: { connections: number; checkpoints: number[] }): Promise<MemoryPoint[]> {
  const server = await startWardenServer({
    nodeArgs: ['--expose-gc', '--import', fileURLToPath(new URL('./gc-on-signal.mjs', import.meta.url))],
  });
  try {
    const setup = await setUpBench(server.origin);
    const points: MemoryPoint[] = [];
    let done = 0;
    for (const target of opts.checkpoints) {
      let requests = 0;
      let errors = 0;
      const started = performance.now();
      while (done < target) {
        // Signatures last five minutes: each leg of at most two minutes is signed afresh.
        const scenarios = await signScenarios(server.origin, opts.connections, setup);
        const cycles: LoadRequest[][] = Array.from({ length: opts.connections }, (_, i) =>
          scenarios.flatMap(({ workload }) => (Array.isArray(workload) ? workload[i % workload.length]! : [workload])),
        );
        const result = await runLoad(server.origin, cycles, {
          connections: opts.connections,
          durationMs: 120_000,
          maxRequests: target - done,
        });
        done += result.requests;
        requests += result.requests;
        errors += result.errors;
      }
      const perSecond = requests / ((performance.now() - started) / 1000);
      const loaded = await memoryOf(server.origin);
      // A full collection first (bench/gc-on-signal.mjs): the settled reading is what the requests left behind, not
      // how much garbage the last ones had made before the collector's next run.
      server.signal?.('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const settled = await memoryOf(server.origin);
      points.push({
        requests: done,
        ...settled,
        loadedRssMB: loaded.rssMB,
        loadedHeapUsedMB: loaded.heapUsedMB,
        perSecond,
        errors,
      });
    }
    return points;
  } finally {
    await server.stop();
  }
}
