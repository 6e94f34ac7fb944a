// The serving process's side of data-plane workers: listeners bound and accepted here, each connection handed to a worker process.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { ExportedMetrics, Runtime, WorkerLink, WorkerSide } from '../../../../core/runtime.js';
import type { ObservedConnection } from '../../../../core/traffic-observer.js';
import { ClientGate, clientLimitsOf } from '../../../../core/client-gate.js';
import type { DataPlaneConfig, ListenerConfig } from '../config.js';
import {
  DATA_PLANE_DEFAULTS,
  startDataPlane,
  type DataPlane,
  type DataPlaneOptions,
  type UpdateResult,
} from '../data-plane.js';
import { listenAt, type BindOutcome, type ListenerSource } from '../listener.js';
import { findObservers, refusedConnection } from '../observe.js';
import { Peer, type IpcEnd } from './peer.js';
import type { ObservedBatch } from './relay.js';
import type { WorkerPlaneOptions } from './worker-plane.js';

/** The worker process's entry (it loads the TypeScript sources through tsx, as bin/warden.js does). */
const WORKER_ENTRY = fileURLToPath(new URL('../../../../../bin/data-plane-worker.js', import.meta.url));
/** How long a worker has to open the store and start serving. */
const INIT_TIMEOUT_MS = 60_000;
/** A worker that exits unasked is started again after this (doubling, up to RESTART_MAX_MS, while it keeps failing). */
const RESTART_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker that ran this long before exiting counts as having started well: its restart waits RESTART_MS again. */
const STEADY_MS = 60_000;

interface Worker {
  readonly index: number;
  readonly child: ChildProcess;
  readonly peer: Peer;
  /** Whether it has started serving (only then are connections handed to it). */
  ready: boolean;
  /**
   * The connections handed to it and not yet reported closed, by the key they were handed with: what releases their count,
   * and the socket (Node keeps it here until the worker has taken it; if the worker dies first, it is cut here).
   */
  readonly holds: Map<string, { readonly release: () => void; readonly socket: Socket }>;
}

export interface SupervisedDataPlane extends DataPlane {
  /** Each running worker's metrics registry, exported. */
  metrics(): Promise<ExportedMetrics[]>;
}

/** Names each connection handed to a worker; the worker sends it back when the connection closes. */
let nextConnectionKey = 0;

/**
 * Starts `count` worker processes and the listeners they serve. Each listener is bound here (a busy port or a bad
 * certificate fails here, as in one process) and accepts without reading; every connection goes whole to the next
 * worker in turn, which serves it with the whole data plane (WAF, rules, proxying, health checks of its own, as each
 * ALB node runs its own). The per-client connection cap and the listener's connection cap are counted here, across
 * workers; observers here hear every worker's exchanges and connections.
 */
export async function startSupervisedDataPlane(
  runtime: Runtime,
  initial: DataPlaneConfig,
  count: number,
  options: WorkerPlaneOptions = {},
): Promise<SupervisedDataPlane> {
  const observers = findObservers(runtime);
  const gate = new ClientGate(clientLimitsOf(runtime.config));
  const maxConnections = options.maxConnections ?? DATA_PLANE_DEFAULTS.maxConnections;
  const workers: Worker[] = [];
  const sides = new Map<string, WorkerSide>();
  const openPerListener = new Map<string, number>();
  let current = initial;
  let turn = 0;
  let stopping = false;

  const tellConnection = (resourceArn: string, connection: ObservedConnection) => {
    for (const o of observers) {
      try {
        o.connection?.(runtime, resourceArn, connection);
      } catch (err) {
        runtime.log.warn({ err }, 'a traffic observer failed');
      }
    }
  };

  const observed = (batch: ObservedBatch) => {
    for (const [arn, exchange] of batch.exchanges) {
      for (const o of observers) {
        try {
          o.observe(runtime, arn, exchange);
        } catch (err) {
          runtime.log.warn({ err }, 'a traffic observer failed');
        }
      }
    }
    for (const [arn, connection] of batch.connections) tellConnection(arn, connection);
  };

  /**
   * Asks every worker serving now; the answers of those that answered. One that failed to (it died meanwhile: its
   * replacement starts with the state of that moment) is logged and left out.
   */
  const askWorkers = async (kind: string, body: unknown): Promise<unknown[]> => {
    const settled = await Promise.allSettled(workers.filter((w) => w.ready).map((w) => w.peer.ask(kind, body)));
    for (const r of settled)
      if (r.status === 'rejected') runtime.log.warn({ err: r.reason, kind }, 'a data-plane worker did not answer');
    return settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  };
  const linkFor = (service: string): WorkerLink => ({ ask: (message) => askWorkers('service', { service, message }) });
  for (const [model, service] of runtime.services) {
    const hooks = service.traffic?.workers;
    if (hooks !== undefined) sides.set(model, await hooks.supervise(runtime, linkFor(model)));
  }

  const answer = (kind: string, body: unknown): unknown => {
    if (kind !== 'service') throw new Error(`unknown question ${kind}`);
    const { service, message } = body as { service: string; message: unknown };
    const side = sides.get(service);
    if (side === undefined) throw new Error(`no serving side for ${service}`);
    return side.answer(message);
  };

  const spawn = async (index: number, backoffMs: number): Promise<Worker> => {
    const child = fork(WORKER_ENTRY, [], {
      // The worker's log lines go where this process's go; nothing is read from a terminal.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
      serialization: 'json',
    });
    const startedAt = Date.now();
    const worker: Worker = {
      index,
      child,
      peer: undefined as unknown as Peer,
      ready: false,
      holds: new Map(),
    };
    let listening: () => void = () => undefined;
    const heard = new Promise<void>((r) => (listening = r));
    (worker as { peer: Peer }).peer = new Peer(child as unknown as IpcEnd, answer, (note) => {
      if (note.k === 'closed' && typeof note.key === 'string') {
        worker.holds.get(note.key)?.release();
        worker.holds.delete(note.key);
      } else if (note.k === 'observed') observed(note as unknown as ObservedBatch);
      else if (note.k === 'listening') listening();
    });
    // The channel closes as the process dies, often before its exit is seen: no connection goes to it from then on.
    child.once('disconnect', () => {
      worker.ready = false;
    });
    child.once('exit', (code, signal) => {
      worker.ready = false;
      worker.peer.failAll('data-plane worker exited');
      for (const { release, socket } of worker.holds.values()) {
        release();
        socket.destroy();
      }
      worker.holds.clear();
      const at = workers.indexOf(worker);
      if (stopping || at < 0) return;
      runtime.log.warn({ worker: index, code, signal }, 'data-plane worker exited; starting another');
      // One that served a while failed once: it starts again soon. One that keeps failing waits longer each time.
      restart(at, index, Date.now() - startedAt > STEADY_MS ? RESTART_MS : backoffMs);
    });
    const gone = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`data-plane worker exited (${code}) while starting`))),
    );
    gone.catch(() => undefined);
    try {
      await Promise.race([heard, gone]);
      await worker.peer.ask('init', { config: runtime.config, options, dataPlane: current, index }, INIT_TIMEOUT_MS);
    } catch (err) {
      // A worker that could not start (its store unreachable, say) is not left running unserved.
      child.kill('SIGKILL');
      throw err;
    }
    worker.ready = true;
    return worker;
  };

  /** Starts worker `index` again in slot `at` after `backoffMs`, and again (doubling the wait) while it fails to. */
  const restart = (at: number, index: number, backoffMs: number) => {
    const wait = Math.min(RESTART_MAX_MS, backoffMs);
    setTimeout(() => {
      if (stopping) return;
      spawn(index, wait * 2).then(
        (next) => {
          if (stopping) return void next.child.kill('SIGKILL');
          workers[at] = next;
        },
        (err: unknown) => {
          runtime.log.error({ err, worker: index }, 'data-plane worker could not start');
          restart(at, index, wait * 2);
        },
      );
    }, wait).unref();
  };

  /** The next ready worker in turn; undefined while none is. */
  const nextWorker = (): Worker | undefined => {
    for (let i = 0; i < workers.length; i++) {
      const w = workers[turn++ % workers.length]!;
      if (w.ready) return w;
    }
    return undefined;
  };

  const refuse = (resourceArn: string | undefined, socket: Socket) => {
    const connection = refusedConnection(socket);
    socket.destroy();
    if (resourceArn !== undefined) tellConnection(resourceArn, connection);
  };

  /** A bound socket that never reads: each connection goes to a worker, unread. */
  const acceptors: ListenerSource = async (config: ListenerConfig, host): Promise<BindOutcome> => {
    if (config.protocol === 'HTTPS') {
      try {
        createSecureContext({ cert: config.tls?.certificatePem, key: config.tls?.privateKeyPem });
      } catch (err) {
        return { ok: false, code: 'InvalidCertificate', message: (err as Error).message };
      }
    }
    const server: NetServer = createNetServer({ pauseOnConnect: true }, (socket) =>
      handOver(config.arn, config.loadBalancerArn, socket),
    );
    const bound = await listenAt(server, host, config.port);
    if (!bound.ok) return bound;
    return {
      ok: true,
      listener: {
        // Connections handed on are closed here at once: nothing is left to drain but the socket itself.
        close: () => new Promise<void>((done) => server.close(() => done())),
      },
    };
  };

  const handOver = (listenerArn: string, resourceArn: string, socket: Socket, attempt = 0) => {
    if (attempt === 0) socket.on('error', () => socket.destroy());
    const worker = nextWorker();
    const open = openPerListener.get(listenerArn) ?? 0;
    const release =
      worker !== undefined && open < maxConnections ? gate.holdConnection(socket.remoteAddress ?? '') : undefined;
    if (worker === undefined || release === undefined) return refuse(resourceArn, socket);
    openPerListener.set(listenerArn, open + 1);
    const key = (nextConnectionKey++).toString(36);
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      release();
      const n = (openPerListener.get(listenerArn) ?? 1) - 1;
      if (n <= 0) openPerListener.delete(listenerArn);
      else openPerListener.set(listenerArn, n);
    };
    worker.holds.set(key, { release: done, socket });
    worker.peer.note({ k: 'conn', arn: listenerArn, key }, socket, (err) => {
      if (!err) {
        // The worker holds its own descriptor now: closing this one leaves the connection open.
        socket.destroy();
        return;
      }
      // The worker is gone (its exit not yet seen): the connection, still whole here, goes to the next one.
      worker.ready = false;
      worker.holds.delete(key);
      done();
      if (attempt + 1 < workers.length && !socket.destroyed) handOver(listenerArn, resourceArn, socket, attempt + 1);
      else socket.destroy();
    });
  };

  // Workers first: their listeners exist before this process accepts a connection for them.
  workers.push(...(await Promise.all(Array.from({ length: count }, (_, i) => spawn(i, RESTART_MS)))));
  const local = await startDataPlane(runtime, initial, {
    ...options,
    listenerSource: acceptors,
    observers,
  } satisfies DataPlaneOptions);

  return {
    initialResult: local.initialResult,
    async update(config): Promise<UpdateResult> {
      current = config;
      // Workers first (a new listener is ready there before it accepts here); this process's binds decide the result.
      await askWorkers('update', config);
      return local.update(config);
    },
    targetHealth: (arn) => local.targetHealth(arn),
    metrics: async () => (await askWorkers('metrics', null)) as ExportedMetrics[],
    async stop() {
      stopping = true;
      await local.stop();
      await Promise.all(
        workers.map(async (w) => {
          const exited = new Promise<void>((r) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) r();
            else w.child.once('exit', () => r());
          });
          await w.peer
            .ask('stop', null, (options.drainTimeoutMs ?? DATA_PLANE_DEFAULTS.drainTimeoutMs) + 5_000)
            .catch(() => undefined);
          const killed = setTimeout(() => w.child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(killed);
        }),
      );
      for (const side of sides.values()) side.stop?.();
    },
  };
}
