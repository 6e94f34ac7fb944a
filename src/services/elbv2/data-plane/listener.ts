// One listening socket: node:http or node:https with every bound a load balancer's front door needs, and draining close.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as NetServer } from 'node:net';
import type { ListenerConfig } from './config.js';
import { captureClientHellos } from './hello-capture.js';

/** The bounds every listener applies to its clients (see docs/elbv2-data-plane.md). */
export interface ListenerLimits {
  /** Time a client has to send its request line and headers (ms). */
  readonly headersTimeoutMs: number;
  /** Time a client has to send its whole request, body included (ms; 0: none). */
  readonly requestTimeoutMs: number;
  /** Request line plus headers, in bytes; over it the client gets 431. */
  readonly maxHeaderBytes: number;
  /** Open client connections per listener; further ones are refused. */
  readonly maxConnections: number;
}

export interface BoundListener {
  /** The HTTP server serving the listener here; absent when its connections are served in another process. */
  readonly server?: Server;
  /** Stops accepting, lets in-flight requests finish for up to `drainMs`, then cuts what is left. */
  close(drainMs: number): Promise<void>;
}

export type BindOutcome = { ok: true; listener: BoundListener } | { ok: false; code: string; message: string };

export type RequestListener = Parameters<typeof createHttpServer>[1];

/** How a data plane comes by a listener's connections: bindListener below, or a data-plane worker's alternatives. */
export type ListenerSource = (
  config: ListenerConfig,
  host: string,
  limits: ListenerLimits,
  onRequest: RequestListener,
) => Promise<BindOutcome>;

/** The node:http server options a listener's bounds come to. */
function serverOptions(config: ListenerConfig, limits: ListenerLimits) {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs || Infinity);
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout,
    requestTimeout: limits.requestTimeoutMs,
    // idle_timeout.timeout_seconds: how long a kept-alive client connection may sit idle.
    keepAliveTimeout: config.idleTimeoutSeconds * 1000,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/**
 * The listener's server, not yet listening: node:http, or node:https reading each ClientHello first (JA3/JA4). Throws
 * for a certificate or key that does not parse.
 */
export function createListenerServer(
  config: ListenerConfig,
  limits: ListenerLimits,
  onRequest: RequestListener,
): Server {
  const options = serverOptions(config, limits);
  if (config.protocol !== 'HTTPS') return createHttpServer(options, onRequest);
  const tls = createHttpsServer(
    // The handshake shares the headers' bound (Node's own default would let it hang for 120 s).
    {
      ...options,
      handshakeTimeout: options.headersTimeout,
      cert: config.tls?.certificatePem,
      key: config.tls?.privateKeyPem,
    },
    onRequest,
  );
  captureClientHellos(tls, options.headersTimeout);
  return tls;
}

/** Creates and binds a listener's server; a port that cannot be bound is an outcome, never a throw. */
export async function bindListener(
  config: ListenerConfig,
  host: string,
  limits: ListenerLimits,
  onRequest: RequestListener,
): Promise<BindOutcome> {
  let server: Server;
  try {
    server = createListenerServer(config, limits, onRequest);
  } catch (err) {
    // A certificate or key that does not parse.
    return { ok: false, code: 'InvalidCertificate', message: (err as Error).message };
  }
  server.maxConnections = limits.maxConnections;
  // A malformed, oversized or too-slow request gets Node's default answer (400, 431, 408) and a closed socket.
  const bound = await listenAt(server, host, config.port);
  if (!bound.ok) return bound;
  return {
    ok: true,
    listener: {
      server,
      close: (drainMs) =>
        new Promise<void>((done) => {
          const cut = setTimeout(() => server.closeAllConnections(), drainMs);
          cut.unref();
          server.close(() => {
            clearTimeout(cut);
            done();
          });
          server.closeIdleConnections();
        }),
    },
  };
}

/** Binds `server` at host:port; a port that cannot be bound (EADDRINUSE, EACCES) is an outcome, never a throw. */
export function listenAt(
  server: NetServer,
  host: string,
  port: number,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => {
      resolve({ ok: false, code: err.code ?? 'EUNKNOWN', message: err.message });
    };
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      server.on('error', () => {
        // After binding, socket errors belong to single connections; the listener keeps serving.
      });
      resolve({ ok: true });
    });
  });
}
