// Shield Advanced's detection on one node: a detector per resource fed by the listeners, ticked every second.
import { randomUUID } from 'node:crypto';
import { buildServiceEventRecord } from '../../../audit/service-event.js';
import type { RunningService, Runtime, TrafficObserver } from '../../../core/runtime.js';
import type { ObservedExchange } from '../../../core/traffic-observer.js';
import { apiEndpointArn, watchApiEndpoint } from '../../../core/api-endpoint.js';
import { healthCheckDirectory } from '../../../core/health-checks.js';
import { geoIpDatabase } from '../../../net/geo/database.js';
import { accountScope } from '../../../store/account-scope.js';
import { firstAccountId } from '../../../bootstrap.js';
import { attackEventDetails, storedAttack } from '../attack-record.js';
import { SourceLocator } from './source-locator.js';
import { activeSubscription } from '../subscription.js';
import { automaticResponseAction, mitigationSources, mitigatorOf } from '../automatic-response.js';
import {
  aboveUsual,
  DEFAULT_DETECTION,
  ResourceDetector,
  type DetectionSettings,
  type Transition,
} from './detector.js';

/** Most resources watched at once: load balancers are few; the cap only bounds memory if ARNs were made up. */
const MAX_WATCHED = 10_000;
/** A running attack's row is rewritten at most this often (and at its end). */
const PERSIST_EVERY_MS = 5_000;
/**
 * How often a node looks again at which protections exist (the API endpoint's, any at all): a protection created
 * on another node is watched from at most this long after. Protections created on this node take effect at once.
 */
const REFRESH_EVERY_MS = 5_000;

interface Tracked {
  readonly detector: ResourceDetector;
  /** The attack being recorded: its id, or null when the resource turned out not to be protected. */
  attackId?: string | null;
  persistedAt?: number;
  /** The names of the mitigations put in force during the attack being recorded. */
  mitigations?: string[];
}

export class ShieldMonitor {
  private readonly watched = new Map<string, Tracked>();
  /** Transitions are written one after another, off the request path. */
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The geolocation data, loaded once any protection exists (its tables hold ~19 MB; most deployments protect nothing). */
  private locator: SourceLocator | undefined;
  private geoLoading = false;
  /** The deployment's first account, the API endpoint's owner. */
  private owner: string | undefined;
  private refreshing: Promise<void> | undefined;
  private stopped = false;
  /** Protected resources with associated health checks (health-based detection), read on every refresh. */
  private healthChecked = new Map<string, { accountId: string; ids: readonly string[] }>();

  constructor(
    private readonly runtime: Runtime,
    private readonly settings: DetectionSettings = DEFAULT_DETECTION,
  ) {}

  observe(resourceArn: string, exchange: ObservedExchange): void {
    let tracked = this.watched.get(resourceArn);
    if (!tracked) {
      if (this.watched.size >= MAX_WATCHED) return;
      tracked = { detector: new ResourceDetector(this.settings) };
      this.watched.set(resourceArn, tracked);
    }
    tracked.detector.observe(exchange, this.locator?.locate(exchange.clientIp));
  }

  /**
   * Looks at the protections again: the API endpoint is watched while it has one (its listener hands exchanges
   * over only then), and the geolocation data is loaded once any protection exists. Looks run one after another,
   * so one asked for after a protection changed reads the change, even while an earlier look is still reading.
   */
  refresh(): Promise<void> {
    const next = (this.refreshing ?? Promise.resolve())
      .then(() => this.lookAgain())
      .catch((err: unknown) => this.runtime.log.warn({ err }, 'shield: reading protections failed'));
    this.refreshing = next;
    void next.finally(() => {
      if (this.refreshing === next) this.refreshing = undefined;
    });
    return next;
  }

  private async lookAgain(): Promise<void> {
    const db = this.runtime.store.db;
    // The deployment's first account never changes once it exists.
    const owner = (this.owner ??= await firstAccountId(this.runtime.store));
    const api =
      owner === undefined
        ? undefined
        : await accountScope(db, owner)
            .selectFrom('shield_protections')
            .select('id')
            .where('resource_arn', '=', apiEndpointArn(owner))
            .executeTakeFirst();
    if (this.stopped) return;
    watchApiEndpoint(this.runtime, shieldObserver, api !== undefined);
    // Across accounts, as below: which resources' protections have a health check.
    const checked = await db
      .selectFrom('shield_protections')
      .select(['account_id', 'resource_arn', 'health_check_ids'])
      .where('health_check_ids', '!=', '[]')
      .execute();
    this.healthChecked = new Map(
      checked.map((r) => [
        r.resource_arn,
        { accountId: r.account_id, ids: JSON.parse(r.health_check_ids) as string[] },
      ]),
    );
    if (this.locator !== undefined || this.geoLoading) return;
    // Across accounts: the node's detection serves every account's protections.
    const any = api ?? (await db.selectFrom('shield_protections').select('id').limit(1).executeTakeFirst());
    if (any === undefined || this.stopped) return;
    this.geoLoading = true;
    geoIpDatabase()
      .then((geo) => (this.locator = new SourceLocator(geo)))
      .catch((err: unknown) => this.runtime.log.warn({ err }, 'shield: loading the geolocation data failed'))
      .finally(() => (this.geoLoading = false));
  }

  start(): void {
    const tickAll = () => {
      const now = Date.now();
      for (const [arn, tracked] of this.watched) {
        tracked.detector.unhealthy = this.unhealthy(arn);
        const transition = tracked.detector.tick(now);
        if (transition) this.enqueue(arn, tracked, transition, now);
        else if (tracked.detector.idle) this.watched.delete(arn);
      }
    };
    this.timer = setInterval(tickAll, 1000);
    this.timer.unref();
    this.refreshTimer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
    this.refreshTimer.unref();
    void this.refresh();
  }

  /** Whether a health check on the resource's protection reports unhealthy on this node (unknown counts as healthy). */
  private unhealthy(resourceArn: string): boolean {
    const checked = this.healthChecked.get(resourceArn);
    if (!checked) return false;
    const directory = healthCheckDirectory(this.runtime);
    return checked.ids.some((id) => directory?.healthy(this.runtime, checked.accountId, id) === false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    await this.refreshing;
    watchApiEndpoint(this.runtime, shieldObserver, false);
    await this.queue;
  }

  private enqueue(arn: string, tracked: Tracked, transition: Transition, now: number): void {
    this.queue = this.queue
      .then(() => this.record(arn, tracked, transition, now))
      .catch((err: unknown) => this.runtime.log.warn({ err }, 'shield: recording an attack failed'));
  }

  /** Writes a transition of a protected resource: the attack's row, and an audit record at its start and end. */
  private async record(arn: string, tracked: Tracked, transition: Transition, now: number): Promise<void> {
    const accountId = arn.split(':')[4] ?? '';
    const db = this.runtime.store.db;
    if (transition.kind === 'start') {
      tracked.attackId = null;
      if (!(await activeSubscription(db, accountId))) return;
      const protection = await accountScope(db, accountId)
        .selectFrom('shield_protections')
        .select('id')
        .where('resource_arn', '=', arn)
        .executeTakeFirst();
      if (!protection) return;
      const id = randomUUID();
      tracked.attackId = id;
      tracked.persistedAt = now;
      tracked.mitigations = [];
      await this.mitigate(arn, tracked, transition);
      await accountScope(db, accountId)
        .insertInto('shield_attacks')
        .values({
          id,
          resource_arn: arn,
          start_time: transition.attack.startMs,
          end_time: null,
          detail: JSON.stringify(storedAttack(transition.attack, tracked.mitigations)),
          updated_at: now,
        })
        .execute();
      await this.audit('AttackStarted', accountId, arn, id, transition, tracked.mitigations);
      return;
    }
    const id = tracked.attackId;
    if (!id) return;
    const ended = transition.kind === 'end';
    if (!ended && now - (tracked.persistedAt ?? 0) < PERSIST_EVERY_MS) return;
    tracked.persistedAt = now;
    // Running: the mitigation follows the attack's sources as they are now. Ended: it loses its rules.
    if (ended) await this.endMitigation(arn, tracked);
    else await this.mitigate(arn, tracked, transition);
    await accountScope(db, accountId)
      .updateTable('shield_attacks')
      .set({
        detail: JSON.stringify(storedAttack(transition.attack, tracked.mitigations)),
        updated_at: now,
        ...(ended ? { end_time: transition.attack.endMs ?? now } : {}),
      })
      .where('id', '=', id)
      .execute();
    if (ended) {
      const mitigations = tracked.mitigations ?? [];
      tracked.attackId = undefined;
      tracked.mitigations = undefined;
      await this.audit('AttackEnded', accountId, arn, id, transition, mitigations);
    }
  }

  /**
   * With automatic response enabled on the protection, gives Shield's rule group in the resource's web ACL rules
   * against the attack's heaviest sources. A failure is logged: the attack is recorded all the same.
   */
  private async mitigate(arn: string, tracked: Tracked, t: Transition): Promise<void> {
    const mitigator = mitigatorOf(this.runtime);
    if (!mitigator) return;
    try {
      const action = await automaticResponseAction(this.runtime.store.db, arn.split(':')[4] ?? '', arn);
      if (!action) return;
      // Clients sending what they usually send are left alone, however heavy: only sources above their usual rate.
      const unusual = t.attack.contributors.SOURCE_IP_ADDRESS.filter((c) =>
        aboveUsual(t.attack, 'SOURCE_IP_ADDRESS', c, this.settings.multiplier),
      );
      const sources = mitigationSources(unusual, t.attack.totals.SOURCE_IP_ADDRESS);
      const name = await mitigator.apply(this.runtime, arn, { action, sources });
      if (name !== undefined && !tracked.mitigations?.includes(name))
        tracked.mitigations = [...(tracked.mitigations ?? []), name];
    } catch (err) {
      this.runtime.log.warn({ err, resourceArn: arn }, 'shield: applying the automatic mitigation failed');
    }
  }

  /** The attack ended: the mitigation's rules go (the rule group stays while automatic response is enabled). */
  private async endMitigation(arn: string, tracked: Tracked): Promise<void> {
    if (!tracked.mitigations?.length) return;
    try {
      await mitigatorOf(this.runtime)?.clear(this.runtime, arn);
    } catch (err) {
      this.runtime.log.warn({ err, resourceArn: arn }, 'shield: removing the automatic mitigation failed');
    }
  }

  private async audit(
    name: string,
    accountId: string,
    arn: string,
    id: string,
    t: Transition,
    mitigations: readonly string[],
  ): Promise<void> {
    await this.runtime.audit.append(
      buildServiceEventRecord({
        eventSource: 'shield.amazonaws.com',
        eventName: name,
        region: arn.split(':')[3] || 'us-east-1',
        recipientAccountId: accountId,
        time: new Date(),
        details: attackEventDetails(id, arn, t.attack, mitigations),
        resources: [{ accountId, type: 'AWS::Shield::Attack', ARN: `arn:aws:shield::${accountId}:attack/${id}` }],
      }),
    );
  }
}

const monitors = new WeakMap<Runtime, ShieldMonitor>();

/** The descriptor's start hook: this node's monitor, until the server stops. */
export async function startShieldMonitor(runtime: Runtime): Promise<RunningService> {
  const c = runtime.config;
  const monitor = new ShieldMonitor(runtime, {
    ...DEFAULT_DETECTION,
    floorRps: c.shieldFloorRps,
    multiplier: c.shieldMultiplier,
    startSeconds: c.shieldStartSeconds,
    endSeconds: c.shieldEndSeconds,
  });
  monitors.set(runtime, monitor);
  monitor.start();
  return {
    stop: async () => {
      monitors.delete(runtime);
      await monitor.stop();
    },
  };
}

/** A protection was created or deleted on this node: the monitor looks at the protections now, not in 5 s. */
export async function protectionsChanged(runtime: Runtime): Promise<void> {
  await monitors.get(runtime)?.refresh();
}

/** The descriptor's traffic observer: hands each exchange to the runtime's monitor, if it runs. */
export const shieldObserver: TrafficObserver = {
  observe(runtime, resourceArn, exchange) {
    monitors.get(runtime)?.observe(resourceArn, exchange);
  },
};
