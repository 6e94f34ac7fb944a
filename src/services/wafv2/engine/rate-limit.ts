// Counters for rate-based rules behind an interface; the in-memory one keeps a sliding window of per-slice buckets.
import { createHash } from 'node:crypto';

/** A store of request counts per aggregation key. Synchronous: evaluation never waits on I/O. */
export interface RateCounter {
  /** Records one request for `key` at `nowMs` and answers how many it has seen in the last `windowSec` seconds. */
  increment(key: string, windowSec: number, nowMs: number): number;
}

/** Each window is split into this many slices; the count is exact to within one slice's length. */
const SLICES = 60;
/**
 * Keys carry request values (headers, query, path): one longer than this is held as its SHA-256, so the memory a key
 * takes is bounded however long the values a client sends.
 */
export const MAX_HELD_KEY_CHARS = 512;

interface Window {
  readonly sliceMs: number;
  readonly buckets: Uint32Array;
  /** The absolute slice number of the newest bucket written. */
  head: number;
  total: number;
}

export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, Window>();
  private operations = 0;

  /** `maxKeys` bounds memory under a flood of distinct keys: beyond it the least recently inserted key is dropped. */
  constructor(private readonly maxKeys = 500_000) {}

  increment(key: string, windowSec: number, nowMs: number): number {
    const sliceMs = (windowSec * 1000) / SLICES;
    const slice = Math.floor(nowMs / sliceMs);
    // '|' and '#' keep a held key and a hashed one apart.
    const id =
      key.length > MAX_HELD_KEY_CHARS
        ? `${windowSec}#${createHash('sha256').update(key).digest('base64')}`
        : `${windowSec}|${key}`;
    let w = this.windows.get(id);
    if (!w) {
      if (this.windows.size >= this.maxKeys) this.evictOne();
      w = { sliceMs, buckets: new Uint32Array(SLICES), head: slice, total: 0 };
      this.windows.set(id, w);
    }
    this.advance(w, slice);
    w.buckets[slice % SLICES]! += 1;
    w.total += 1;
    if (++this.operations % 10_000 === 0) this.sweep(nowMs);
    return w.total;
  }

  /** How many keys are held (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private advance(w: Window, slice: number): void {
    if (slice <= w.head) return;
    const steps = Math.min(slice - w.head, SLICES);
    for (let s = 1; s <= steps; s++) {
      const i = (w.head + s) % SLICES;
      w.total -= w.buckets[i]!;
      w.buckets[i] = 0;
    }
    w.head = slice;
  }

  private evictOne(): void {
    const oldest = this.windows.keys().next();
    if (!oldest.done) this.windows.delete(oldest.value);
  }

  /** Drops keys whose whole window has passed, so idle sources do not hold memory. */
  private sweep(nowMs: number): void {
    for (const [id, w] of this.windows) {
      if (Math.floor(nowMs / w.sliceMs) - w.head >= SLICES) this.windows.delete(id);
    }
  }
}
