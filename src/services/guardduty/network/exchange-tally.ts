// Exchanges at listeners gathered between two analyses: one entry per load balancer and remote address, bounded.
import type { ObservedExchange } from '../../../core/traffic-observer.js';
import { plainIp } from './network-finding.js';

/** What one remote address did to one load balancer since the last analysis. */
export interface TalliedTraffic {
  readonly loadBalancerArn: string;
  readonly clientIp: string;
  /** The latest connection's ends. */
  clientPort: number;
  localIp: string;
  localPort: number;
  /** Exchanges seen. */
  exchanges: number;
  /** Whether every one was answered 403 or 429 (refused by the web ACL or Shield rather than served). */
  blocked: boolean;
  /** When the last was seen (epoch ms). */
  at: number;
}

const refused = (status: number) => status === 403 || status === 429;

/**
 * The tally an analysis takes. Entries are per load balancer and remote address, so a flood from one address is one
 * entry however many requests it sends; past `capacity` entries new pairs are counted as dropped, not kept.
 */
export class ExchangeTally {
  private entries = new Map<string, TalliedTraffic>();
  dropped = 0;

  constructor(private readonly capacity = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  add(loadBalancerArn: string, exchange: ObservedExchange, now: number): void {
    if (exchange.clientIp === '') return;
    const clientIp = plainIp(exchange.clientIp);
    const key = `${loadBalancerArn}\n${clientIp}`;
    const entry = this.entries.get(key);
    if (entry) {
      entry.exchanges++;
      entry.blocked &&= refused(exchange.status);
      entry.at = now;
      // The latest connection's ends (ports) describe the activity as it is now.
      entry.clientPort = exchange.clientPort;
      entry.localIp = exchange.localIp;
      entry.localPort = exchange.localPort;
      return;
    }
    if (this.entries.size >= this.capacity) {
      this.dropped++;
      return;
    }
    this.entries.set(key, {
      loadBalancerArn,
      clientIp,
      clientPort: exchange.clientPort,
      localIp: exchange.localIp,
      localPort: exchange.localPort,
      exchanges: 1,
      blocked: refused(exchange.status),
      at: now,
    });
  }

  /** Everything gathered so far; the tally starts empty again. */
  take(): TalliedTraffic[] {
    const taken = [...this.entries.values()];
    this.entries = new Map();
    return taken;
  }
}
