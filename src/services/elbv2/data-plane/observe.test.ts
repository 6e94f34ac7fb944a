// What observers learn of a listener's connections: the requests each carried (HTTP and HTTPS), its ends, refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { Agent, createServer, get, type Server } from 'node:http';
import { createServer as createHttpsServer, get as httpsGet } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { pino } from 'pino';
import type { Runtime, TrafficObserver } from '../../../core/runtime.js';
import type { ObservedConnection, ObservedExchange } from '../../../core/traffic-observer.js';
import { selfSignedCertificate } from '../../../../test/helpers/saml-idp.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { observeConnections, observeExchange } from './observe.js';

const runtime = { services: new Map(), log: pino({ level: 'silent' }) } as unknown as Runtime;

function collector() {
  const connections: ObservedConnection[] = [];
  const exchanges: ObservedExchange[] = [];
  const observer: TrafficObserver = {
    observe: (_rt, arn, exchange) => {
      assert.equal(arn, 'lb');
      exchanges.push(exchange);
    },
    connection: (_rt, arn, connection) => {
      assert.equal(arn, 'lb');
      connections.push(connection);
    },
  };
  return { observer, connections, exchanges };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** Connects from `from`, optionally writes, and closes; resolves once closed. */
function touch(port: number, from: string, write?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from }, () =>
      write === undefined ? socket.end() : socket.end(write),
    );
    socket.resume();
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

test('HTTP: a connection that sent nothing or garbage carried no request; a kept-alive one counts its requests', async () => {
  const { observer, connections, exchanges } = collector();
  const server = createServer((req, res) => {
    observeExchange(runtime, [observer], 'lb', req, res);
    res.end('ok');
  });
  observeConnections(runtime, [observer], server, () => 'lb');
  const port = await listen(server);
  try {
    await touch(port, '127.0.0.2');
    await touch(port, '127.0.0.2', 'SSH-2.0-OpenSSH_9.6\r\n');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 2; i++)
      await new Promise<void>((resolve, reject) =>
        get({ host: '127.0.0.1', port, localAddress: '127.0.0.3', agent }, (res) => res.resume().on('end', resolve)).on(
          'error',
          reject,
        ),
      );
    agent.destroy();
    await waitFor(() => connections.length === 3, { what: 'three closed connections' });
    const by = (ip: string) => connections.filter((c) => c.clientIp === ip);
    assert.deepEqual(
      by('127.0.0.2').map((c) => c.requests),
      [0, 0],
    );
    assert.deepEqual(
      by('127.0.0.3').map((c) => c.requests),
      [2],
    );
    for (const c of connections) {
      assert.equal(c.localPort, port);
      assert.equal(c.localIp, '127.0.0.1');
      assert.ok(c.clientPort > 0);
      assert.equal(c.refused, false);
    }
    assert.equal(exchanges.length, 2);
    assert.equal(exchanges[0]!.localPort, port);
    assert.equal(exchanges[0]!.clientIp, '127.0.0.3');
    assert.equal(exchanges[0]!.clientPort, by('127.0.0.3')[0]!.clientPort);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('HTTPS: requests are matched to the TCP connection they came on; a connection without a handshake carried none', async () => {
  const keys = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ publicKey, privateKey }),
    ),
  );
  const der = selfSignedCertificate(keys.publicKey, keys.privateKey, 'lb.warden.test', 1);
  const cert = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  const { observer, connections } = collector();
  const server = createHttpsServer(
    { cert, key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) },
    (_req, res) => res.end('ok'),
  );
  observeConnections(runtime, [observer], server, () => 'lb');
  const port = await listen(server);
  try {
    await touch(port, '127.0.0.2');
    await new Promise<void>((resolve, reject) =>
      httpsGet({ host: '127.0.0.1', port, localAddress: '127.0.0.3', rejectUnauthorized: false, agent: false }, (res) =>
        res.resume().on('end', resolve),
      ).on('error', reject),
    );
    await waitFor(() => connections.length === 2, { what: 'two closed connections' });
    assert.equal(connections.find((c) => c.clientIp === '127.0.0.2')!.requests, 0);
    assert.equal(connections.find((c) => c.clientIp === '127.0.0.3')!.requests, 1);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('a connection refused at accept (a gate before the observers) is reported refused, with its client and port', async () => {
  const { observer, connections } = collector();
  const server = createServer((_req, res) => res.end());
  // The client gate's part: it reads the peer, then destroys the socket.
  server.on('connection', (socket: Socket) => {
    void socket.remoteAddress;
    socket.destroy();
  });
  observeConnections(runtime, [observer], server, () => 'lb');
  const port = await listen(server);
  try {
    await touch(port, '127.0.0.4').catch(() => undefined);
    await waitFor(() => connections.length === 1, { what: 'the refused connection' });
    assert.equal(connections[0]!.refused, true);
    assert.equal(connections[0]!.clientIp, '127.0.0.4');
    assert.equal(connections[0]!.localPort, port);
    assert.equal(connections[0]!.requests, 0);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('nothing is told for a listener no longer served, and nothing is watched without a connection observer', async () => {
  const { observer, connections } = collector();
  const server = createServer((_req, res) => res.end());
  const node = server.listenerCount('connection');
  observeConnections(runtime, [observer], server, () => undefined);
  const onlyExchanges: TrafficObserver = { observe: () => assert.fail('no exchange here') };
  observeConnections(runtime, [onlyExchanges], server, () => 'lb');
  assert.equal(server.listenerCount('connection'), node + 1, 'only the observer with connection() is wired');
  const port = await listen(server);
  try {
    await touch(port, '127.0.0.2');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(connections.length, 0);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
