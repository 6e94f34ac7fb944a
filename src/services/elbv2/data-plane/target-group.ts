// One target group at run time: its targets' health (checks on timers), draining after deregistration, round-robin.
import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { TargetConfig, TargetGroupConfig } from './config.js';
import {
  afterCheck,
  CHECKS_DISABLED,
  DRAINING,
  matchesSuccessCodes,
  NOT_IN_USE,
  REGISTERING,
  type CheckResult,
  type TargetHealth,
} from './health-state.js';

/** A target's row in DescribeTargetHealth. */
export interface TargetHealthView {
  readonly target: TargetConfig;
  readonly healthCheckPort: string;
  readonly state: TargetHealth['state'];
  readonly reason?: string;
  readonly description?: string;
}

interface Entry {
  readonly target: TargetConfig;
  health: TargetHealth;
  timer?: NodeJS.Timeout;
  /** Bumped whenever checks restart, so a check in flight from an older schedule is ignored. */
  generation: number;
}

const key = (t: TargetConfig) => `${t.id}:${t.port}`;

/** Whether a target takes requests while some do: healthy, or its checks are disabled ('unavailable'). */
const serving = (e: Entry): boolean => e.health.state === 'healthy' || e.health.state === 'unavailable';

/** `http://10.0.0.1:80`, `http://[::1]:80`: an origin for a target id (an IP address or a host name) and port. */
export function targetOrigin(protocol: 'HTTP' | 'HTTPS', id: string, port: number): string {
  const host = id.includes(':') ? `[${id}]` : id;
  return `${protocol.toLowerCase()}://${host}:${port}`;
}

function classify(err: unknown): CheckResult {
  const code = (err as { code?: unknown }).code;
  const name = (err as { name?: unknown }).name;
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    name === 'TimeoutError'
  ) {
    return { ok: false, kind: 'timeout' };
  }
  return { ok: false, kind: 'error' };
}

export class TargetGroupRuntime {
  config: TargetGroupConfig;
  private inUse = false;
  private readonly entries = new Map<string, Entry>();
  private readonly draining = new Map<string, { target: TargetConfig; timer: NodeJS.Timeout }>();
  private next = 0;
  private stopped = false;

  constructor(
    config: TargetGroupConfig,
    inUse: boolean,
    private readonly checker: Dispatcher,
    private readonly log: Logger,
  ) {
    this.config = config;
    this.apply(config, inUse);
  }

  /** Takes a new configuration: registers and deregisters targets, restarts checks if their settings changed. */
  apply(config: TargetGroupConfig, inUse: boolean): void {
    const checksChanged =
      JSON.stringify(config.healthCheck) !== JSON.stringify(this.config.healthCheck) ||
      config.port !== this.config.port;
    const wasInUse = this.inUse;
    this.config = config;
    this.inUse = inUse;
    const wanted = new Map(config.targets.map((t) => [key(t), t]));
    for (const [k, entry] of this.entries) {
      if (wanted.has(k)) continue;
      this.stopChecks(entry);
      this.entries.delete(k);
      if (inUse && config.deregistrationDelaySeconds > 0) {
        const timer = setTimeout(() => this.draining.delete(k), config.deregistrationDelaySeconds * 1000);
        timer.unref();
        this.draining.set(k, { target: entry.target, timer });
      }
    }
    for (const [k, target] of wanted) {
      let entry = this.entries.get(k);
      const drained = this.draining.get(k);
      if (drained !== undefined) {
        clearTimeout(drained.timer);
        this.draining.delete(k);
      }
      if (entry === undefined) {
        entry = { target, health: this.startingHealth(), generation: 0 };
        this.entries.set(k, entry);
        this.startChecks(entry);
      } else if (inUse !== wasInUse || checksChanged) {
        this.stopChecks(entry);
        if (inUse !== wasInUse || !config.healthCheck.enabled || entry.health.state === 'unavailable') {
          entry.health = this.startingHealth();
        }
        this.startChecks(entry);
      }
    }
  }

  private startingHealth(): TargetHealth {
    if (!this.inUse) return NOT_IN_USE;
    return this.config.healthCheck.enabled ? REGISTERING : CHECKS_DISABLED;
  }

  private startChecks(entry: Entry): void {
    if (!this.inUse || !this.config.healthCheck.enabled || this.stopped) return;
    const generation = ++entry.generation;
    const run = async () => {
      const result = await this.check(entry.target);
      if (entry.generation !== generation || this.stopped) return;
      const hc = this.config.healthCheck;
      const before = entry.health.state;
      entry.health = afterCheck(entry.health, result, {
        healthy: hc.healthyThresholdCount,
        unhealthy: hc.unhealthyThresholdCount,
      });
      if (entry.health.state !== before) {
        this.log.info(
          {
            targetGroupArn: this.config.arn,
            target: key(entry.target),
            state: entry.health.state,
            reason: entry.health.reason,
          },
          'target health changed',
        );
      }
      entry.timer = setTimeout(() => void run(), hc.intervalSeconds * 1000);
      entry.timer.unref();
    };
    // The first check goes out at once, so a new target's state moves on within one timeout.
    entry.timer = setTimeout(() => void run(), 0);
    entry.timer.unref();
  }

  private stopChecks(entry: Entry): void {
    entry.generation++;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  private healthCheckPort(target: TargetConfig): number {
    const port = this.config.healthCheck.port;
    return port === 'traffic-port' ? target.port : Number(port);
  }

  /** One health check: GET the path, the status against the matcher, within the timeout. Never throws. */
  private async check(target: TargetConfig): Promise<CheckResult> {
    const hc = this.config.healthCheck;
    const timeoutMs = hc.timeoutSeconds * 1000;
    try {
      const res = await request(targetOrigin(hc.protocol, target.id, this.healthCheckPort(target)) + hc.path, {
        method: 'GET',
        dispatcher: this.checker,
        headers: { 'user-agent': 'ELB-HealthChecker/2.0' },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body.dump();
      return matchesSuccessCodes(hc.successCodes, res.statusCode)
        ? { ok: true }
        : { ok: false, kind: 'code', status: res.statusCode };
    } catch (err) {
      return classify(err);
    }
  }

  /**
   * The next target for a request, round-robin over the healthy ones (and those whose checks are disabled); with none
   * healthy, over every registered target, as ALB fails open. Undefined when nothing is registered.
   */
  pick(): TargetConfig | undefined {
    // Counted then walked in place: copying and filtering the entries per request cost O(targets) garbage each time.
    if (this.entries.size === 0) return undefined;
    let healthy = 0;
    for (const e of this.entries.values()) if (serving(e)) healthy++;
    const onlyHealthy = healthy > 0;
    let at = this.next % (onlyHealthy ? healthy : this.entries.size);
    this.next = (this.next + 1) % 1_000_000_000;
    for (const e of this.entries.values()) {
      if (onlyHealthy && !serving(e)) continue;
      if (at-- === 0) return e.target;
    }
    return undefined;
  }

  /** DescribeTargetHealth's rows: registered targets, then those still draining. */
  view(): TargetHealthView[] {
    const rows: TargetHealthView[] = [...this.entries.values()].map((e) => ({
      target: e.target,
      healthCheckPort: String(this.healthCheckPort(e.target)),
      state: e.health.state,
      ...(e.health.reason === undefined ? {} : { reason: e.health.reason, description: e.health.description }),
    }));
    for (const { target } of this.draining.values()) {
      rows.push({
        target,
        healthCheckPort: String(this.healthCheckPort(target)),
        state: DRAINING.state,
        reason: DRAINING.reason,
        description: DRAINING.description,
      });
    }
    return rows;
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.entries.values()) this.stopChecks(entry);
    for (const { timer } of this.draining.values()) clearTimeout(timer);
    this.draining.clear();
  }
}
