// A data-plane worker's traffic observer: exchanges and closed connections, batched to the serving process's observers.
import type { TrafficObserver } from '../../../../core/runtime.js';
import type { ObservedConnection, ObservedExchange } from '../../../../core/traffic-observer.js';

/** What a worker sends the serving process, as the note `{ k: 'observed', ...batch }`. */
export interface ObservedBatch {
  readonly exchanges: [resourceArn: string, exchange: ObservedExchange][];
  readonly connections: [resourceArn: string, connection: ObservedConnection][];
}

/** Observations held before a batch goes at once; otherwise a batch goes within FLUSH_MS. */
export const MAX_BATCH = 512;
/** Shield's and GuardDuty's observers count per second: a batch is never older than a small part of one. */
export const FLUSH_MS = 50;

/**
 * Batched, since a message per request would cost the worker more than the request's own observation. (What the
 * serving process counts per connection is released by a message of its own when the connection closes, whether or
 * not an observer hears of it: worker-plane.ts.)
 */
export class ObservationRelay implements TrafficObserver {
  private exchanges: ObservedBatch['exchanges'] = [];
  private connections: ObservedBatch['connections'] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly send: (batch: ObservedBatch) => void) {}

  observe(_runtime: unknown, resourceArn: string, exchange: ObservedExchange): void {
    this.exchanges.push([resourceArn, exchange]);
    this.queued();
  }

  connection(_runtime: unknown, resourceArn: string, connection: ObservedConnection): void {
    this.connections.push([resourceArn, connection]);
    this.queued();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.exchanges.length === 0 && this.connections.length === 0) return;
    const batch = { exchanges: this.exchanges, connections: this.connections };
    this.exchanges = [];
    this.connections = [];
    this.send(batch);
  }

  private queued(): void {
    if (this.exchanges.length + this.connections.length >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }
}
