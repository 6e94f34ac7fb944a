// Hands each finished exchange and each closed connection at a listener to the services that learn from traffic
// (Shield, GuardDuty), with capped fields.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Runtime, TrafficObserver } from '../../../core/runtime.js';
import {
  capObserved,
  type ObservedConnection,
  type ObservedEnds,
  type ObservedExchange,
} from '../../../core/traffic-observer.js';

export function findObservers(runtime: Runtime): readonly TrafficObserver[] {
  const found: TrafficObserver[] = [];
  for (const service of runtime.services.values()) if (service.traffic?.observer) found.push(service.traffic.observer);
  return found;
}

function header(value: string | string[] | undefined): string {
  return capObserved(Array.isArray(value) ? value[0] : value);
}

function path(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return capObserved(q < 0 ? u : u.slice(0, q));
}

function endsOf(socket: Socket | undefined | null): ObservedEnds {
  return {
    clientIp: socket?.remoteAddress ?? '',
    clientPort: socket?.remotePort ?? 0,
    localIp: socket?.localAddress ?? '',
    localPort: socket?.localPort ?? 0,
  };
}

/** A connection closed at accept, as observers are told of it (no request carried). */
export function refusedConnection(socket: Socket): ObservedConnection {
  const ends = endsOf(socket);
  return {
    clientIp: ends.clientIp,
    clientPort: ends.clientPort,
    localIp: ends.localIp,
    localPort: ends.localPort,
    requests: 0,
    refused: true,
  };
}

/** Once the response is sent (or the client went away), what the exchange was. Nothing here can throw into the listener. */
export function observeExchange(
  runtime: Runtime,
  observers: readonly TrafficObserver[],
  loadBalancerArn: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (observers.length === 0) return;
  // Read now: by the time the response closes, the request may have been handed on (its socket detached).
  const ends = endsOf(req.socket);
  // A response closes once: 'on' spares the once-wrapper's removal.
  res.on('close', () => {
    // The ends written out: on Node 20's V8 a spread followed by properties it lacks costs ~1.5 µs here (a new
    // hidden class each time), about what Shield's and GuardDuty's observers take together.
    const exchange: ObservedExchange = {
      clientIp: ends.clientIp,
      clientPort: ends.clientPort,
      localIp: ends.localIp,
      localPort: ends.localPort,
      path: path(req.url),
      userAgent: header(req.headers['user-agent']),
      referrer: header(req.headers.referer),
      bytes: Number(req.headers['content-length'] ?? 0) + Number(res.getHeader('content-length') ?? 0) || 0,
      status: res.statusCode,
    };
    for (const observer of observers) {
      try {
        observer.observe(runtime, loadBalancerArn, exchange);
      } catch (err) {
        runtime.log.warn({ err }, 'a traffic observer failed');
      }
    }
  });
}

/** Observers told of closed connections (those with a `connection` method). */
function connectionObservers(observers: readonly TrafficObserver[]): TrafficObserver[] {
  return observers.filter((o) => o.connection !== undefined);
}

/**
 * Tells observers of each connection to `server` once it closes, with how many requests it carried. Added after
 * the client gate, so a connection the gate refused at accept is already destroyed when seen here. Requests are
 * matched to their connection by the client's address and port, which the TLS socket shares with the TCP one.
 * `resourceOf` names the listener's load balancer as it is when the connection closes (undefined: not served).
 */
export function observeConnections(
  runtime: Runtime,
  observers: readonly TrafficObserver[],
  server: Server,
  resourceOf: () => string | undefined,
): void {
  const told = connectionObservers(observers);
  if (told.length === 0) return;
  const requests = new Map<string, number>();
  const keyOf = (s: Socket) => `${s.remoteAddress ?? ''}|${s.remotePort ?? 0}`;
  server.on('request', (req: IncomingMessage) => {
    const key = keyOf(req.socket);
    const n = requests.get(key);
    if (n !== undefined) requests.set(key, n + 1);
  });
  server.on('connection', (socket: Socket) => {
    // A socket the gate destroyed no longer knows its own end (its peer it had already been asked for).
    const bound = server.address();
    const own = typeof bound === 'object' && bound !== null ? bound : undefined;
    const seen = endsOf(socket);
    const ends = {
      ...seen,
      localIp: seen.localIp || own?.address || '',
      localPort: seen.localPort || own?.port || 0,
    };
    const refused = socket.destroyed;
    const key = keyOf(socket);
    requests.set(key, 0);
    socket.once('close', () => {
      const carried = requests.get(key) ?? 0;
      requests.delete(key);
      const resourceArn = resourceOf();
      if (resourceArn === undefined) return;
      const connection: ObservedConnection = {
        clientIp: ends.clientIp,
        clientPort: ends.clientPort,
        localIp: ends.localIp,
        localPort: ends.localPort,
        requests: carried,
        refused,
      };
      for (const observer of told) {
        try {
          observer.connection?.(runtime, resourceArn, connection);
        } catch (err) {
          runtime.log.warn({ err }, 'a traffic observer failed');
        }
      }
    });
  });
}
