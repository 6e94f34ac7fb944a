// Loss-tolerant counters several Warden nodes share in Redis (--redis-url): expiring INCRBY keys, exchanged off the request path.
import { createClient } from 'redis';

/** One count to add to a shared key, which then expires `ttlMs` after its last add. */
export interface CounterAdd {
  readonly key: string;
  readonly delta: number;
  readonly ttlMs: number;
}

/** Counters shared through one store. Every call may fail: callers count locally meanwhile, never wait on it. */
export interface SharedCounters {
  /** Whether the store is reachable now; while it is not, exchange() rejects at once rather than queue. */
  readonly ready: boolean;
  /** Adds each delta, then reads each key in `reads` (0 when absent), in one round trip; adds apply before reads. */
  exchange(adds: readonly CounterAdd[], reads: readonly string[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface RedisCountersOptions {
  /** Prefixes every key: nodes sharing counts use the same one; tests use one of their own. */
  readonly prefix: string;
  /** Called when Redis becomes unreachable (once per outage, not per retry) and when it is reachable again. */
  readonly onUnavailable: (err: unknown) => void;
  readonly onAvailable?: () => void;
}

/** Keys one MGET reads: a bounded reply however many keys are tracked. */
const MGET_CHUNK = 1_000;
/** Reconnect after 100 ms, doubling to at most 5 s: an outage costs a retry every few seconds, not a loop. */
const reconnectDelay = (retries: number) => Math.min(100 * 2 ** Math.min(retries, 10), 5_000);

/**
 * Connects in the background and keeps reconnecting; nothing here throws to the caller or blocks a request. The URL
 * may carry a password: it is never logged (the errors node-redis raises name the host and port only).
 */
export function redisCounters(url: string, options: RedisCountersOptions): SharedCounters {
  const client = createClient({
    url,
    // A command issued while disconnected fails at once instead of queueing without bound.
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: reconnectDelay },
  });
  let down = false;
  // Without an 'error' listener an unreachable Redis would crash the process.
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    options.onUnavailable(err);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    options.onAvailable?.();
  });
  let closed = false;
  // Settles once connected; a first failure is reported through 'error' and retried by the reconnect strategy.
  client.connect().catch((err: unknown) => {
    if (!closed && !down) {
      down = true;
      options.onUnavailable(err);
    }
  });
  const prefixed = (key: string) => `${options.prefix}${key}`;
  return {
    get ready() {
      return client.isReady;
    },
    async exchange(adds, reads) {
      if (!client.isReady) throw new Error('Redis is not connected');
      // Issued in one tick: node-redis pipelines them on the one connection, in order.
      const writes: Promise<unknown>[] = [];
      for (const a of adds) {
        writes.push(client.incrBy(prefixed(a.key), a.delta), client.pExpire(prefixed(a.key), a.ttlMs));
      }
      const chunks: Promise<(string | null)[]>[] = [];
      for (let i = 0; i < reads.length; i += MGET_CHUNK)
        chunks.push(client.mGet(reads.slice(i, i + MGET_CHUNK).map(prefixed)));
      await Promise.all(writes);
      const values = (await Promise.all(chunks)).flat();
      return values.map((v) => {
        const n = v === null ? 0 : Number(v);
        return Number.isSafeInteger(n) && n > 0 ? n : 0;
      });
    },
    async close() {
      closed = true;
      if (client.isOpen) {
        await client.close().catch(() => client.destroy());
      } else {
        // Still trying to connect: stop the retries.
        client.destroy();
      }
    },
  };
}
