// The ELBv2 data plane: listeners serving users' traffic from the control plane's configuration, updated in place.
import { Agent } from 'undici';
import type { Runtime, TrafficInspector, TrafficObserver } from '../../../core/runtime.js';
import type { DataPlaneConfig, ListenerConfig } from './config.js';
import { sendError } from './error-pages.js';
import { handleRequest } from './handle-request.js';
import { findObservers, observeConnections, observeExchange } from './observe.js';
import { ClientGate, clientLimitsOf } from '../../../core/client-gate.js';
import { bindListener, type BoundListener, type ListenerSource, type ListenerLimits } from './listener.js';
import { TargetGroupRuntime, type TargetHealthView } from './target-group.js';

export type { TargetHealthView } from './target-group.js';

/** The data plane's bounds and pools; every member is optional and documented in docs/elbv2-data-plane.md. */
export interface DataPlaneOptions extends Partial<ListenerLimits> {
  /** Address listeners bind; default the configuration's dataPlaneHost (--data-plane-host). */
  readonly host?: string;
  /** Request body bytes a client may send (over it: 413, or the connection cut once streaming). */
  readonly maxBodyBytes?: number;
  /** How long ALB waits to connect to a target before answering 504 (AWS: 10 s). */
  readonly targetConnectTimeoutMs?: number;
  /** Kept-alive connections per target. */
  readonly connectionsPerTarget?: number;
  /** How long a closed or replaced listener lets in-flight requests finish (ms). */
  readonly drainTimeoutMs?: number;
  /**
   * Where listeners' connections come from: bound here (default), accepted here and handed to data-plane workers, or
   * handed over by the process that accepted them (src/services/elbv2/data-plane/workers/).
   */
  readonly listenerSource?: ListenerSource;
  /** Who learns of exchanges and closed connections; default every service's observer. */
  readonly observers?: readonly TrafficObserver[];
}

/** A listener the update could not serve, for the control plane to answer with a ValidationError. */
export interface ListenerFailure {
  readonly listenerArn: string;
  readonly port: number;
  /** EADDRINUSE, EACCES, InvalidCertificate, ... */
  readonly code: string;
  readonly message: string;
}

export interface UpdateResult {
  readonly failed: readonly ListenerFailure[];
}

export interface DataPlane {
  /** What the initial configuration's binding came to. */
  readonly initialResult: UpdateResult;
  /** Serves a new configuration: listeners opened, closed (drained) or changed, targets swapped atomically. */
  update(config: DataPlaneConfig): Promise<UpdateResult>;
  /** DescribeTargetHealth's rows for a target group (empty for one the data plane does not know). */
  targetHealth(targetGroupArn: string): TargetHealthView[];
  stop(): Promise<void>;
}

export const DATA_PLANE_DEFAULTS = {
  // Slow-header clients (slowloris) are cut within a few seconds; a real client sends its headers at once.
  headersTimeoutMs: 2_000,
  requestTimeoutMs: 0,
  maxHeaderBytes: 64 * 1024,
  maxConnections: 10_000,
  maxBodyBytes: 1024 * 1024 * 1024,
  targetConnectTimeoutMs: 10_000,
  connectionsPerTarget: 128,
  drainTimeoutMs: 30_000,
};

interface Running {
  config: ListenerConfig;
  readonly bound: BoundListener;
}

/** Whether a listener must be re-bound (a new socket) rather than given new rules. */
function needsRebind(a: ListenerConfig, b: ListenerConfig): boolean {
  return (
    a.port !== b.port ||
    a.protocol !== b.protocol ||
    a.idleTimeoutSeconds !== b.idleTimeoutSeconds ||
    a.tls?.certificatePem !== b.tls?.certificatePem ||
    a.tls?.privateKeyPem !== b.tls?.privateKeyPem
  );
}

/** The target groups some listener's rules or default actions forward to (the others' targets are unused). */
function groupsInUse(config: DataPlaneConfig): Set<string> {
  const used = new Set<string>();
  for (const l of config.listeners) {
    for (const actions of [l.defaultActions, ...l.rules.map((r) => r.actions)]) {
      for (const a of actions) if (a.type === 'forward') for (const g of a.targetGroups) used.add(g.arn);
    }
  }
  return used;
}

function findInspector(runtime: Runtime): TrafficInspector | undefined {
  for (const service of runtime.services.values()) if (service.traffic?.inspector) return service.traffic.inspector;
  return undefined;
}

export async function startDataPlane(
  runtime: Runtime,
  initial: DataPlaneConfig,
  options: DataPlaneOptions = {},
): Promise<DataPlane> {
  const opts = { ...DATA_PLANE_DEFAULTS, ...options };
  const host = options.host ?? runtime.config.dataPlaneHost;
  const limits: ListenerLimits = opts;
  // Target connections: one keep-alive pool per target origin. ALB does not verify targets' certificates.
  const targets = new Agent({
    connections: opts.connectionsPerTarget,
    connect: { timeout: opts.targetConnectTimeoutMs, rejectUnauthorized: false },
  });
  const checker = new Agent({ connect: { timeout: opts.targetConnectTimeoutMs, rejectUnauthorized: false } });
  const inspector = findInspector(runtime);
  const observers = options.observers ?? findObservers(runtime);
  const bind = options.listenerSource ?? bindListener;
  // Shield Standard: one gate for every listener of this node (per-client connections and request bucket).
  const gate = new ClientGate(clientLimitsOf(runtime.config));
  const listeners = new Map<string, Running>();
  const groups = new Map<string, TargetGroupRuntime>();
  let stopped = false;
  // Updates run one at a time, in the order asked, so two quick changes cannot interleave their binds.
  let queue: Promise<unknown> = Promise.resolve();

  const onRequestFor =
    (arn: string) => (req: Parameters<typeof handleRequest>[1], res: Parameters<typeof handleRequest>[2]) => {
      const running = listeners.get(arn);
      if (running === undefined) return sendError(res, 503);
      // Past its bucket a client is answered at once, before any inspection, routing or forwarding.
      const admitted = gate.enterRequest(req.socket.remoteAddress ?? '');
      if (!admitted) return sendError(res, 429);
      // 'on', not 'once': a response closes once, and once-wrappers cost a listener removal per request.
      res.on('close', admitted.done);
      observeExchange(runtime, observers, running.config.loadBalancerArn, req, res);
      // The listener's configuration as it is now: a later update does not change this request's routing.
      handleRequest(
        {
          runtime,
          listener: running.config,
          targetGroups: groups,
          targets,
          maxBodyBytes: opts.maxBodyBytes,
          inspector,
        },
        req,
        res,
      ).catch((err: unknown) => {
        runtime.log.error({ err, listenerArn: arn }, 'data plane request failed');
        sendError(res, 500);
      });
    };

  const apply = async (config: DataPlaneConfig): Promise<UpdateResult> => {
    if (stopped) return { failed: [] };
    // Target groups first, so a newly opened listener finds its targets.
    const used = groupsInUse(config);
    const wantedGroups = new Map(config.targetGroups.map((g) => [g.arn, g]));
    for (const [arn, group] of groups) {
      if (!wantedGroups.has(arn)) {
        group.stop();
        groups.delete(arn);
      }
    }
    for (const [arn, tg] of wantedGroups) {
      const existing = groups.get(arn);
      if (existing === undefined) groups.set(arn, new TargetGroupRuntime(tg, used.has(arn), checker, runtime.log));
      else existing.apply(tg, used.has(arn));
    }

    const wanted = new Map(config.listeners.map((l) => [l.arn, l]));
    const closing: Promise<void>[] = [];
    for (const [arn, running] of listeners) {
      const next = wanted.get(arn);
      if (next === undefined || needsRebind(running.config, next)) {
        listeners.delete(arn);
        closing.push(running.bound.close(next === undefined ? opts.drainTimeoutMs : 0));
      } else {
        running.config = next;
      }
    }
    // A re-bound port must be free before it is bound again.
    await Promise.all(closing);
    const failed: ListenerFailure[] = [];
    for (const [arn, l] of wanted) {
      if (listeners.has(arn)) continue;
      const outcome = await bind(l, host, limits, onRequestFor(arn));
      if (outcome.ok) {
        // A listener that hands its connections on guards and observes them where it hands them.
        const { server } = outcome.listener;
        if (server !== undefined) {
          gate.guard(server);
          observeConnections(runtime, observers, server, () => listeners.get(arn)?.config.loadBalancerArn);
        }
        listeners.set(arn, { config: l, bound: outcome.listener });
      } else {
        failed.push({ listenerArn: arn, port: l.port, code: outcome.code, message: outcome.message });
        runtime.log.warn({ listenerArn: arn, port: l.port, code: outcome.code }, 'listener could not bind');
      }
    }
    return { failed };
  };

  const update = (config: DataPlaneConfig): Promise<UpdateResult> => {
    const run = queue.then(() => apply(config));
    queue = run.catch(() => undefined);
    return run;
  };

  const initialResult = await update(initial);
  return {
    initialResult,
    update,
    targetHealth: (arn) => groups.get(arn)?.view() ?? [],
    stop: async () => {
      stopped = true;
      await queue;
      const closing = [...listeners.values()].map((l) => l.bound.close(opts.drainTimeoutMs));
      listeners.clear();
      for (const group of groups.values()) group.stop();
      groups.clear();
      await Promise.all(closing);
      await Promise.all([targets.close(), checker.close()]);
    },
  };
}
