// Sampled requests as GetSampledRequests returns them: per web ACL and metric name, a bounded in-memory ring on this node.
import type { SampledHTTPRequest } from '../../aws/generated/wafv2.js';

/** Samples kept per web ACL and metric name: AWS's MaxItems ceiling. */
export const SAMPLES_PER_METRIC = 500;
/** AWS answers for the previous three hours only. */
export const SAMPLE_HORIZON_MS = 3 * 60 * 60 * 1000;
/** Web ACL and metric pairs kept per process; past it the least recently written pair is forgotten. */
export const MAX_METRICS = 10_000;
/**
 * Memory the samples may take per process, estimated per sample (sampleBytes). A sample can be large (200 headers of
 * up to 4,096 characters), so counting samples alone would not bound it: past this the least recently written
 * metric's samples are forgotten first, then the oldest samples of the metric being written.
 */
export const DEFAULT_MAX_SAMPLE_BYTES = 64 * 1024 * 1024;
/** An object's or a string's own cost besides its characters (an estimate, on the high side). */
const OBJECT_BYTES = 64;
/** One minute's count in a metric's population map. */
const MINUTE_ENTRY_BYTES = 48;

const MINUTE = 60_000;

export interface Sample {
  readonly at: number;
  readonly sampled: Omit<SampledHTTPRequest, 'Timestamp' | 'Weight'>;
}

function chars(s: string | undefined): number {
  return s === undefined ? 0 : 2 * s.length + OBJECT_BYTES;
}

/** What one sample holds at most: two bytes a character of each string, and each object's own cost. */
export function sampleBytes(sample: Sample): number {
  const s = sample.sampled;
  const r = s.Request as Partial<(typeof s)['Request']> | undefined;
  let n = OBJECT_BYTES * 3 + chars(s.Action) + chars(s.RuleNameWithinRuleGroup) + chars(s.OverriddenAction);
  n += chars(r?.ClientIP) + chars(r?.Country) + chars(r?.URI) + chars(r?.Method) + chars(r?.HTTPVersion);
  for (const h of r?.Headers ?? []) n += OBJECT_BYTES + chars(h.Name) + chars(h.Value);
  for (const l of s.Labels ?? []) n += OBJECT_BYTES + chars(l.Name);
  for (const h of s.RequestHeadersInserted ?? []) n += OBJECT_BYTES + chars(h.Name) + chars(h.Value);
  return n;
}

/** One metric's recent samples (oldest first), and how many requests it saw per minute (the population) over the horizon. */
class MetricSamples {
  readonly ring: { readonly sample: Sample; readonly bytes: number }[] = [];
  /** The estimated bytes of the metric: its key, its samples and its per-minute counts. */
  bytes: number;
  readonly perMinute = new Map<number, number>();
  /** The minute of the previous add: the horizon (a whole number of minutes) moves only when the minute does. */
  private lastMinute = Number.NaN;

  constructor(key: string) {
    this.bytes = chars(key) + 4 * OBJECT_BYTES;
  }

  /** Adds a sample; answers how many bytes the metric's samples grew (or shrank) by. */
  add(sample: Sample, bytes: number): number {
    const before = this.bytes;
    this.ring.push({ sample, bytes });
    this.bytes += bytes;
    if (this.ring.length > SAMPLES_PER_METRIC) this.dropOldest();
    this.countMinute(sample);
    return this.bytes - before;
  }

  /** Forgets the oldest sample held (its minute stays counted in the population); answers the bytes freed. */
  dropOldest(): number {
    const oldest = this.ring.shift();
    if (!oldest) return 0;
    this.bytes -= oldest.bytes;
    return oldest.bytes;
  }

  private countMinute(sample: Sample): void {
    const minute = Math.floor(sample.at / MINUTE);
    const seen = this.perMinute.get(minute);
    if (seen === undefined) this.bytes += MINUTE_ENTRY_BYTES;
    this.perMinute.set(minute, (seen ?? 0) + 1);
    if (minute === this.lastMinute) return;
    this.lastMinute = minute;
    const oldest = minute - SAMPLE_HORIZON_MS / MINUTE;
    for (const m of this.perMinute.keys())
      if (m < oldest) {
        this.perMinute.delete(m);
        this.bytes -= MINUTE_ENTRY_BYTES;
      }
  }

  /** Requests seen in [start, end]: whole minutes inside it from the counters, the edges from the ring. */
  population(start: number, end: number): number {
    let n = 0;
    for (const [m, count] of this.perMinute) if (m * MINUTE >= start && (m + 1) * MINUTE - 1 <= end) n += count;
    for (const { sample: s } of this.ring) {
      const m = Math.floor(s.at / MINUTE);
      const whole = m * MINUTE >= start && (m + 1) * MINUTE - 1 <= end;
      if (!whole && s.at >= start && s.at <= end) n++;
    }
    return n;
  }
}

export class SampleStore {
  private readonly metrics = new Map<string, MetricSamples>();
  private heldBytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_SAMPLE_BYTES) {}

  /** The estimated memory the samples take (for tests and metrics). */
  get bytes(): number {
    return this.heldBytes;
  }

  private static key(webAclArn: string, metric: string): string {
    return `${webAclArn}\u0000${metric}`;
  }

  add(webAclArn: string, metric: string, sample: Sample): void {
    const key = SampleStore.key(webAclArn, metric);
    let m = this.metrics.get(key);
    if (m) this.metrics.delete(key);
    else {
      m = new MetricSamples(key);
      if (this.metrics.size >= MAX_METRICS) this.forgetLeastRecent();
      this.heldBytes += m.bytes;
    }
    // Re-inserted last: the Map's order is least recently written first.
    this.metrics.set(key, m);
    this.heldBytes += m.add(sample, sampleBytes(sample));
    // Over the byte budget: other metrics' samples go first, least recently written first; then this one's oldest.
    while (this.heldBytes > this.maxBytes && this.metrics.size > 1) this.forgetLeastRecent();
    while (this.heldBytes > this.maxBytes && m.ring.length > 1) this.heldBytes -= m.dropOldest();
  }

  private forgetLeastRecent(): void {
    const key = this.metrics.keys().next().value!;
    this.heldBytes -= this.metrics.get(key)!.bytes;
    this.metrics.delete(key);
  }

  /** Up to maxItems samples in [start, end], evenly spread over those kept, oldest first, and the population. */
  query(
    webAclArn: string,
    metric: string,
    start: number,
    end: number,
    maxItems: number,
  ): { samples: Sample[]; population: number } {
    const m = this.metrics.get(SampleStore.key(webAclArn, metric));
    if (!m) return { samples: [], population: 0 };
    const inWindow = m.ring.map((r) => r.sample).filter((s) => s.at >= start && s.at <= end);
    return { samples: spreadEvenly(inWindow, maxItems), population: m.population(start, end) };
  }
}

/** Up to maxItems of `samples`, oldest first, evenly spread over them (sorts `samples` in place). */
export function spreadEvenly(samples: Sample[], maxItems: number): Sample[] {
  samples.sort((a, b) => a.at - b.at);
  if (samples.length <= maxItems) return samples;
  const step = samples.length / maxItems;
  return Array.from({ length: maxItems }, (_, i) => samples[Math.floor(i * step)]!);
}
