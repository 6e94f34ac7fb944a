// Which counter a server's rate-based rules count in: the process's memory, or Redis shared with other nodes (--redis-url).
import type { Runtime } from '../../core/runtime.js';
import { redisCounters, type SharedCounters } from '../../store/redis.js';
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
  const counter = shared.get(runtime);
  if (counter) return counter;
  const url = runtime.config.redisUrl;
  if (url === undefined) return processCounter;
  const store = redisCounters(url, {
    prefix: REDIS_PREFIX,
    onUnavailable: (err) =>
      runtime.log.warn({ err }, 'Redis is unreachable: WAF rate-based rules count on this node alone until it is back'),
    onAvailable: () => runtime.log.info('Redis is reachable again: WAF rate-based counts are shared'),
  });
  return shareRateCountsThrough(runtime, store);
}

/**
 * Counts this server's rate-based rules through `counters` (a data-plane worker without Redis: the serving process
 * adds up every worker's counts, as Redis does for nodes).
 */
export function shareRateCountsThrough(runtime: Runtime, counters: SharedCounters): SharedRateCounter {
  const counter = new SharedRateCounter(counters);
  counter.start();
  shared.set(runtime, counter);
  return counter;
}

/** Stops exchanging and closes the Redis connection (the server's close path). */
export async function stopRateCounter(runtime: Runtime): Promise<void> {
  const counter = shared.get(runtime);
  if (!counter) return;
  shared.delete(runtime);
  await counter.stop();
}
