// Which counter a server's rate-based rules count in: the process's memory, or Redis shared with other nodes (--redis-url).
import type { Runtime } from '../../core/runtime.js';
import { redisCounters } from '../../store/redis.js';
import { MemoryRateCounter, type RateCounter } from './engine/index.js';
import { SharedRateCounter } from './engine/shared-rate-counter.js';

/** The key prefix every node of one deployment shares in Redis. */
export const REDIS_PREFIX = 'warden:waf:';

/** Without Redis, rate-based rules count across every web ACL of the process; keys start with the web ACL ARN and rule name. */
const processCounter = new MemoryRateCounter();

/** Per Runtime: each server with --redis-url holds its own connection. */
const shared = new WeakMap<Runtime, SharedRateCounter>();

/** The counter this server's rate-based rules use; the shared one connects on first use and exchanges every second. */
export function rateCounterFor(runtime: Runtime): RateCounter {
  const url = runtime.config.redisUrl;
  if (url === undefined) return processCounter;
  let counter = shared.get(runtime);
  if (!counter) {
    const store = redisCounters(url, {
      prefix: REDIS_PREFIX,
      onUnavailable: (err) =>
        runtime.log.warn(
          { err },
          'Redis is unreachable: WAF rate-based rules count on this node alone until it is back',
        ),
      onAvailable: () => runtime.log.info('Redis is reachable again: WAF rate-based counts are shared'),
    });
    counter = new SharedRateCounter(store);
    counter.start();
    shared.set(runtime, counter);
  }
  return counter;
}

/** Stops exchanging and closes the Redis connection (the server's close path). */
export async function stopRateCounter(runtime: Runtime): Promise<void> {
  const counter = shared.get(runtime);
  if (!counter) return;
  shared.delete(runtime);
  await counter.stop();
}
