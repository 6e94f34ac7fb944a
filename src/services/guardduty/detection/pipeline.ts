// Live detection: committed audit records queue here (bounded) and one worker analyses them in order for their detector.
import { performance } from 'node:perf_hooks';
import type { Finding } from '../../../aws/generated/guardduty.js';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { Runtime, RunningService, TrailObserver } from '../../../core/runtime.js';
import type { DetectorRef } from '../detectors.js';
import { analyseBatch, type BatchItem, type DetectionHost } from './analyse.js';
import { TRAIL_DETECTIONS } from './catalogue.js';
import { DetectorCache } from './detector-lookup.js';
import type { TrailDetection } from './types.js';

/**
 * Records waiting for analysis at most. Findings are derived data: when detection falls this far behind, newer
 * records are dropped (counted, warned about) rather than letting memory grow or slowing the API that wrote them.
 */
export const QUEUE_CAPACITY = 100_000;
/**
 * Records analysed in one transaction, between yields to the event loop: a burst costs a commit per batch rather
 * than several per record, while a batch stays short enough not to hold up the API's own writes for long (on
 * SQLite a transaction holds the one connection).
 */
const BATCH = 64;
/** At most one warning a minute about dropped records (the count since the last one). */
const WARN_EVERY_MS = 60_000;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z0-9-]{1,32}$/;

/** Operations whose success changes which detector analyses an account's records. */
const DETECTOR_CHANGES = new Set(['CreateDetector', 'UpdateDetector', 'DeleteDetector']);

function changesDetector(record: Readonly<CloudTrailRecord>): boolean {
  return (
    record.eventSource === 'guardduty.amazonaws.com' &&
    DETECTOR_CHANGES.has(record.eventName) &&
    record.errorCode === undefined
  );
}

/** What the pipeline has done since it started: logs and the bench read it. */
export interface PipelineStats {
  /** Records handed to it. */
  received: number;
  /** Records analysed for a detector. */
  analysed: number;
  /** Records with no detector to analyse them (none in that account and Region, disabled, or CloudTrail off). */
  unmonitored: number;
  /** Records dropped because the queue was full. */
  dropped: number;
  /** Findings recorded (new ones and repeats). */
  findings: number;
  /** Detections that threw, and records whose analysis failed (the store unavailable). */
  failures: number;
  /** Findings not recorded because their address is on a trusted IP list. */
  trusted: number;
}

interface Queued {
  record: Readonly<CloudTrailRecord>;
  /** performance.now() when it was queued. */
  queuedAt: number;
}

export interface PipelineOptions {
  capacity?: number;
  detections?: readonly TrailDetection[];
  /** Called with each record's findings once recorded, and when it was queued (the bench's latency). */
  onFindings?: (findings: readonly Finding[], queuedAt: number) => void;
}

/** A bounded FIFO of records and the one worker that drains it. */
export class TrailPipeline {
  readonly stats: PipelineStats = {
    received: 0,
    analysed: 0,
    unmonitored: 0,
    dropped: 0,
    findings: 0,
    failures: 0,
    trusted: 0,
  };
  private readonly queue: Queued[] = [];
  private head = 0;
  private readonly capacity: number;
  private readonly detections: readonly TrailDetection[];
  private stopped = false;
  private busy = false;
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  private worker: Promise<void> | undefined;
  private droppedSinceWarning = 0;
  private lastWarning = -Infinity;
  private lastFailureLog = -Infinity;

  constructor(
    private readonly host: DetectionHost,
    private readonly detectors: DetectorCache,
    private readonly options: PipelineOptions = {},
  ) {
    this.capacity = options.capacity ?? QUEUE_CAPACITY;
    this.detections = options.detections ?? TRAIL_DETECTIONS;
  }

  get size(): number {
    return this.queue.length - this.head;
  }

  /** Queues a record; never throws, never waits. A full queue drops it. */
  enqueue(record: Readonly<CloudTrailRecord>): void {
    if (this.stopped) return;
    this.stats.received++;
    if (this.size >= this.capacity) {
      this.stats.dropped++;
      this.droppedSinceWarning++;
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        this.host.log.warn(
          { dropped: this.droppedSinceWarning, capacity: this.capacity },
          'guardduty detection is behind: audit records dropped unanalysed',
        );
        this.droppedSinceWarning = 0;
      }
      return;
    }
    this.queue.push({ record, queuedAt: performance.now() });
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  start(): void {
    this.worker ??= this.run();
  }

  /** Stops after the record being analysed; records still queued are dropped (findings are derived data). */
  async stop(): Promise<void> {
    this.stopped = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    await this.worker;
    this.queue.length = 0;
    this.head = 0;
    this.releaseIdle();
  }

  /** Resolves once every queued record has been analysed (tests and the bench). */
  idle(): Promise<void> {
    if ((this.size === 0 && !this.busy) || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private releaseIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private take(): Queued | undefined {
    if (this.head >= this.queue.length) return undefined;
    const item = this.queue[this.head]!;
    this.head++;
    // Compact now and then, so the array does not keep every record it ever held.
    if (this.head >= 4096 && this.head * 2 >= this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.size === 0) {
        this.busy = false;
        this.releaseIdle();
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      this.busy = true;
      const items: (BatchItem & { queuedAt: number })[] = [];
      for (let n = 0; n < BATCH && !this.stopped; n++) {
        const item = this.take();
        if (!item) break;
        // A detector created, changed or deleted through this node: its record comes before any record the change
        // concerns, so forgetting the lookups here is enough (other nodes' changes are seen when lookups expire).
        // What came before it is analysed first, while its detector is as those records saw it.
        if (changesDetector(item.record)) {
          await this.analyse(items.splice(0));
          this.detectors.forget();
        }
        const detector = await this.detectorOf(item.record);
        if (detector) items.push({ detector, record: item.record, queuedAt: item.queuedAt });
      }
      await this.analyse(items);
      // Other work (the API) runs between batches even when the queue is long.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.busy = false;
  }

  /** The detector that analyses the record, if any (counted as unmonitored otherwise). */
  private async detectorOf(record: Readonly<CloudTrailRecord>): Promise<DetectorRef | undefined> {
    try {
      const account = record.recipientAccountId;
      const region = record.awsRegion;
      const detector =
        typeof account === 'string' && ACCOUNT_ID.test(account) && typeof region === 'string' && REGION.test(region)
          ? await this.detectors.get(account, region)
          : undefined;
      if (!detector) this.stats.unmonitored++;
      return detector;
    } catch (err) {
      this.failed(err, 'guardduty could not look up a detector');
      return undefined;
    }
  }

  private async analyse(items: readonly (BatchItem & { queuedAt: number })[]): Promise<void> {
    if (items.length === 0) return;
    try {
      const recorded = await analyseBatch(this.host, items, this.stats, this.detections);
      this.stats.analysed += items.length;
      recorded.forEach((findings, i) => {
        this.stats.findings += findings.length;
        if (findings.length > 0) this.options.onFindings?.(findings, items[i]!.queuedAt);
      });
    } catch (err) {
      this.failed(err, 'guardduty could not analyse audit records');
    }
  }

  private failed(err: unknown, message: string): void {
    this.stats.failures++;
    const now = Date.now();
    if (now - this.lastFailureLog >= WARN_EVERY_MS) {
      this.lastFailureLog = now;
      this.host.log.error({ err }, message);
    }
  }
}

const pipelines = new WeakMap<Runtime, TrailPipeline>();

/** The runtime's pipeline, while the server runs (its stats for logs and the bench). */
export function trailPipelineOf(runtime: Runtime): TrailPipeline | undefined {
  return pipelines.get(runtime);
}

/** The descriptor's `start`: the pipeline runs while the server listens. */
export async function startTrailDetection(runtime: Runtime): Promise<RunningService> {
  const pipeline = new TrailPipeline(runtime, new DetectorCache(runtime.store.db));
  pipelines.set(runtime, pipeline);
  pipeline.start();
  return {
    stop: async () => {
      pipelines.delete(runtime);
      await pipeline.stop();
      runtime.log.info({ guarddutyDetection: pipeline.stats }, 'guardduty detection stopped');
    },
  };
}

/** The descriptor's trail observer: hands each committed record to the runtime's pipeline, if it runs. */
export const guarddutyTrailObserver: TrailObserver = {
  observe(runtime, record) {
    pipelines.get(runtime)?.enqueue(record);
  },
};
