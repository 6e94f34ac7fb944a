// Sampled requests as GetSampledRequests returns them: per web ACL and metric name, a bounded in-memory ring on this node.
import type { SampledHTTPRequest } from '../../aws/generated/wafv2.js';

/** Samples kept per web ACL and metric name: AWS's MaxItems ceiling. */
export const SAMPLES_PER_METRIC = 500;
/** AWS answers for the previous three hours only. */
export const SAMPLE_HORIZON_MS = 3 * 60 * 60 * 1000;
/** Web ACL and metric pairs kept per process; past it the least recently written pair is forgotten. */
export const MAX_METRICS = 10_000;

const MINUTE = 60_000;

export interface Sample {
  readonly at: number;
  readonly sampled: Omit<SampledHTTPRequest, 'Timestamp' | 'Weight'>;
}

/** One metric's ring of recent samples, and how many requests it saw per minute (the population) over the horizon. */
class MetricSamples {
  readonly ring: Sample[] = [];
  private next = 0;
  readonly perMinute = new Map<number, number>();
  /** The minute of the previous add: the horizon (a whole number of minutes) moves only when the minute does. */
  private lastMinute = Number.NaN;

  add(sample: Sample): void {
    if (this.ring.length < SAMPLES_PER_METRIC) this.ring.push(sample);
    else this.ring[this.next] = sample;
    this.next = (this.next + 1) % SAMPLES_PER_METRIC;
    const minute = Math.floor(sample.at / MINUTE);
    this.perMinute.set(minute, (this.perMinute.get(minute) ?? 0) + 1);
    if (minute === this.lastMinute) return;
    this.lastMinute = minute;
    const oldest = minute - SAMPLE_HORIZON_MS / MINUTE;
    for (const m of this.perMinute.keys()) if (m < oldest) this.perMinute.delete(m);
  }

  /** Requests seen in [start, end]: whole minutes inside it from the counters, the edges from the ring. */
  population(start: number, end: number): number {
    let n = 0;
    for (const [m, count] of this.perMinute) if (m * MINUTE >= start && (m + 1) * MINUTE - 1 <= end) n += count;
    for (const s of this.ring) {
      const m = Math.floor(s.at / MINUTE);
      const whole = m * MINUTE >= start && (m + 1) * MINUTE - 1 <= end;
      if (!whole && s.at >= start && s.at <= end) n++;
    }
    return n;
  }
}

export class SampleStore {
  private readonly metrics = new Map<string, MetricSamples>();

  private static key(webAclArn: string, metric: string): string {
    return `${webAclArn}\u0000${metric}`;
  }

  add(webAclArn: string, metric: string, sample: Sample): void {
    const key = SampleStore.key(webAclArn, metric);
    let m = this.metrics.get(key);
    if (m) this.metrics.delete(key);
    else {
      m = new MetricSamples();
      if (this.metrics.size >= MAX_METRICS) this.metrics.delete(this.metrics.keys().next().value!);
    }
    // Re-inserted last: the Map's order is least recently written first.
    this.metrics.set(key, m);
    m.add(sample);
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
    const inWindow = m.ring.filter((s) => s.at >= start && s.at <= end).sort((a, b) => a.at - b.at);
    let samples = inWindow;
    if (inWindow.length > maxItems) {
      const step = inWindow.length / maxItems;
      samples = Array.from({ length: maxItems }, (_, i) => inWindow[Math.floor(i * step)]!);
    }
    return { samples, population: m.population(start, end) };
  }
}
