// The health checks at run time: each enabled one checked every RequestInterval seconds by this node, its status kept
// in memory (GetHealthCheckStatus, and Shield's health-based detection read it). The table is re-read every 5 s, so
// checks created on another node start here too, and at once after a change on this node.
import type { Runtime, RunningService } from '../../core/runtime.js';
import { performCheck, type CheckOutcome } from './checker.js';
import { healthCheckEgress, type HealthCheckEgress } from './egress.js';
import { afterResult, NEW_HEALTH, reportedHealthy, type HealthState } from './health-state.js';
import type { StoredConfig } from './config.js';

const RESYNC_MS = 5_000;

export interface Observation {
  readonly outcome: CheckOutcome;
  readonly checkedAt: Date;
}

interface Running {
  readonly key: string;
  readonly version: number;
  readonly config: StoredConfig;
  state: HealthState;
  last?: Observation;
  timer?: NodeJS.Timeout;
  inFlight: boolean;
}

class HealthCheckRunner {
  private readonly checks = new Map<string, Running>();
  private resync?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly runtime: Runtime,
    readonly egress: HealthCheckEgress,
  ) {}

  start(): void {
    this.resync = setInterval(() => void this.refresh(), RESYNC_MS);
    this.resync.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resync);
    for (const c of this.checks.values()) clearTimeout(c.timer);
    this.checks.clear();
  }

  /** Starts checks new to the table, restarts updated ones (by version), stops deleted ones. */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    let rows: { account_id: string; id: string; version: number; config: string }[];
    try {
      rows = await this.runtime.store.db
        .selectFrom('route53_health_checks')
        .select(['account_id', 'id', 'version', 'config'])
        .where('deleted', '=', 0)
        .execute();
    } catch (err) {
      this.runtime.log.warn({ err }, 'route53 health checks could not be read');
      return;
    }
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.account_id}/${row.id}`;
      seen.add(key);
      const current = this.checks.get(key);
      if (current && current.version === Number(row.version)) continue;
      if (current) clearTimeout(current.timer);
      const config = JSON.parse(row.config) as StoredConfig;
      // An update keeps what is known of the endpoint (Route 53 does not start a health check over on update).
      const running: Running = {
        key,
        version: Number(row.version),
        config,
        state: current?.state ?? NEW_HEALTH,
        last: current?.last,
        inFlight: false,
      };
      this.checks.set(key, running);
      if (!config.Disabled) this.schedule(running, 0);
    }
    for (const [key, c] of this.checks) {
      if (seen.has(key)) continue;
      clearTimeout(c.timer);
      this.checks.delete(key);
    }
  }

  private schedule(c: Running, delayMs: number): void {
    c.timer = setTimeout(() => {
      this.check(c).catch((err: unknown) => this.runtime.log.warn({ err }, 'route53 health check failed to run'));
    }, delayMs);
    c.timer.unref();
  }

  private async check(c: Running): Promise<void> {
    if (this.stopped || this.checks.get(c.key) !== c || c.inFlight) return;
    c.inFlight = true;
    try {
      const outcome = await performCheck(c.config, this.egress); // never throws
      if (this.checks.get(c.key) !== c) return;
      const before = reportedHealthy(c.state, c.config);
      c.state = afterResult(c.state, outcome.ok, c.config.FailureThreshold);
      c.last = { outcome, checkedAt: new Date() };
      const after = reportedHealthy(c.state, c.config);
      if (before !== after) {
        this.runtime.log.info(
          { healthCheck: c.key, healthy: after, status: outcome.status },
          'route53 health check changed',
        );
      }
    } finally {
      c.inFlight = false;
      if (!this.stopped && this.checks.get(c.key) === c) this.schedule(c, c.config.RequestInterval * 1000);
    }
  }

  /** The latest observation of a health check on this node, and whether it reports healthy. */
  status(accountId: string, id: string): { healthy: boolean; last?: Observation } | undefined {
    const c = this.checks.get(`${accountId}/${id}`);
    return c ? { healthy: reportedHealthy(c.state, c.config), last: c.last } : undefined;
  }
}

const runners = new WeakMap<Runtime, HealthCheckRunner>();

export async function startHealthChecks(runtime: Runtime): Promise<RunningService> {
  const runner = new HealthCheckRunner(runtime, healthCheckEgress(runtime.config.route53HealthCheckAllow));
  runners.set(runtime, runner);
  await runner.refresh();
  runner.start();
  return {
    stop: async () => {
      runners.delete(runtime);
      await runner.stop();
    },
  };
}

/** A health check was created, updated or deleted on this node: the runner looks at the table now, not in 5 s. */
export async function healthChecksChanged(runtime: Runtime): Promise<void> {
  await runners.get(runtime)?.refresh();
}

/** What this node's runner knows of a health check; undefined when it runs none by that id (or runs nothing). */
export function healthCheckStatus(runtime: Runtime, accountId: string, id: string) {
  return runners.get(runtime)?.status(accountId, id);
}

/** The egress rule handlers check at create/update: the running one, or the configuration's when none runs. */
export function egressFor(runtime: Runtime): HealthCheckEgress {
  return runners.get(runtime)?.egress ?? healthCheckEgress(runtime.config.route53HealthCheckAllow);
}
