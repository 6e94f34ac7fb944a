// The port-probe rule: an address that keeps connecting to an account's listeners without sending a request.
import { plainIp, type ProbedPort } from './network-finding.js';

/**
 * The rule, per account, Region and remote address: a connection to one of the account's listeners that closes
 * without carrying a complete request is a probe. Probes within `windowMs` to at least `distinctPorts` different
 * listener ports, or `connections` probes in all, raise one port-probe finding; the address then starts afresh, so
 * probing that goes on raises the finding again (its Count grows).
 */
export interface ProbeSettings {
  readonly windowMs: number;
  readonly distinctPorts: number;
  readonly connections: number;
  /** Addresses followed at once; past this a new address is not followed until old ones leave the window. */
  readonly maxTracked: number;
}

export const DEFAULT_PROBE_SETTINGS: ProbeSettings = {
  windowMs: 60_000,
  distinctPorts: 3,
  connections: 10,
  maxTracked: 10_000,
};

interface Probe extends ProbedPort {
  readonly at: number;
  readonly refused: boolean;
}

/** A remote address the rule caught: what it probed, and where the last probe went. */
export interface ProbeHit {
  readonly accountId: string;
  readonly region: string;
  readonly clientIp: string;
  readonly loadBalancerArn: string;
  /** One entry per probed port (the most recent probe of each). */
  readonly probed: readonly ProbedPort[];
  /** Whether the listeners refused every one of the probes at accept. */
  readonly blocked: boolean;
  readonly at: number;
}

/** The account and Region of a load balancer ARN (`arn:aws:elasticloadbalancing:<region>:<account>:…`). */
export function ownerOf(loadBalancerArn: string): { accountId: string; region: string } | undefined {
  const parts = loadBalancerArn.split(':');
  const region = parts[3];
  const accountId = parts[4];
  if (!region || !accountId || !/^\d{12}$/.test(accountId)) return undefined;
  return { accountId, region };
}

export class ProbeTracker {
  private readonly probes = new Map<string, Probe[]>();
  /** Owners of the load balancers seen (few), so an ARN is parsed once. */
  private readonly owners = new Map<string, { accountId: string; region: string } | undefined>();

  constructor(private readonly settings: ProbeSettings = DEFAULT_PROBE_SETTINGS) {}

  /** Addresses followed now. */
  get size(): number {
    return this.probes.size;
  }

  private ownerOf(loadBalancerArn: string): { accountId: string; region: string } | undefined {
    if (this.owners.has(loadBalancerArn)) return this.owners.get(loadBalancerArn);
    const owner = ownerOf(loadBalancerArn);
    if (this.owners.size >= this.settings.maxTracked) this.owners.clear();
    this.owners.set(loadBalancerArn, owner);
    return owner;
  }

  /**
   * A connection closed without a request: the hit when it completes the rule for its address. While
   * `maxTracked` addresses are followed, a new address is not (until the window lets old ones go): evicting would
   * let a crowd of addresses hide one prober just as well, and costs more.
   */
  probe(
    loadBalancerArn: string,
    conn: { clientIp: string; localIp: string; localPort: number; refused: boolean },
    now: number,
  ): ProbeHit | undefined {
    const owner = this.ownerOf(loadBalancerArn);
    if (!owner || conn.clientIp === '') return undefined;
    const clientIp = plainIp(conn.clientIp);
    const key = `${owner.accountId}/${owner.region}/${clientIp}`;
    let kept = this.probes.get(key);
    if (kept === undefined) {
      if (this.probes.size >= this.settings.maxTracked) return undefined;
      kept = [];
      this.probes.set(key, kept);
    }
    // Drop what left the window (oldest first), and keep only the last `connections` probes: no more can matter.
    let stale = 0;
    while (stale < kept.length && now - kept[stale]!.at >= this.settings.windowMs) stale++;
    if (kept.length - stale >= this.settings.connections) stale = kept.length - this.settings.connections + 1;
    if (stale > 0) kept.splice(0, stale);
    kept.push({ loadBalancerArn, localIp: conn.localIp, localPort: conn.localPort, at: now, refused: conn.refused });
    let distinct = 0;
    for (let i = 0; i < kept.length; i++) {
      let seen = false;
      for (let j = 0; j < i && !seen; j++) seen = kept[j]!.localPort === kept[i]!.localPort;
      if (!seen) distinct++;
    }
    if (distinct < this.settings.distinctPorts && kept.length < this.settings.connections) return undefined;
    this.probes.delete(key);
    const byPort = new Map<number, ProbedPort>();
    for (const p of kept)
      byPort.set(p.localPort, { loadBalancerArn: p.loadBalancerArn, localIp: p.localIp, localPort: p.localPort });
    return {
      ...owner,
      clientIp,
      loadBalancerArn,
      probed: [...byPort.values()],
      blocked: kept.every((p) => p.refused),
      at: now,
    };
  }

  /** Forgets addresses whose probes are all older than the window. */
  sweep(now: number): void {
    for (const [key, kept] of this.probes) {
      if (kept.length === 0 || now - kept[kept.length - 1]!.at >= this.settings.windowMs) this.probes.delete(key);
    }
  }
}
