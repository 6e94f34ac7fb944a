// An HTTPS listener reading ClientHellos: fingerprints reach the request, dripped hellos still work, garbage is only dropped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { connect as netConnect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { request } from 'node:https';
import { Duplex } from 'node:stream';
import type { ListenerConfig } from './config.js';
import { tlsFingerprintsOf } from './hello-capture.js';
import { bindListener, type BoundListener } from './listener.js';

const FIXTURES = new URL('../../../../test/fixtures/iam/', import.meta.url);
let bound: BoundListener;
let port: number;

before(async () => {
  const probe = createNetServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const config: ListenerConfig = {
    arn: 'l',
    loadBalancerArn: 'lb',
    protocol: 'HTTPS',
    port,
    tls: {
      certificatePem: await readFile(new URL('server.pem', FIXTURES), 'utf8'),
      privateKeyPem: await readFile(new URL('server.key', FIXTURES), 'utf8'),
    },
    rules: [],
    defaultActions: [],
    idleTimeoutSeconds: 5,
  };
  const limits = { headersTimeoutMs: 500, requestTimeoutMs: 0, maxHeaderBytes: 16384, maxConnections: 100 };
  const outcome = await bindListener(config, '127.0.0.1', limits, (req, res) => {
    const fp = tlsFingerprintsOf(req.socket);
    res.end(fp ? `${fp.ja3} ${fp.ja4}` : 'none');
  });
  assert.ok(outcome.ok);
  bound = outcome.listener;
});

after(() => bound.close(0));

/** One GET over TLS on a fresh connection, written through `via` (a socket of our own making) when given. */
function get(via?: () => Duplex): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        agent: false,
        rejectUnauthorized: false,
        ...(via ? { createConnection: () => tlsConnect({ socket: via(), rejectUnauthorized: false }) } : {}),
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A TCP connection to the listener that writes whatever TLS gives it one byte per write. */
function dripping(): Duplex {
  const socket = netConnect(port, '127.0.0.1');
  return new Duplex({
    write(chunk: Buffer, _enc, done) {
      for (const byte of chunk) socket.write(Buffer.from([byte]));
      done();
    },
    read() {},
    final(done) {
      socket.end();
      done();
    },
    construct(done) {
      socket.on('data', (c: Buffer) => this.push(c));
      socket.on('end', () => this.push(null));
      socket.on('error', (err) => this.destroy(err));
      socket.once('connect', () => done());
    },
  });
}

test("the request's socket carries the connection's JA3 and JA4", async () => {
  const [ja3, ja4] = (await get()).split(' ');
  assert.match(ja3!, /^[0-9a-f]{32}$/);
  assert.match(ja4!, /^t1[0-3]i\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/);
});

test('a ClientHello sent one byte per write is read whole and TLS still completes', async () => {
  const whole = await get();
  assert.equal(await get(dripping), whole);
});

test('bytes that are no TLS, and a client that sends nothing, are cut; the listener keeps serving', async () => {
  for (const garbage of [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), Buffer.from([22, 3, 1, 0xff, 0xff, 1])]) {
    const socket = netConnect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.resume(); // read what TLS answers (an alert), so the close is seen
    socket.write(garbage);
    await new Promise((r) => socket.once('close', r));
  }
  const silent = netConnect(port, '127.0.0.1');
  silent.on('error', () => undefined);
  silent.resume();
  // Closed by the listener after headersTimeoutMs, without a byte from the client.
  await new Promise((r) => silent.once('close', r));
  assert.match(await get(), /^[0-9a-f]{32} /);
});
