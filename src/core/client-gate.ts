// Shield Standard's per-client limits on a listener: connections per client and in all, and a request-rate bucket.
import type { Server, Socket } from 'node:net';
import type { Config } from '../config.js';
import { sourceKey } from './source-key.js';

export interface ClientLimits {
  /** Connections one client (IPv4 address or IPv6 /64) may hold open at once; further ones are closed at accept. */
  readonly connectionsPerClient: number;
  /** Requests per second one client earns (0: no rate limit) ... */
  readonly requestsPerSecond: number;
  /** ... and may spend in a burst. */
  readonly requestBurst: number;
  /** Clients whose buckets are remembered at once; past this the least recently seen are forgotten. */
  readonly trackedClients: number;
  /**
   * Requests one client may have in progress at once (0: no cap). What a flood from one client can take of the event
   * loop is bounded by this, so other clients wait behind at most this many of its requests.
   */
  readonly concurrentRequestsPerClient: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Counts each client's open connections and its requests. A flood from one client then holds at most
 * `connectionsPerClient` connections (so the event loop still turns to other clients' sockets), and its requests
 * past the bucket are answered at once without work. Nothing is kept per client beyond a count and a bucket.
 */
export class ClientGate {
  private readonly open = new Map<string, number>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly inFlight = new Map<string, number>();
  /** Connections closed at accept, and requests refused, since start (for /metrics and tests). */
  refusedConnections = 0;
  refusedRequests = 0;

  constructor(
    readonly limits: ClientLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Closes, at accept, connections over the client's cap; counts the rest until they close. */
  guard(server: Server): void {
    server.on('connection', (socket: Socket) => this.admitConnection(socket));
  }

  admitConnection(socket: Socket): boolean {
    const release = this.holdConnection(socket.remoteAddress ?? '');
    if (release === undefined) {
      socket.destroy();
      return false;
    }
    socket.once('close', release);
    return true;
  }

  /**
   * Counts one connection of the client until `release` is called (where the socket closes in another process: a
   * data-plane worker); undefined when the client is at its cap, counted as refused.
   */
  holdConnection(ip: string): (() => void) | undefined {
    const key = sourceKey(ip);
    const held = this.open.get(key) ?? 0;
    if (held >= this.limits.connectionsPerClient) {
      this.refusedConnections += 1;
      return undefined;
    }
    this.open.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.open.get(key) ?? 1) - 1;
      if (n <= 0) this.open.delete(key);
      else this.open.set(key, n);
    };
  }

  /** Whether the client may make one more request now (taking a token if so). */
  admitRequest(ip: string): boolean {
    return this.admitRequestOf(sourceKey(ip));
  }

  private admitRequestOf(key: string): boolean {
    if (this.limits.requestsPerSecond <= 0) return true;
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(
        this.limits.requestBurst,
        bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.limits.requestsPerSecond,
      );
      bucket.at = now;
      // Most recently seen last, so the first entry is the one to forget.
      this.buckets.delete(key);
    } else {
      bucket = { tokens: this.limits.requestBurst, at: now };
    }
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.limits.trackedClients) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens < 1) {
      this.refusedRequests += 1;
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  /**
   * Admits one request of the client if it is within its bucket and its in-progress cap; `done` must be called when
   * the request is over (its response closed). False: refused, nothing to release.
   */
  enterRequest(ip: string): { done: () => void } | undefined {
    const key = sourceKey(ip);
    if (!this.admitRequestOf(key)) return undefined;
    const cap = this.limits.concurrentRequestsPerClient;
    if (cap <= 0) return { done: () => undefined };
    const busy = this.inFlight.get(key) ?? 0;
    if (busy >= cap) {
      this.refusedRequests += 1;
      return undefined;
    }
    this.inFlight.set(key, busy + 1);
    let released = false;
    return {
      done: () => {
        if (released) return;
        released = true;
        const n = (this.inFlight.get(key) ?? 1) - 1;
        if (n <= 0) this.inFlight.delete(key);
        else this.inFlight.set(key, n);
      },
    };
  }

  /** Connections a client holds now. */
  connectionsOf(ip: string): number {
    return this.open.get(sourceKey(ip)) ?? 0;
  }
}

/** The configured limits (the same for the API listener and every load-balancer listener). */
export function clientLimitsOf(config: Config): ClientLimits {
  return {
    connectionsPerClient: config.connectionsPerClient,
    requestsPerSecond: config.clientRequestsPerSecond,
    requestBurst: config.clientRequestBurst,
    trackedClients: config.trackedClients,
    concurrentRequestsPerClient: config.concurrentRequestsPerClient,
  };
}
