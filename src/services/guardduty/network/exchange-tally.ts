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
  /**
   * By load balancer, then remote address: the ARN is the listener's own string, whose hash V8 keeps, so a lookup
   * hashes only the address (a joined `${arn}\n${ip}` key cost ~0.3 µs an exchange to build and hash).
   */
  private entries = new Map<string, Map<string, TalliedTraffic>>();
  private count = 0;
  dropped = 0;

  constructor(private readonly capacity = 10_000) {}

  get size(): number {
    return this.count;
  }

  add(loadBalancerArn: string, exchange: ObservedExchange, now: number): void {
    if (exchange.clientIp === '') return;
    const clientIp = plainIp(exchange.clientIp);
    const byAddress = this.entries.get(loadBalancerArn);
    const entry = byAddress?.get(clientIp);
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
    if (this.count >= this.capacity) {
      this.dropped++;
      return;
    }
    this.count++;
    let addresses = byAddress;
    if (addresses === undefined) this.entries.set(loadBalancerArn, (addresses = new Map()));
    addresses.set(clientIp, {
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
    const taken: TalliedTraffic[] = [];
    for (const byAddress of this.entries.values()) for (const entry of byAddress.values()) taken.push(entry);
    this.entries = new Map();
    this.count = 0;
    return taken;
  }
}
