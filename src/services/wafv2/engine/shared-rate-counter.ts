// A rate counter several nodes share: counts locally at once, exchanges deltas with a shared store (Redis) in the background.
import { createHash } from 'node:crypto';
import type { SharedCounters } from '../../../store/redis.js';
import { heldKeyId, MemoryRateCounter, type RateCounter } from './rate-limit.js';

/** Each window is split into this many buckets in the shared store: the shared count is exact to one bucket. */
export const SHARED_BUCKETS = 12;
/** Keys exchanged at once; past it the least recently inserted key stops being shared (it still counts locally). */
export const DEFAULT_MAX_SHARED_KEYS = 10_000;
/** How often deltas go out and totals come back. AWS documents its own rate counts as approximate and delayed. */
export const DEFAULT_EXCHANGE_MS = 1_000;

interface Tracked {
  /** The shared store's key (a digest: a fixed length however long the aggregation key). */
  readonly storeKey: string;
  readonly bucketMs: number;
  /** Counts not yet sent, by absolute bucket number. */
  pending: Map<number, number>;
  /** Counts sent in the exchange under way: in neither `pending` nor `shared` until its reply. */
  inflight: Map<number, number>;
  /** Every node's counts as of the last reply, ours included, by bucket. */
  shared: Map<number, number>;
  lastSeenMs: number;
}

export interface SharedRateCounterOptions {
  readonly maxSharedKeys?: number;
  /** The counter evaluation falls back on while the store is unreachable (and checks against always). */
  readonly local?: MemoryRateCounter;
}

function sumWindow(buckets: Map<number, number>, newest: number): number {
  let n = 0;
  for (const [b, count] of buckets) if (b > newest - SHARED_BUCKETS && b <= newest) n += count;
  return n;
}

/**
 * increment() stays synchronous: it answers from the last totals read back plus what this node counted since, and
 * never less than its own local count. While the store is unreachable the local count alone decides, as on one node.
 */
export class SharedRateCounter implements RateCounter {
  private readonly local: MemoryRateCounter;
  private readonly maxSharedKeys: number;
  private readonly tracked = new Map<string, Tracked>();
  /** Whether the last exchange succeeded: only then do shared totals count. */
  private sharing = false;
  private exchanging: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: SharedCounters,
    options: SharedRateCounterOptions = {},
  ) {
    this.local = options.local ?? new MemoryRateCounter();
    this.maxSharedKeys = options.maxSharedKeys ?? DEFAULT_MAX_SHARED_KEYS;
  }

  increment(key: string, windowSec: number, nowMs: number): number {
    const own = this.local.increment(key, windowSec, nowMs);
    const id = heldKeyId(key, windowSec);
    let t = this.tracked.get(id);
    if (!t) {
      if (this.tracked.size >= this.maxSharedKeys) this.tracked.delete(this.tracked.keys().next().value!);
      t = {
        storeKey: `rate:${createHash('sha256').update(id).digest('base64url')}`,
        bucketMs: (windowSec * 1000) / SHARED_BUCKETS,
        pending: new Map(),
        inflight: new Map(),
        shared: new Map(),
        lastSeenMs: nowMs,
      };
      this.tracked.set(id, t);
    }
    t.lastSeenMs = nowMs;
    const bucket = Math.floor(nowMs / t.bucketMs);
    t.pending.set(bucket, (t.pending.get(bucket) ?? 0) + 1);
    if (!this.sharing) return own;
    return Math.max(own, sumWindow(t.shared, bucket) + sumWindow(t.inflight, bucket) + sumWindow(t.pending, bucket));
  }

  /** Whether shared totals are in use now (false before the first exchange and while the store is unreachable). */
  get isSharing(): boolean {
    return this.sharing;
  }

  /** Keys being shared (for tests). */
  get size(): number {
    return this.tracked.size;
  }

  /** Sends what was counted since the last exchange and reads every tracked key's totals back. Never rejects. */
  exchange(nowMs = Date.now()): Promise<void> {
    this.exchanging ??= this.exchangeOnce(nowMs).finally(() => {
      this.exchanging = undefined;
    });
    return this.exchanging;
  }

  /** Exchanges every `intervalMs` until stop(); the timer does not keep the process alive. */
  start(intervalMs = DEFAULT_EXCHANGE_MS): void {
    this.timer ??= setInterval(() => void this.exchange(), intervalMs);
    this.timer.unref();
  }

  /** Stops exchanging, sends what is pending one last time when the store is reachable, and closes it. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.exchange();
    await this.store.close();
  }

  private async exchangeOnce(nowMs: number): Promise<void> {
    const adds: { key: string; delta: number; ttlMs: number }[] = [];
    const reads: string[] = [];
    const readers: { t: Tracked; newest: number }[] = [];
    for (const [id, t] of this.tracked) {
      const newest = Math.floor(nowMs / t.bucketMs);
      const oldest = newest - SHARED_BUCKETS + 1;
      for (const b of t.pending.keys()) if (b < oldest) t.pending.delete(b);
      for (const b of t.shared.keys()) if (b < oldest) t.shared.delete(b);
      // A key idle for its whole window has nothing left to share or read.
      if (t.pending.size === 0 && nowMs - t.lastSeenMs > t.bucketMs * SHARED_BUCKETS) {
        this.tracked.delete(id);
        continue;
      }
      if (!this.store.ready) continue;
      // A bucket lives a window and one bucket past its start: long enough for every reader of it.
      const ttlMs = Math.ceil(t.bucketMs * (SHARED_BUCKETS + 1));
      for (const [b, delta] of t.pending) adds.push({ key: `${t.storeKey}:${b}`, delta, ttlMs });
      t.inflight = t.pending;
      t.pending = new Map();
      for (let b = oldest; b <= newest; b++) reads.push(`${t.storeKey}:${b}`);
      readers.push({ t, newest });
    }
    if (!this.store.ready) {
      this.sharing = false;
      return;
    }
    try {
      const values = await this.store.exchange(adds, reads);
      let i = 0;
      for (const { t, newest } of readers) {
        const shared = new Map<number, number>();
        for (let b = newest - SHARED_BUCKETS + 1; b <= newest; b++) {
          const v = values[i++] ?? 0;
          if (v > 0) shared.set(b, v);
        }
        t.shared = shared;
      }
      this.sharing = true;
    } catch {
      // Loss-tolerant: the counts in flight are dropped rather than risk adding them twice; the local count decides
      // until an exchange succeeds again. The store reports the outage (once) itself.
      this.sharing = false;
    } finally {
      for (const { t } of readers) t.inflight = new Map();
    }
  }
}
