// A data-plane worker's data plane: listeners fed the connections the serving process accepted, its observations relayed back.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Registry } from 'prom-client';
import type { ExportedMetrics, Runtime, WorkerSide } from '../../../../core/runtime.js';
import type { DataPlaneConfig } from '../config.js';
import { startDataPlane, type DataPlane, type DataPlaneOptions, type UpdateResult } from '../data-plane.js';
import { createListenerServer, type BindOutcome, type ListenerSource } from '../listener.js';
import type { Peer } from './peer.js';
import { ObservationRelay } from './relay.js';

/** The data plane's options as they cross the IPC channel (plain values only). */
export type WorkerPlaneOptions = Omit<DataPlaneOptions, 'listenerSource' | 'observers'>;

/** How often a draining listener closes the connections that have gone idle since (their requests finished). */
const DRAIN_POLL_MS = 50;

/**
 * Listeners whose servers never listen: each connection arrives from the serving process (the note `conn`) and is
 * handed to the listener's node:http or node:https server as if accepted here, so every bound of the listener applies.
 */
class HandedListeners {
  private readonly servers = new Map<string, Server>();

  readonly source: ListenerSource = async (config, _host, limits, onRequest): Promise<BindOutcome> => {
    let server: Server;
    try {
      server = createListenerServer(config, limits, onRequest);
    } catch (err) {
      return { ok: false, code: 'InvalidCertificate', message: (err as Error).message };
    }
    // node:http tracks its connections, and enforces the headers and request timeouts on them (the slow-header
    // bound), only from its 'listening' event on. This server never listens: it is told it does, so connections
    // handed to it are held to the same bounds as a listening one's (tested: a slow-header client gets its 408).
    server.emit('listening');
    const open = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    });
    this.servers.set(config.arn, server);
    return {
      ok: true,
      listener: {
        server,
        close: (drainMs) => {
          if (this.servers.get(config.arn) === server) this.servers.delete(config.arn);
          return drain(server, open, drainMs);
        },
      },
    };
  };

  /** Serves a connection the serving process handed over; false when no listener here has that ARN. */
  take(listenerArn: string, socket: Socket): boolean {
    const server = this.servers.get(listenerArn);
    if (server === undefined) return false;
    server.emit('connection', socket);
    return true;
  }
}

/** Closes connections as they go idle, and cuts what is left after `drainMs`. */
function drain(server: Server, open: ReadonlySet<Socket>, drainMs: number): Promise<void> {
  // As a listening server's close: stops the timeout sweep; the connections left are closed below.
  server.close();
  return new Promise((done) => {
    const started = Date.now();
    const poll = () => {
      server.closeIdleConnections();
      if (open.size === 0) return done();
      if (Date.now() - started >= drainMs) {
        server.closeAllConnections();
        for (const socket of open) socket.destroy();
        return done();
      }
      setTimeout(poll, DRAIN_POLL_MS).unref();
    };
    poll();
  });
}

export interface WorkerPlane {
  update(config: DataPlaneConfig): Promise<UpdateResult>;
  /**
   * A connection handed over for a listener, under the serving process's `key` for it: the key goes back the moment
   * the connection closes (or at once, if no listener here serves it), which frees what the serving process counted.
   */
  take(listenerArn: string, key: string, socket: Socket): void;
  /** A question the serving process asked a service's worker side. */
  answerService(service: string, message: unknown): unknown;
  metrics(): Promise<ExportedMetrics>;
  stop(): Promise<void>;
}

/**
 * Sets up every service's worker side (WAF's epoch, rate counts and samples), then serves the configuration. The
 * worker's own metrics registry holds what its services count; the serving process adds it into /metrics.
 */
export async function startWorkerPlane(
  runtime: Runtime,
  peer: Peer,
  initial: DataPlaneConfig,
  options: WorkerPlaneOptions,
): Promise<WorkerPlane> {
  const registry = new Registry();
  const sides = new Map<string, WorkerSide>();
  for (const [model, service] of runtime.services) {
    const hooks = service.traffic?.workers;
    if (hooks === undefined) continue;
    const link = {
      ask: async (message: unknown) => [await peer.ask('service', { service: model, message })],
    };
    sides.set(model, await hooks.work(runtime, link, registry));
  }
  const listeners = new HandedListeners();
  const relay = new ObservationRelay((batch) => peer.note({ k: 'observed', ...batch }));
  const plane: DataPlane = await startDataPlane(runtime, initial, {
    ...options,
    listenerSource: listeners.source,
    observers: [relay],
  });
  return {
    update: (config) => plane.update(config),
    take(listenerArn, key, socket) {
      // Whatever closes it (the client, a timeout, a drain, a listener deleted meanwhile), and whether or not an
      // observer hears of it.
      socket.once('close', () => peer.note({ k: 'closed', key }));
      if (!listeners.take(listenerArn, socket)) socket.destroy();
    },
    answerService(service, message) {
      const side = sides.get(service);
      if (side === undefined) throw new Error(`no worker side for ${service}`);
      return side.answer(message);
    },
    metrics: () => registry.getMetricsAsJSON(),
    async stop() {
      await plane.stop();
      relay.flush();
      for (const side of sides.values()) side.stop?.();
    },
  };
}
