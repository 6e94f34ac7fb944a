// Listeners served by data-plane worker processes (--data-plane-workers 2): traffic, WAF writes, rate counts, samples, caps and a killed worker.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, Agent, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { IAMClient, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { access, readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  DeleteListenerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  GetSampledRequestsCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  WAFV2Client,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';
import { sendToListener } from '../helpers/listener-client.js';

let w: TestWarden;
let elb: ElasticLoadBalancingV2Client;
let waf: WAFV2Client;
let app: Server;
let port: number;
let aclArn: string;
let aclName: string;
let aclId: string;
const WORKERS = 2;
// The API listener shares the cap: the SDK clients here hold a few kept-alive connections from 127.0.0.1.
const CONNECTIONS_PER_CLIENT = 8;

const vis = (name: string, sampled = false) => ({
  SampledRequestsEnabled: sampled,
  CloudWatchMetricsEnabled: true,
  MetricName: name,
});

/** The worker processes this test process's server forked (their parent is this process). */
async function workerPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    // Field 4 of stat is the parent's pid; the command's name may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === process.pid && cmdline.includes('data-plane-worker')) pids.push(Number(entry));
  }
  return pids;
}

before(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('x-app', 'echo');
      res.end(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
    });
  });
  const appPort = await listenLocally(app);
  w = await startWarden({
    dataPlaneWorkers: WORKERS,
    connectionsPerClient: CONNECTIONS_PER_CLIENT,
    clientRequestsPerSecond: 100_000,
    clientRequestBurst: 100_000,
  });
  elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  waf = new WAFV2Client(w.clientConfig);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'workers', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'workers', appPort);
  aclName = 'workers-acl';
  const acl = await waf.send(
    new CreateWebACLCommand({
      Name: aclName,
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [],
      VisibilityConfig: vis('workers-acl', true),
    }),
  );
  aclArn = acl.Summary!.ARN!;
  aclId = acl.Summary!.Id!;
  await waf.send(new AssociateWebACLCommand({ WebACLArn: aclArn, ResourceArn: lb.LoadBalancerArn }));
  port = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, port)));
});

after(async () => {
  await w?.stop();
  app?.close();
});

/** A rule blocking requests whose path is `path` (EXACTLY) or starts with it (STARTS_WITH). */
function blockPath(name: string, path: string, constraint: 'EXACTLY' | 'STARTS_WITH', sampled = false): Rule {
  return {
    Name: name,
    Priority: 0,
    Statement: {
      ByteMatchStatement: {
        FieldToMatch: { UriPath: {} },
        PositionalConstraint: constraint,
        SearchString: new TextEncoder().encode(path),
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    },
    Action: { Block: {} },
    VisibilityConfig: vis(name, sampled),
  };
}

async function setRules(rules: Rule[]): Promise<void> {
  const got = await waf.send(new GetWebACLCommand({ Name: aclName, Scope: 'REGIONAL', Id: aclId }));
  await waf.send(
    new UpdateWebACLCommand({
      Name: aclName,
      Scope: 'REGIONAL',
      Id: aclId,
      LockToken: got.LockToken,
      DefaultAction: { Allow: {} },
      Rules: rules,
      VisibilityConfig: vis('workers-acl', true),
    }),
  );
}

test('the listeners are served by worker processes, and traffic passes through them byte for byte', async () => {
  assert.equal((await workerPids()).length, WORKERS);
  // Each request on its own connection: connections go to the workers in turn.
  for (let i = 0; i < 6; i++) {
    const get = await sendToListener(port, `/item/${i}?q=${i}`);
    assert.equal(get.status, 200);
    assert.equal(get.body.toString(), `GET /item/${i}?q=${i} `);
    const post = await sendToListener(port, '/form', { method: 'POST', body: `name=n${i}&v=${i}` });
    assert.equal(post.body.toString(), `POST /form name=n${i}&v=${i}`);
  }
});

test('a web ACL change applies to the next request on every worker', async () => {
  await setRules([blockPath('no-admin', '/admin', 'STARTS_WITH', true)]);
  // No wait: the write answered once every worker dropped its compiled web ACL.
  for (let i = 0; i < 2 * WORKERS; i++) assert.equal((await sendToListener(port, '/admin/x')).status, 403);
  await setRules([]);
  for (let i = 0; i < 2 * WORKERS; i++) assert.equal((await sendToListener(port, '/admin/x')).status, 200);
});

test('samples and metrics are gathered from the workers', async () => {
  await setRules([blockPath('no-secret', '/secret', 'EXACTLY', true)]);
  const sent = 6;
  for (let i = 0; i < sent; i++) assert.equal((await sendToListener(port, '/secret')).status, 403);
  const sampled = await waf.send(
    new GetSampledRequestsCommand({
      WebAclArn: aclArn,
      RuleMetricName: 'no-secret',
      Scope: 'REGIONAL',
      TimeWindow: { StartTime: new Date(Date.now() - 600_000), EndTime: new Date(Date.now() + 1000) },
      MaxItems: 100,
    }),
  );
  assert.equal(sampled.PopulationSize, sent, 'every worker counted its share');
  assert.equal(sampled.SampledRequests!.length, sent);
  assert.ok(sampled.SampledRequests!.every((s) => s.Action === 'BLOCK' && s.Request!.URI === '/secret'));
  const metrics = await (await fetch(`${w.endpoint}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith('warden_waf_blocked_requests_total{') && l.includes('rule="no-secret"'));
  assert.ok(line, 'the blocked count is on /metrics');
  assert.equal(Number(line.split(' ').at(-1)), sent);
  await setRules([]);
});

const FIXTURES = new URL('../fixtures/iam/', import.meta.url);

/** One HTTPS request on a fresh connection; its status. */
function overTls(tlsPort: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port: tlsPort, path, agent: false, rejectUnauthorized: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test("an HTTPS listener's handshakes are served in the workers, with the client's JA3 read there", async () => {
  const cert = await new IAMClient(w.clientConfig).send(
    new UploadServerCertificateCommand({
      ServerCertificateName: 'workers-tls',
      CertificateBody: await readFile(new URL('server.pem', FIXTURES), 'utf8'),
      PrivateKey: await readFile(new URL('server.key', FIXTURES), 'utf8'),
    }),
  );
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'workers-tls', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'workers-tls', Number((app.address() as { port: number }).port));
  const tlsPort = await freePort();
  await elb.send(
    new CreateListenerCommand({
      ...forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, tlsPort),
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: cert.ServerCertificateMetadata!.Arn! }],
    }),
  );
  await waf.send(new AssociateWebACLCommand({ WebACLArn: aclArn, ResourceArn: lb.LoadBalancerArn }));
  // A JA3 no client has, whose fallback (no fingerprint read) is MATCH: passing proves each worker read the hello.
  await setRules([
    {
      ...blockPath('ja3-or-none', '', 'EXACTLY'),
      Statement: {
        ByteMatchStatement: {
          FieldToMatch: { JA3Fingerprint: { FallbackBehavior: 'MATCH' } },
          PositionalConstraint: 'EXACTLY',
          SearchString: new TextEncoder().encode('00000000000000000000000000000000'),
          TextTransformations: [{ Priority: 0, Type: 'NONE' }],
        },
      },
    },
  ]);
  for (let i = 0; i < 2 * WORKERS; i++) assert.equal(await overTls(tlsPort, `/tls/${i}`), 200);
  // The same rule on plain HTTP (no handshake, no fingerprint): its fallback blocks.
  assert.equal((await sendToListener(port, '/plain')).status, 403);
  await setRules([]);
});

test('a rate-based rule counts one source across every worker', async () => {
  await setRules([
    {
      Name: 'flood',
      Priority: 0,
      Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP' } },
      Action: { Block: {} },
      VisibilityConfig: vis('flood'),
    },
  ]);
  // 8 requests, 4 to each worker: under the limit on each, and in all.
  for (let i = 0; i < 8; i++) assert.equal((await sendToListener(port, '/r', { from: '127.0.0.2' })).status, 200);
  // Workers exchange their counts with the serving process every second (as nodes do through Redis).
  await new Promise((r) => setTimeout(r, 2_500));
  // 8 more, 4 to each worker: each has seen 8 itself, which alone would never pass 10; together they have.
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push((await sendToListener(port, '/r', { from: '127.0.0.2' })).status);
  assert.ok(statuses.includes(403), `blocked once the sum passed the limit: ${statuses.join(',')}`);
  assert.equal((await sendToListener(port, '/r', { from: '127.0.0.3' })).status, 200, 'another source passes');
  await setRules([]);
});

/** Opens a kept-alive connection from `from` and sends one request on it; resolves with its status (0: refused). */
function holdOpen(agent: Agent, from: string, to = port): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: to, path: '/held', agent, localAddress: from }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

test('the per-client connection cap counts across workers, and a closed connection frees its place', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS_PER_CLIENT + 1 });
  try {
    const held = await Promise.all(Array.from({ length: CONNECTIONS_PER_CLIENT }, () => holdOpen(agent, '127.0.0.4')));
    assert.deepEqual(held, Array(CONNECTIONS_PER_CLIENT).fill(200));
    // Every held connection is open (on two workers); one more from the same client is refused at accept.
    assert.equal(
      (await sendToListener(port, '/one-more', { from: '127.0.0.4' }).catch(() => ({ status: 0 }))).status,
      0,
    );
    agent.destroy();
    // The workers report the closes; the place is free again shortly after.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await sendToListener(port, '/again', { from: '127.0.0.4' }).catch(() => ({ status: 0 }))).status;
    }
    assert.equal(status, 200);
  } finally {
    agent.destroy();
  }
});

test('a client that never finishes its headers is answered 408 and cut by the worker (the slow-header bound)', async () => {
  const started = Date.now();
  const answer = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n'));
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    socket.on('close', () => resolve(got));
    socket.on('error', () => resolve(got));
  });
  // The data plane's headers timeout is 2 s (checked every 500 ms); without the bound the socket would stay open.
  assert.match(answer, /^HTTP\/1\.1 408/);
  assert.ok(Date.now() - started < 5_000, `cut after ${Date.now() - started} ms`);
});

test("connections drained by a deleted listener free the client's places too", async () => {
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'workers-gone', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'workers-gone', Number((app.address() as { port: number }).port));
  const gonePort = await freePort();
  const listener = (
    await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, gonePort)))
  ).Listeners![0]!;
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS_PER_CLIENT });
  try {
    const held = await Promise.all(
      Array.from({ length: CONNECTIONS_PER_CLIENT }, () => holdOpen(agent, '127.0.0.5', gonePort)),
    );
    assert.deepEqual(held, Array(CONNECTIONS_PER_CLIENT).fill(200));
    // The client holds all its places; deleting the listener drains them (idle kept-alive connections close).
    await elb.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await sendToListener(port, '/after-delete', { from: '127.0.0.5' }).catch(() => ({ status: 0 }))).status;
    }
    assert.equal(status, 200, 'the drained connections were released');
  } finally {
    agent.destroy();
  }
});

test('a worker killed with SIGKILL is replaced; the other serves meanwhile', async () => {
  const [victim] = await workerPids();
  assert.ok(victim);
  process.kill(victim, 'SIGKILL');
  // Once the serving process has reaped it (seen its exit; a zombie still has its /proc entry), no connection goes
  // to it: every request is answered.
  const reaped = () =>
    access(`/proc/${victim}`).then(
      () => false,
      () => true,
    );
  for (let i = 0; i < 250 && !(await reaped()); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(await reaped());
  for (let i = 0; i < 6; i++) assert.equal((await sendToListener(port, `/after-kill/${i}`)).status, 200);
  let pids: number[] = [];
  for (let i = 0; i < 100; i++) {
    pids = await workerPids();
    if (pids.length === WORKERS && !pids.includes(victim)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(pids.length, WORKERS, 'a replacement started');
  assert.ok(!pids.includes(victim));
  // The replacement serves too: it took the configuration, and the web ACL's latest version.
  await setRules([blockPath('no-late', '/late', 'EXACTLY')]);
  for (let i = 0; i < 2 * WORKERS; i++) {
    assert.equal((await sendToListener(port, `/new/${i}`)).status, 200);
    assert.equal((await sendToListener(port, '/late')).status, 403);
  }
});
