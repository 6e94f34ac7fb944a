// GuardDuty's network detection on one node: listener traffic gathered synchronously, analysed each second off the request path.
import type { Kysely } from 'kysely';
import type { RunningService, Runtime, TrafficObserver } from '../../../core/runtime.js';
import type { ObservedConnection, ObservedExchange } from '../../../core/traffic-observer.js';
import { geoIpDatabase, type GeoIpDatabase, type GeoIpLocation } from '../../../net/geo/database.js';
import { isPublicAddress } from '../../../net/geo/public-address.js';
import { accountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import type { DetectorRef } from '../detectors.js';
import { recordFinding, type NewFinding } from '../finding-store.js';
import { ipListsOf } from '../ip-lists.js';
import { ExchangeTally, type TalliedTraffic } from './exchange-tally.js';
import { maliciousIpCallerFinding, portProbeFinding } from './network-finding.js';
import { DEFAULT_PROBE_SETTINGS, ownerOf, ProbeTracker, type ProbeHit, type ProbeSettings } from './probe-tracker.js';

/** Probe hits waiting for analysis at most (each is already one per address and window). */
const MAX_PENDING_HITS = 1_000;

export interface NetworkMonitorOptions {
  /** How often gathered traffic is analysed (ms). */
  readonly intervalMs?: number;
  readonly probes?: ProbeSettings;
}

/** What the monitor has done since it started (logged when it stops). */
export interface NetworkStats {
  exchanges: number;
  probeConnections: number;
  /** Load balancer / address pairs and probe hits not analysed because too many were waiting. */
  dropped: number;
  findings: number;
  failures: number;
}

/** The account's detector in the Region, if enabled: listener traffic is analysed for it. */
async function enabledDetector(
  db: Kysely<Database>,
  accountId: string,
  region: string,
): Promise<DetectorRef | undefined> {
  const row = await accountScope(db, accountId)
    .selectFrom('guardduty_detectors')
    .select(['id', 'status'])
    .where('region', '=', region)
    .executeTakeFirst();
  return row?.status === 'ENABLED' ? { accountId, region, id: row.id } : undefined;
}

interface Owned {
  traffic: TalliedTraffic[];
  hits: ProbeHit[];
}

export class NetworkMonitor {
  readonly stats: NetworkStats = { exchanges: 0, probeConnections: 0, dropped: 0, findings: 0, failures: 0 };
  private readonly tally = new ExchangeTally();
  private readonly probes: ProbeTracker;
  private hits: ProbeHit[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly intervalMs: number;
  /** The geolocation data, once loaded: only when a finding first names a public address (it costs ~20 MB). */
  private geo: GeoIpDatabase | undefined;
  private geoLoading = false;

  constructor(
    private readonly runtime: Runtime,
    options: NetworkMonitorOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.probes = new ProbeTracker(options.probes ?? DEFAULT_PROBE_SETTINGS);
  }

  /** A finished exchange: counted for its load balancer and address, nothing more on the request path. */
  observe(loadBalancerArn: string, exchange: ObservedExchange): void {
    this.stats.exchanges++;
    this.tally.add(loadBalancerArn, exchange, Date.now());
  }

  /** A closed connection: one without a request is a probe. */
  connection(loadBalancerArn: string, connection: ObservedConnection): void {
    if (connection.requests > 0) return;
    this.stats.probeConnections++;
    const hit = this.probes.probe(loadBalancerArn, connection, Date.now());
    if (!hit) return;
    if (this.hits.length >= MAX_PENDING_HITS) this.stats.dropped++;
    else this.hits.push(hit);
  }

  start(): void {
    this.timer = setInterval(() => void this.analyse(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and analyses what the last second gathered (the store is still open when services stop). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.analyse();
  }

  /** Analyses what was gathered; one analysis at a time (a slow one makes the next wait for its traffic). */
  analyse(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.analyseGathered()
      .catch((err: unknown) => {
        this.stats.failures++;
        this.runtime.log.warn({ err }, 'guardduty: analysing listener traffic failed');
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async analyseGathered(): Promise<void> {
    const now = Date.now();
    this.probes.sweep(now);
    this.stats.dropped += this.tally.dropped;
    this.tally.dropped = 0;
    const traffic = this.tally.take();
    const hits = this.hits;
    this.hits = [];
    if (traffic.length === 0 && hits.length === 0) return;
    const byOwner = new Map<string, Owned>();
    const ownedBy = (arn: string): Owned | undefined => {
      const owner = ownerOf(arn);
      if (!owner) return undefined;
      const key = `${owner.accountId}/${owner.region}`;
      let owned = byOwner.get(key);
      if (!owned) byOwner.set(key, (owned = { traffic: [], hits: [] }));
      return owned;
    };
    for (const t of traffic) ownedBy(t.loadBalancerArn)?.traffic.push(t);
    for (const h of hits) ownedBy(h.loadBalancerArn)?.hits.push(h);
    for (const [key, owned] of byOwner) {
      const [accountId, region] = key.split('/') as [string, string];
      try {
        await this.analyseFor(accountId, region, owned);
      } catch (err) {
        this.stats.failures++;
        this.runtime.log.warn({ err, accountId, region }, 'guardduty: analysing listener traffic failed');
      }
    }
  }

  /**
   * Where a finding's remote address is, when the data is loaded. The first public address starts the load without
   * waiting for it: that finding goes out without a country, later ones (and its repeats) have it.
   */
  private locate(ip: string): GeoIpLocation | undefined {
    if (!isPublicAddress(ip)) return undefined;
    if (this.geo) return this.geo.locate(ip);
    if (!this.geoLoading) {
      this.geoLoading = true;
      geoIpDatabase()
        .then((geo) => (this.geo = geo))
        .catch((err: unknown) => this.runtime.log.warn({ err }, 'guardduty: geolocation data unavailable'))
        .finally(() => (this.geoLoading = false));
    }
    return undefined;
  }

  private async analyseFor(accountId: string, region: string, owned: Owned): Promise<void> {
    const detector = await enabledDetector(this.runtime.store.db, accountId, region);
    if (!detector) return;
    const lists = await ipListsOf(this.runtime, accountId, detector.id);
    const findings: NewFinding[] = [];
    for (const t of owned.traffic) {
      // A trusted address raises nothing, whatever list it is also on.
      if (lists.trusted(t.clientIp)) continue;
      const threat = lists.threat(t.clientIp);
      if (threat) findings.push(maliciousIpCallerFinding(t, threat.name, t.blocked, t.at, this.locate(t.clientIp)));
    }
    for (const h of owned.hits) {
      if (lists.trusted(h.clientIp)) continue;
      findings.push(
        portProbeFinding(h.loadBalancerArn, h.clientIp, h.probed, h.blocked, h.at, this.locate(h.clientIp)),
      );
    }
    for (const finding of findings) {
      await recordFinding(this.runtime, detector, finding);
      this.stats.findings++;
    }
  }
}

const monitors = new WeakMap<Runtime, NetworkMonitor>();

/** Part of the descriptor's `start`: this node's network detection, until the server stops. */
export async function startNetworkDetection(runtime: Runtime): Promise<RunningService> {
  const monitor = new NetworkMonitor(runtime);
  monitors.set(runtime, monitor);
  monitor.start();
  return {
    stop: async () => {
      monitors.delete(runtime);
      await monitor.stop();
      runtime.log.info({ guarddutyNetwork: monitor.stats }, 'guardduty network detection stopped');
    },
  };
}

/** The descriptor's traffic observer: hands each exchange and closed connection to the runtime's monitor. */
export const guarddutyTrafficObserver: TrafficObserver = {
  observe(runtime, resourceArn, exchange) {
    monitors.get(runtime)?.observe(resourceArn, exchange);
  },
  connection(runtime, resourceArn, connection) {
    monitors.get(runtime)?.connection(resourceArn, connection);
  },
};
