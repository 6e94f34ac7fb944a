// Tests for one health check against real local servers: HTTP status, string matching, TCP, refusals, odd settings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { performCheck } from './checker.js';
import { healthCheckEgress } from './egress.js';

const egress = healthCheckEgress([]);
let server: Server;
let port: number;
let closedPort: number;

before(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/down' ? 503 : 200);
    res.end(req.url === '/big' ? `${'x'.repeat(6000)}needle` : 'hello needle');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // A port nothing listens on: one a server held, then gave back.
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

after(() => server.close());

test('HTTP: 2xx is Success, 5xx Failure, worded as Route 53 words its status reports', async () => {
  const ok = await performCheck({ Type: 'HTTP', IPAddress: '127.0.0.1', Port: port, ResourcePath: '/' }, egress);
  assert.deepEqual(ok, { ok: true, status: 'Success: HTTP Status Code 200, OK', address: '127.0.0.1' });
  const down = await performCheck({ Type: 'HTTP', IPAddress: '127.0.0.1', Port: port, ResourcePath: '/down' }, egress);
  assert.equal(down.ok, false);
  assert.equal(down.status, 'Failure: HTTP Status Code 503, Service Unavailable');
});

test('string matching reads the first 5,120 bytes of the body', async () => {
  const target = { Type: 'HTTP_STR_MATCH', IPAddress: '127.0.0.1', Port: port, SearchString: 'needle' };
  assert.equal((await performCheck({ ...target, ResourcePath: '/' }, egress)).ok, true);
  const late = await performCheck({ ...target, ResourcePath: '/big' }, egress);
  assert.equal(late.ok, false);
  assert.match(late.status, /didn't contain the search string/);
});

test('TCP connects; a closed port is refused; a name resolving to loopback is checked', async () => {
  assert.equal((await performCheck({ Type: 'TCP', IPAddress: '127.0.0.1', Port: port }, egress)).ok, true);
  const refused = await performCheck({ Type: 'TCP', IPAddress: '127.0.0.1', Port: closedPort }, egress);
  assert.equal(refused.ok, false);
  assert.match(refused.status, /^Failure: Connection refused/);
  const named = await performCheck({ Type: 'HTTP', FullyQualifiedDomainName: 'localhost', Port: port }, egress);
  assert.equal(named.ok, true, named.status);
});

test('an address outside the egress rule is never connected to; unsendable settings fail the check, never throw', async () => {
  const far = await performCheck({ Type: 'TCP', IPAddress: '10.9.9.9', Port: 80 }, egress);
  assert.deepEqual(far.ok, false);
  assert.match(far.status, /not allowed by this Warden's health check egress rule/);
  assert.equal(far.address, undefined);
  const odd = await performCheck({ Type: 'HTTP', IPAddress: '127.0.0.1', Port: port, ResourcePath: '/a b' }, egress);
  assert.equal(odd.ok, false);
});
