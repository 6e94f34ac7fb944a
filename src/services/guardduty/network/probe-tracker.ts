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
  /** Addresses followed at once; past this the least recently seen is forgotten. */
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

  constructor(private readonly settings: ProbeSettings = DEFAULT_PROBE_SETTINGS) {}

  /** Addresses followed now. */
  get size(): number {
    return this.probes.size;
  }

  /** A connection closed without a request: the hit when it completes the rule for its address. */
  probe(
    loadBalancerArn: string,
    conn: { clientIp: string; localIp: string; localPort: number; refused: boolean },
    now: number,
  ): ProbeHit | undefined {
    const owner = ownerOf(loadBalancerArn);
    if (!owner || conn.clientIp === '') return undefined;
    const clientIp = plainIp(conn.clientIp);
    const key = `${owner.accountId}/${owner.region}/${clientIp}`;
    const kept = (this.probes.get(key) ?? []).filter((p) => now - p.at < this.settings.windowMs);
    kept.push({ loadBalancerArn, localIp: conn.localIp, localPort: conn.localPort, at: now, refused: conn.refused });
    // Only the last `connections` probes can matter to the rule.
    if (kept.length > this.settings.connections) kept.splice(0, kept.length - this.settings.connections);
    // Most recently seen last, so the first entry is the one to forget.
    this.probes.delete(key);
    const byPort = new Map<number, Probe>();
    for (const p of kept) byPort.set(p.localPort, p);
    if (byPort.size >= this.settings.distinctPorts || kept.length >= this.settings.connections) {
      return {
        ...owner,
        clientIp,
        loadBalancerArn,
        probed: [...byPort.values()].map(({ loadBalancerArn: lb, localIp, localPort }) => ({
          loadBalancerArn: lb,
          localIp,
          localPort,
        })),
        blocked: kept.every((p) => p.refused),
        at: now,
      };
    }
    if (this.probes.size >= this.settings.maxTracked) {
      const oldest = this.probes.keys().next().value;
      if (oldest !== undefined) this.probes.delete(oldest);
    }
    this.probes.set(key, kept);
    return undefined;
  }

  /** Forgets addresses whose probes are all older than the window. */
  sweep(now: number): void {
    for (const [key, kept] of this.probes) {
      if (kept.every((p) => now - p.at >= this.settings.windowMs)) this.probes.delete(key);
    }
  }
}
