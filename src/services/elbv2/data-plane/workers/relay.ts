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
 * Exchanges are batched, since a message per request would cost the worker more than the request's own
 * observation; a closed connection goes at once, with the exchanges batched so far. The
 * connection of a socket the worker could not serve (no such listener) is relayed with resource `''`: the serving
 * process releases what it counted for it and tells no observer.
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

  /** Sent at once: the serving process counts the client's connection until it hears of the close. */
  connection(_runtime: unknown, resourceArn: string, connection: ObservedConnection): void {
    this.connections.push([resourceArn, connection]);
    this.flush();
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
