// Shield Standard on a load-balancer listener: slow-header sockets (slowloris) are cut by the headers timeout while
// other clients are served; a client past its connection cap is closed at accept; past its request bucket, 429.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

function get(port: number, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', localAddress: from, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

function open(port: number, from: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: from }, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** What the server sent before it closed the socket (a hang guard fails the test if it never does). */
function whenClosed(socket: Socket, guardMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const guard = setTimeout(() => reject(new Error('the listener kept a slow-header socket open')), guardMs);
    socket.on('data', (d) => (received += d.toString()));
    socket.on('close', () => {
      clearTimeout(guard);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
}

test('Shield Standard on a listener', async (t) => {
  const w = await startWarden({ connectionsPerClient: 60, clientRequestsPerSecond: 0.001, clientRequestBurst: 5 });
  const app = createServer((_req, res) => res.end('ok'));
  const appPort = await listenLocally(app);
  t.after(async () => {
    await new Promise((r) => app.close(r));
    await w.stop();
  });
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'standard' }))).LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'standard-tg', appPort);
  const port = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, port)));

  await t.test(
    'slowloris: 50 slow-header sockets are cut by the headers timeout; another client is served',
    async () => {
      const slow = await Promise.all(Array.from({ length: 50 }, () => open(port, '127.0.0.2')));
      const closed = slow.map((s) => whenClosed(s, 30_000));
      for (const s of slow) s.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      const trickle = setInterval(() => slow.forEach((s) => s.writable && s.write('a')), 200);
      try {
        for (let i = 0; i < 3; i++) assert.equal(await get(port, '127.0.0.3'), 200);
        const answers = await Promise.all(closed);
        // Node answers a request whose headers did not arrive in time 408 before closing.
        for (const a of answers) assert.match(a, /^HTTP\/1\.1 408 /);
      } finally {
        clearInterval(trickle);
      }
    },
  );

  await t.test('past its connection cap a client is closed at accept, others connect', async () => {
    const held = await Promise.all(Array.from({ length: 60 }, () => open(port, '127.0.0.5')));
    try {
      const extra = await open(port, '127.0.0.5');
      assert.equal(await whenClosed(extra, 10_000), '');
      assert.equal(await get(port, '127.0.0.6'), 200);
    } finally {
      for (const s of held) s.destroy();
    }
  });

  await t.test(
    'past its request bucket a client gets 429 before reaching the app; another client does not',
    async () => {
      for (let i = 0; i < 5; i++) assert.equal(await get(port, '127.0.0.4'), 200);
      assert.equal(await get(port, '127.0.0.4'), 429);
      assert.equal(await get(port, '127.0.0.7'), 200);
    },
  );
});
