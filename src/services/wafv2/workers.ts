// WAF in data-plane worker processes: the serving process's epoch moves mirrored, rate counts added up through it, samples gathered from each.
import type { Runtime, TrafficWorkerHooks, WorkerLink } from '../../core/runtime.js';
import type { CounterAdd, SharedCounters } from '../../store/redis.js';
import { wafEpochCache, type EpochEvent } from './epoch.js';
import { attachWafMetrics } from './metrics.js';
import { shareRateCountsThrough } from './rate-counters.js';
import { spreadEvenly, type Sample } from './samples.js';
import { tokenKeys } from './tokens/keys.js';
import { visibilityOf } from './visibility.js';

/** How long a WAF write waits for the workers to drop the epoch it moved before it answers anyway. */
export const EPOCH_CONFIRM_MS = 2_000;

export interface SampleQuery {
  readonly webAclArn: string;
  readonly metric: string;
  readonly start: number;
  readonly end: number;
  readonly maxItems: number;
}

type Message =
  /** worker → serving process, once: whether the serving process's epoch cache is trusted now. */
  | { readonly t: 'hello' }
  /** serving process → workers: what its epoch cache was told. */
  | { readonly t: 'epoch'; readonly event: EpochEvent }
  /** worker → serving process: rate-based counts, as SharedCounters.exchange. */
  | { readonly t: 'counters'; readonly adds: readonly CounterAdd[]; readonly reads: readonly string[] }
  /** serving process → workers: GetSampledRequests. */
  | ({ readonly t: 'samples' } & SampleQuery);

/** Per serving Runtime with workers: the link GetSampledRequests gathers through. */
const links = new WeakMap<Runtime, WorkerLink>();

/**
 * Every worker's counts in the serving process's memory, as Redis would hold them (INCRBY with a TTL per key): the
 * counts are the workers' own, so nothing here is unbounded beyond what they track (10,000 keys each, 13 buckets).
 */
export class ProcessCounters implements SharedCounters {
  readonly ready = true;
  private readonly values = new Map<string, { n: number; expiresAt: number }>();
  private sweptAt = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  async exchange(adds: readonly CounterAdd[], reads: readonly string[]): Promise<number[]> {
    const now = this.clock();
    if (now - this.sweptAt > 10_000) {
      this.sweptAt = now;
      for (const [k, v] of this.values) if (v.expiresAt <= now) this.values.delete(k);
    }
    for (const a of adds) {
      const held = this.values.get(a.key);
      const n = (held && held.expiresAt > now ? held.n : 0) + a.delta;
      this.values.set(a.key, { n, expiresAt: now + a.ttlMs });
    }
    return reads.map((k) => {
      const held = this.values.get(k);
      return held && held.expiresAt > now ? held.n : 0;
    });
  }

  get size(): number {
    return this.values.size;
  }

  async close(): Promise<void> {}
}

/** The counters a worker exchanges with the serving process (a failed exchange: counted locally meanwhile). */
function countersThrough(link: WorkerLink): SharedCounters {
  return {
    ready: true,
    exchange: async (adds, reads) => (await link.ask({ t: 'counters', adds, reads } satisfies Message))[0] as number[],
    close: async () => undefined,
  };
}

function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    promise.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

export const wafWorkerHooks: TrafficWorkerHooks = {
  async supervise(runtime, link) {
    // The token key is created here, once: workers only read it.
    await tokenKeys(runtime);
    const cache = wafEpochCache(runtime.store);
    const counters = new ProcessCounters();
    const unfollow = cache.follow((event) =>
      within(link.ask({ t: 'epoch', event } satisfies Message), EPOCH_CONFIRM_MS),
    );
    links.set(runtime, link);
    return {
      answer(message) {
        const m = message as Message;
        if (m.t === 'hello') return { trusted: cache.trusted };
        if (m.t === 'counters') return counters.exchange(m.adds, m.reads);
        throw new Error(`unexpected WAF message ${String(m.t)}`);
      },
      stop() {
        unfollow();
        links.delete(runtime);
      },
    };
  },

  async work(runtime, link, registry) {
    const cache = wafEpochCache(runtime.store);
    // The serving process hears of every write (its own, and on PostgreSQL other nodes'); this cache follows it.
    const [hello] = (await link.ask({ t: 'hello' } satisfies Message)) as [{ trusted: boolean }];
    cache.setTrusted(hello.trusted);
    attachWafMetrics(runtime, registry);
    if (runtime.config.redisUrl === undefined) shareRateCountsThrough(runtime, countersThrough(link));
    return {
      answer(message) {
        const m = message as Message;
        if (m.t === 'epoch') return void cache.apply(m.event);
        if (m.t === 'samples')
          return visibilityOf(runtime).samples.query(m.webAclArn, m.metric, m.start, m.end, m.maxItems);
        throw new Error(`unexpected WAF message ${String(m.t)}`);
      },
    };
  },
};

/** This process's samples for the query and, with data-plane workers, theirs: spread evenly over all of them. */
export async function gatherSamples(
  runtime: Runtime,
  q: SampleQuery,
): Promise<{ samples: Sample[]; population: number }> {
  const own = visibilityOf(runtime).samples.query(q.webAclArn, q.metric, q.start, q.end, q.maxItems);
  const link = links.get(runtime);
  if (!link) return own;
  const theirs = (await link.ask({ t: 'samples', ...q } satisfies Message)) as {
    samples: Sample[];
    population: number;
  }[];
  let population = own.population;
  const all = [...own.samples];
  for (const t of theirs) {
    population += t.population;
    all.push(...t.samples);
  }
  return { samples: spreadEvenly(all, q.maxItems), population };
}
