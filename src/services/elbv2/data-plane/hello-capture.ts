// Reads each TLS connection's ClientHello before the handshake starts (put back for TLS to read), and keeps its fingerprints.
import type { Socket } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { fingerprints, readClientHello, type TlsFingerprints } from './client-hello.js';

const byConnection = new WeakMap<Socket, TlsFingerprints>();

/**
 * The JA3/JA4 fingerprints of the connection a request arrived on; undefined on plain HTTP or when the hello could
 * not be read. Node's TLSSocket keeps the TCP socket it wraps as `_parent` (the socket the capture saw).
 */
export function tlsFingerprintsOf(socket: Socket): TlsFingerprints | undefined {
  return byConnection.get(socket) ?? byConnection.get((socket as { _parent?: Socket })._parent as Socket);
}

/**
 * Puts a reader in front of `server`'s TLS: each new TCP connection's first bytes are read until they hold a whole
 * ClientHello (or cannot: not TLS, malformed, over MAX_HELLO_BYTES), then pushed back onto the socket unconsumed and
 * the connection handed to TLS as Node's tls.Server documents ("emitted explicitly to inject connections"). A client
 * that sends nothing for `timeoutMs` is cut, as the headers timeout would.
 */
export function captureClientHellos(server: TlsServer, timeoutMs: number): void {
  const handOver = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    // Bytes before which the hello cannot be read further: a client dripping bytes costs one parse per record.
    let need = 1;
    let done = false;
    // Until TLS owns the socket, a reset must not become an unhandled 'error'.
    const ignore = () => undefined;
    socket.on('error', ignore);
    const timer = setTimeout(() => finish(false), timeoutMs);
    timer.unref();
    const finish = (deliver: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      if (!deliver || socket.destroyed) {
        socket.destroy();
        return;
      }
      if (seen > 0) socket.unshift(Buffer.concat(chunks, seen));
      for (const listener of handOver) listener.call(server, socket);
    };
    const onEnd = () => finish(true);
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      seen += chunk.length;
      if (seen < need) return;
      const outcome = readClientHello(chunks.length === 1 ? chunk : Buffer.concat(chunks, seen));
      if (outcome.state === 'incomplete') {
        need = outcome.need;
        return;
      }
      if (outcome.state === 'complete') byConnection.set(socket, fingerprints(outcome.hello));
      finish(true);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
  });
}
