// The data plane end to end on loopback: node:http upstreams behind listeners, as an ALB serves them.
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { Agent, request } from 'undici';
import type { Runtime, TrafficInspector } from '../../../core/runtime.js';
import type { InspectedRequest } from '../../../core/traffic.js';
import type { DataPlaneConfig, HealthCheckConfig, ListenerConfig, TargetGroupConfig } from './config.js';
import { startDataPlane, type DataPlane } from './data-plane.js';

const inspected: InspectedRequest[] = [];
const inspector: TrafficInspector = {
  bodyLimit: async () => 16,
  inspect: async (_runtime, arn, req) => {
    if (arn !== 'lb-waf') return undefined;
    inspected.push(req);
    if (req.uri === '/explode') throw new Error('inspector broke');
    if (req.body.toString().includes('attack')) {
      return { action: 'respond', status: 403, headers: [['x-blocked', 'yes']], body: Buffer.from('blocked') };
    }
    return { action: 'allow', insertHeaders: [['x-amzn-waf-checked', 'true']] };
  },
};
const runtime = {
  services: new Map([['wafv2', { traffic: { inspector } }]]),
  log: pino({ level: 'silent' }),
  config: { dataPlaneHost: '127.0.0.1' },
} as unknown as Runtime;

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Upstream {
  server: Server;
  port: number;
  seen: { method: string; url: string; headers: string[]; body: string }[];
  status: number;
}
async function upstream(
  name: string,
  handler?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Upstream> {
  const u: Upstream = { server: undefined as unknown as Server, port: 0, seen: [], status: 200 };
  u.server = createServer((req, res) => {
    if (handler) return handler(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/health') {
        res.writeHead(u.status).end();
        return;
      }
      u.seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.rawHeaders,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(201, { 'X-Upstream': name, 'Set-Cookie': ['a=1', 'b=2'], 'Content-Type': 'text/plain' });
      res.end(`from ${name}: ${Buffer.concat(chunks).toString()}`);
    });
  });
  await new Promise<void>((r) => u.server.listen(0, '127.0.0.1', r));
  u.port = (u.server.address() as AddressInfo).port;
  return u;
}

const hc = (over: Partial<HealthCheckConfig> = {}): HealthCheckConfig => ({
  enabled: true,
  protocol: 'HTTP',
  port: 'traffic-port',
  path: '/health',
  intervalSeconds: 0.05,
  timeoutSeconds: 0.2,
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 2,
  successCodes: '200',
  ...over,
});
const group = (arn: string, ports: number[], over: Partial<TargetGroupConfig> = {}): TargetGroupConfig => ({
  arn,
  protocol: 'HTTP',
  port: 80,
  healthCheck: hc(),
  targets: ports.map((port) => ({ id: '127.0.0.1', port })),
  deregistrationDelaySeconds: 0.3,
  ...over,
});
const forward = (arn: string) => [{ type: 'forward' as const, targetGroups: [{ arn, weight: 1 }] }];
const listener = (arn: string, port: number, over: Partial<ListenerConfig> = {}): ListenerConfig => ({
  arn,
  loadBalancerArn: 'lb-plain',
  protocol: 'HTTP',
  port,
  rules: [],
  defaultActions: forward('tg-a'),
  idleTimeoutSeconds: 0.4,
  ...over,
});

let a: Upstream;
let b: Upstream;
let silent: Upstream;
let plane: DataPlane;
let mainPort: number;
let wafPort: number;
let deadPort: number;
const client = new Agent({ keepAliveTimeout: 100 });
let config: DataPlaneConfig;

async function waitFor(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
const states = (arn: string) =>
  plane
    .targetHealth(arn)
    .map((t) => `${t.target.port}:${t.state}`)
    .sort();

before(async () => {
  a = await upstream('a');
  b = await upstream('b');
  silent = await upstream('silent', () => {
    // Never answers: the listener's idle timeout must turn this into a 504.
  });
  [mainPort, wafPort, deadPort] = [await freePort(), await freePort(), await freePort()];
  config = {
    targetGroups: [
      group('tg-a', [a.port, b.port]),
      group('tg-empty', []),
      group('tg-dead', [deadPort], { healthCheck: hc({ enabled: false }) }),
      group('tg-silent', [silent.port], { healthCheck: hc({ enabled: false }) }),
      group('tg-unused', [a.port]),
    ],
    listeners: [
      listener('l-main', mainPort, {
        rules: [
          {
            arn: 'r1',
            priority: 1,
            conditions: [{ field: 'path-pattern', values: ['/empty*'] }],
            actions: forward('tg-empty'),
          },
          {
            arn: 'r2',
            priority: 2,
            conditions: [{ field: 'path-pattern', values: ['/dead*'] }],
            actions: forward('tg-dead'),
          },
          {
            arn: 'r3',
            priority: 3,
            conditions: [{ field: 'path-pattern', values: ['/slow*'] }],
            actions: forward('tg-silent'),
          },
          {
            arn: 'r4',
            priority: 4,
            conditions: [
              { field: 'path-pattern', values: ['/fixed'] },
              { field: 'http-header', headerName: 'X-Mode', values: ['FIX*'] },
            ],
            actions: [
              { type: 'fixed-response', statusCode: 418, contentType: 'application/json', messageBody: '{"tea":1}' },
            ],
          },
          {
            arn: 'r5',
            priority: 5,
            conditions: [{ field: 'host-header', values: ['old.example.com'] }],
            actions: [
              {
                type: 'redirect',
                protocol: 'HTTPS',
                host: 'new.example.com',
                port: '#{port}',
                path: '/v2/#{path}',
                query: '#{query}&r=1',
                statusCode: 'HTTP_301',
              },
            ],
          },
        ],
      }),
      listener('l-waf', wafPort, { loadBalancerArn: 'lb-waf' }),
    ],
  };
  plane = await startDataPlane(runtime, config, { headersTimeoutMs: 300, requestTimeoutMs: 2000, drainTimeoutMs: 500 });
  assert.deepEqual(plane.initialResult.failed, []);
  await waitFor(
    'targets healthy',
    () =>
      states('tg-a').join() ===
      `${[a.port, b.port]
        .sort()
        .map((p) => `${p}:healthy`)
        .join()}`,
  );
});

after(async () => {
  await plane.stop();
  await client.close();
  for (const u of [a, b, silent]) {
    u.server.closeAllConnections();
    await new Promise<void>((r) => u.server.close(() => r()));
  }
});

async function call(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const res = await request(`http://127.0.0.1:${port}${path}`, {
    dispatcher: client,
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: init.body,
  });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}
const header = (raw: string[], name: string) =>
  raw.filter((_, i) => i % 2 === 0 && raw[i]!.toLowerCase() === name).map((n) => raw[raw.indexOf(n) + 1]);

test('bodies read whole (up to 8 KiB declared) and streamed (larger, or chunked) reach the target byte for byte', async () => {
  const cases = [
    { body: 'k=v&'.repeat(2048), framing: 'content-length' }, // 8192 bytes: read whole, sent as one buffer
    { body: 'k=v&'.repeat(2048) + 'x', framing: 'content-length' }, // one byte more: streamed
    { body: 'é'.repeat(3000), framing: 'transfer-encoding' }, // chunked: streamed whatever its size
  ];
  for (const { body, framing } of cases) {
    a.seen.length = 0;
    b.seen.length = 0;
    const res = await request(`http://127.0.0.1:${mainPort}/upload`, {
      dispatcher: client,
      method: 'POST',
      // A stream has no length up front: undici sends it chunked.
      body: framing === 'content-length' ? body : Readable.from([Buffer.from(body)]),
    });
    await res.body.text();
    const seen = [...a.seen, ...b.seen][0]!;
    assert.equal(seen.body, body);
    assert.equal(
      header(seen.headers, 'content-length')[0],
      framing === 'content-length' ? String(Buffer.byteLength(body)) : undefined,
    );
  }
});

test('passes method, path, query, body, status and headers through; X-Forwarded-* and trace id set', async () => {
  a.seen.length = 0;
  b.seen.length = 0;
  const res = await call(mainPort, '/a/B%20c?x=1&y=%2F', {
    method: 'PATCH',
    headers: { 'X-Custom': 'Value  With Spaces', 'X-Forwarded-For': '203.0.113.9', 'Content-Type': 'text/plain' },
    body: 'hello body',
  });
  const seen = [...a.seen, ...b.seen][0]!;
  assert.equal(seen.method, 'PATCH');
  assert.equal(seen.url, '/a/B%20c?x=1&y=%2F');
  assert.equal(seen.body, 'hello body');
  assert.deepEqual(header(seen.headers, 'x-custom'), ['Value  With Spaces']);
  assert.deepEqual(header(seen.headers, 'host'), [`127.0.0.1:${mainPort}`]);
  assert.deepEqual(header(seen.headers, 'x-forwarded-for'), ['203.0.113.9, 127.0.0.1']);
  assert.deepEqual(header(seen.headers, 'x-forwarded-proto'), ['http']);
  assert.deepEqual(header(seen.headers, 'x-forwarded-port'), [String(mainPort)]);
  assert.match(header(seen.headers, 'x-amzn-trace-id')[0]!, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  assert.equal(res.status, 201);
  assert.deepEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
  assert.equal(res.headers['content-type'], 'text/plain');
  assert.match(res.body, /^from (a|b): hello body$/);
});

test('round-robin over healthy targets', async () => {
  const from = [];
  for (let i = 0; i < 4; i++) from.push((await call(mainPort, '/rr')).headers['x-upstream']);
  assert.deepEqual(new Set(from).size, 2);
  assert.notEqual(from[0], from[1]);
  assert.equal(from[0], from[2]);
});

test('502 when the target refuses, 503 with no registered targets, 504 when it does not answer', async () => {
  const dead = await call(mainPort, '/dead');
  assert.equal(dead.status, 502);
  assert.equal(dead.headers.server, 'awselb/2.0');
  assert.match(dead.body, /<title>502 Bad Gateway<\/title>/);
  const empty = await call(mainPort, '/empty');
  assert.equal(empty.status, 503);
  assert.match(empty.body, /<h1>503 Service Unavailable<\/h1>/);
  const started = Date.now();
  const slow = await call(mainPort, '/slow');
  assert.equal(slow.status, 504);
  assert.ok(Date.now() - started >= 350, 'waited for the idle timeout');
});

test('fixed-response needs both conditions; redirect fills keywords; other requests forward', async () => {
  const fixed = await call(mainPort, '/fixed', { headers: { 'x-mode': 'fixed' } });
  assert.deepEqual([fixed.status, fixed.headers['content-type'], fixed.body], [418, 'application/json', '{"tea":1}']);
  assert.equal((await call(mainPort, '/fixed')).status, 201);
  const moved = await call(mainPort, '/p/q?x=1', { headers: { host: 'OLD.example.com:9' } });
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.location, `https://new.example.com:${mainPort}/v2/p/q?x=1&r=1`);
});

test('an inspector blocks one request by its body and inserts headers into another; its failure answers 500', async () => {
  inspected.length = 0;
  a.seen.length = 0;
  b.seen.length = 0;
  const blocked = await call(wafPort, '/form?q=1', { method: 'POST', body: 'x=attack' });
  assert.deepEqual([blocked.status, blocked.headers['x-blocked'], blocked.body], [403, 'yes', 'blocked']);
  assert.equal(a.seen.length + b.seen.length, 0, 'a blocked request never reaches a target');
  const long = 'p'.repeat(20) + 'attack-after-the-limit';
  const allowed = await call(wafPort, '/form', { method: 'POST', body: long });
  assert.equal(allowed.status, 201);
  const seen = [...a.seen, ...b.seen][0]!;
  assert.equal(seen.body, long, 'the whole body goes on, not only the inspected prefix');
  assert.deepEqual(header(seen.headers, 'x-amzn-waf-checked'), ['true']);
  assert.deepEqual(
    inspected.map((r) => [r.method, r.uri, r.query, r.body.toString(), r.bodyTruncated]),
    [
      ['POST', '/form', 'q=1', 'x=attack', false],
      ['POST', '/form', '', 'p'.repeat(16), true],
    ],
  );
  assert.equal(inspected[0]!.clientIp, '127.0.0.1');
  assert.equal((await call(wafPort, '/explode')).status, 500);
  assert.equal((await call(mainPort, '/explode')).status, 201, 'the other load balancer is not inspected');
});

test('a busy port is reported per listener; the rest keep serving', async () => {
  const busy = createNetServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const busyPort = (busy.address() as AddressInfo).port;
  try {
    const result = await plane.update({ ...config, listeners: [...config.listeners, listener('l-busy', busyPort)] });
    assert.deepEqual(
      result.failed.map((f) => [f.listenerArn, f.port, f.code]),
      [['l-busy', busyPort, 'EADDRINUSE']],
    );
    assert.equal((await call(mainPort, '/still')).status, 201);
  } finally {
    await new Promise<void>((r) => busy.close(() => r()));
    await plane.update(config);
  }
});

test('a slow client is cut at the header timeout', async () => {
  const socket = connect(mainPort, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
  const started = Date.now();
  const answer = await new Promise<string>((r) => {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('close', () => r(text));
  });
  assert.ok(Date.now() - started < 2000);
  assert.match(answer, /^HTTP\/1.1 408/);
});

test('health: unused, unhealthy with the failing code, draining on deregistration, listeners closed', async () => {
  assert.deepEqual(
    plane.targetHealth('tg-unused').map((t) => [t.state, t.reason, t.description]),
    [['unused', 'Target.NotInUse', 'Target group is not configured to receive traffic from the load balancer']],
  );
  assert.deepEqual(
    plane.targetHealth('tg-dead').map((t) => [t.state, t.reason]),
    [['unavailable', 'Target.HealthCheckDisabled']],
  );
  b.status = 503;
  await waitFor('b unhealthy', () => states('tg-a').includes(`${b.port}:unhealthy`));
  const row = plane.targetHealth('tg-a').find((t) => t.target.port === b.port)!;
  assert.deepEqual(
    [row.reason, row.description],
    ['Target.ResponseCodeMismatch', 'Health checks failed with these codes: [503]'],
  );
  for (let i = 0; i < 3; i++) assert.equal((await call(mainPort, '/x')).headers['x-upstream'], 'a');

  const onlyA = {
    ...config,
    targetGroups: config.targetGroups.map((g) => (g.arn === 'tg-a' ? group('tg-a', [a.port]) : g)),
    listeners: config.listeners.filter((l) => l.arn === 'l-main'),
  };
  await plane.update(onlyA);
  assert.deepEqual(
    plane.targetHealth('tg-a').find((t) => t.target.port === b.port),
    {
      target: { id: '127.0.0.1', port: b.port },
      healthCheckPort: String(b.port),
      state: 'draining',
      reason: 'Target.DeregistrationInProgress',
      description: 'Target deregistration is in progress',
    },
  );
  await waitFor('draining over', () => !states('tg-a').some((s) => s.startsWith(`${b.port}:`)));
  await assert.rejects(call(wafPort, '/'), /ECONNREFUSED/);
  b.status = 200;
});
