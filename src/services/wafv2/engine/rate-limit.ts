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
/** Memory the counter's keys may take, estimated per key (see entryBytes); past it the oldest keys are dropped. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** A Map entry, the window object and its typed array's header, beyond the key's characters and the buckets. */
const ENTRY_OVERHEAD_BYTES = 160;

/**
 * The id a key is held under for one window length: the key itself, or its SHA-256 when longer than
 * MAX_HELD_KEY_CHARS ('|' and '#' keep a held key and a hashed one apart).
 */
export function heldKeyId(key: string, windowSec: number): string {
  return key.length > MAX_HELD_KEY_CHARS
    ? `${windowSec}#${createHash('sha256').update(key).digest('base64')}`
    : `${windowSec}|${key}`;
}

/** What one held key costs at most: two bytes a character (JavaScript strings), its buckets, and the overhead. */
function entryBytes(id: string): number {
  return 2 * id.length + SLICES * Uint32Array.BYTES_PER_ELEMENT + ENTRY_OVERHEAD_BYTES;
}

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
  private heldBytes = 0;

  /**
   * `maxKeys` and `maxBytes` bound memory under a flood of distinct keys: beyond either the least recently inserted
   * keys are dropped. Bytes are estimated from the held id's length (capped by MAX_HELD_KEY_CHARS) and the buckets.
   */
  constructor(
    private readonly maxKeys = 500_000,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  increment(key: string, windowSec: number, nowMs: number): number {
    const sliceMs = (windowSec * 1000) / SLICES;
    const slice = Math.floor(nowMs / sliceMs);
    const id = heldKeyId(key, windowSec);
    let w = this.windows.get(id);
    if (!w) {
      const bytes = entryBytes(id);
      while (this.windows.size > 0 && (this.windows.size >= this.maxKeys || this.heldBytes + bytes > this.maxBytes))
        this.evictOne();
      w = { sliceMs, buckets: new Uint32Array(SLICES), head: slice, total: 0 };
      this.windows.set(id, w);
      this.heldBytes += bytes;
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

  /** The estimated memory the held keys take (for tests and metrics). */
  get bytes(): number {
    return this.heldBytes;
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
    if (!oldest.done) this.forget(oldest.value);
  }

  private forget(id: string): void {
    if (this.windows.delete(id)) this.heldBytes -= entryBytes(id);
  }

  /** Drops keys whose whole window has passed, so idle sources do not hold memory. */
  private sweep(nowMs: number): void {
    for (const [id, w] of this.windows) {
      if (Math.floor(nowMs / w.sliceMs) - w.head >= SLICES) this.forget(id);
    }
  }
}
