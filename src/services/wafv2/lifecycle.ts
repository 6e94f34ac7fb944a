// What WAF runs beside the API: the shared rate counter's Redis connection and the log writer, both settled at shutdown.
import type { RunningService, Runtime } from '../../core/runtime.js';
import { rateCounterFor, stopRateCounter } from './rate-counters.js';
import { visibilityOf } from './visibility.js';

/**
 * The wafv2 descriptor's `start`. The server stops it after ELBv2's listeners (services stop in reverse order of the
 * registry), so no request is being decided while it closes.
 */
export async function startWaf(runtime: Runtime): Promise<RunningService> {
  // With --redis-url, connect now rather than on the first request; without, this is the process's memory counter.
  rateCounterFor(runtime);
  return {
    async stop() {
      await stopRateCounter(runtime);
      // Records still queued are written before the store closes and the process exits.
      await visibilityOf(runtime).writer.close();
    },
  };
}
