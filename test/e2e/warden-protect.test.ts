// `warden protect` against a running Warden: the resources it makes, traffic through the listener, the root's
// calls in the trail, the second run, the undo after a refused step, and the real CLI as a child process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetWebACLForResourceCommand, ListWebACLsCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { waitFor } from '../helpers/wait.js';
import { runProtect } from '../../src/cli-protect.js';
import { ProtectError } from '../../src/protect/apply.js';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

let w: TestWarden;
let elb: ElasticLoadBalancingV2Client;
let waf: WAFV2Client;
let trail: CloudTrailClient;
let upstream: Server;
let upstreamPort: number;
/** What the upstream received, byte for byte, per request. */
const received: { method: string; url: string; body: Buffer }[] = [];

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

before(async () => {
  w = await startWarden();
  elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  waf = new WAFV2Client(w.clientConfig);
  trail = new CloudTrailClient(w.clientConfig);
  // The app: answers every request with the bytes it was sent, after a marker naming itself.
  upstream = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push({ method: req.method!, url: req.url!, body });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-upstream': 'yes' });
      res.end(Buffer.concat([Buffer.from('upstream:'), body]));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamPort = (upstream.address() as AddressInfo).port;
});

after(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  await w.stop();
});

const env = () => ({}) as NodeJS.ProcessEnv;

test('protect makes a load balancer, target, listener and associated web ACL that carry traffic, as root, audited', async () => {
  const port = await freePort();
  const made = await runProtect(
    {
      upstream: `http://localhost:${upstreamPort}`,
      port: String(port),
      name: 'shop',
      dataDir: w.dataDir,
      endpoint: w.endpoint,
    },
    env(),
  );
  assert.equal(made.created, true);
  assert.equal(made.url, `http://127.0.0.1:${port}/`);
  assert.equal(made.target, `127.0.0.1:${upstreamPort}`);

  const lb = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['shop'] }))).LoadBalancers![0]!;
  assert.equal(lb.LoadBalancerArn, made.loadBalancerArn);
  const listener = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn })))
    .Listeners![0]!;
  assert.deepEqual([listener.ListenerArn, listener.Port, listener.Protocol], [made.listenerArn, port, 'HTTP']);
  assert.equal(listener.DefaultActions![0]!.TargetGroupArn, made.targetGroupArn);
  const tg = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['shop'] }))).TargetGroups![0]!;
  assert.deepEqual([tg.TargetGroupArn, tg.TargetType, tg.Port], [made.targetGroupArn, 'ip', upstreamPort]);
  const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: made.targetGroupArn }));
  assert.deepEqual(
    health.TargetHealthDescriptions!.map((d) => d.Target),
    [{ Id: '127.0.0.1', Port: upstreamPort }],
  );

  const acl = (await waf.send(new GetWebACLForResourceCommand({ ResourceArn: made.loadBalancerArn }))).WebACL!;
  assert.equal(acl.ARN, made.webAclArn);
  assert.deepEqual(acl.DefaultAction, { Allow: {} });
  assert.deepEqual(
    acl.Rules!.map((r) => [
      r.Priority,
      r.Statement!.ManagedRuleGroupStatement!.VendorName,
      r.Statement!.ManagedRuleGroupStatement!.Name,
    ]),
    [
      [0, 'AWS', 'AWSManagedRulesCommonRuleSet'],
      [1, 'AWS', 'AWSManagedRulesSQLiRuleSet'],
      [2, 'AWS', 'AWSManagedRulesKnownBadInputsRuleSet'],
    ],
  );

  // Through the listener to the app and back, byte for byte: control bytes and every non-ASCII byte value (fixed, so
  // the managed rules see the same benign body on every run).
  const binary = Buffer.from([...Array(32).keys(), ...Array.from({ length: 128 }, (_, i) => 128 + i)]);
  const sent = Buffer.concat([Buffer.from('plain text '), binary]);
  const before = received.length;
  const answer = await fetch(`${made.url}orders/42?page=2`, {
    method: 'POST',
    body: sent,
    headers: { 'content-type': 'application/octet-stream' },
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('x-upstream'), 'yes');
  assert.deepEqual(Buffer.from(await answer.arrayBuffer()), Buffer.concat([Buffer.from('upstream:'), sent]));
  const got = received[before]!;
  assert.deepEqual([got.method, got.url], ['POST', '/orders/42?page=2']);
  assert.deepEqual(got.body, sent);

  // The managed rule groups stand in front: a SQL injection in the query string is blocked (403) before the app.
  const count = received.length;
  const blocked = await fetch(`${made.url}orders?id=${encodeURIComponent("1' OR '1'='1' --")}`);
  assert.equal(blocked.status, 403);
  assert.equal(blocked.headers.get('x-upstream'), null);
  assert.equal(received.length, count);

  // Every step is in the trail, made by the account's root user with the root access key.
  for (const name of [
    'CreateLoadBalancer',
    'CreateTargetGroup',
    'RegisterTargets',
    'CreateWebACL',
    'AssociateWebACL',
    'CreateListener',
  ]) {
    const event = await waitFor(
      async () => {
        const out = await trail.send(
          new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }),
        );
        return out.Events?.[0];
      },
      { what: `${name} in the trail` },
    );
    const record = JSON.parse(event.CloudTrailEvent!);
    assert.equal(record.userIdentity.type, 'Root', name);
    assert.equal(record.userIdentity.accessKeyId, w.credentials.accessKeyId, name);
    assert.equal(record.errorCode, undefined, name);
  }
});

test('a second run with the same name reports the setup it finds; a different plan under that name is refused', async () => {
  const port = await freePort();
  const flags = {
    upstream: `http://127.0.0.1:${upstreamPort}`,
    port: String(port),
    name: 'twice',
    managedRules: 'core',
    dataDir: w.dataDir,
    endpoint: w.endpoint,
  };
  const first = await runProtect(flags, env());
  const second = await runProtect(flags, env());
  assert.equal(second.created, false);
  assert.deepEqual({ ...second, created: true }, first);

  await assert.rejects(runProtect({ ...flags, managedRules: 'core,php' }, env()), (err: ProtectError) => {
    assert.ok(err instanceof ProtectError);
    assert.equal(
      err.message,
      `A load balancer named 'twice' already exists (${first.loadBalancerArn}) but its web ACL twice has rule groups ` +
        '[AWSManagedRulesCommonRuleSet] and default action Allow, not [AWSManagedRulesCommonRuleSet, AWSManagedRulesPHPRuleSet] ' +
        'and Allow. Nothing was changed: choose another --name, or delete that setup first.',
    );
    return true;
  });
  const acl = (await waf.send(new GetWebACLForResourceCommand({ ResourceArn: first.loadBalancerArn }))).WebACL!;
  assert.equal(acl.Rules!.length, 1);
});

test('a refused step is reported with AWS error and everything made before it is deleted', async () => {
  // The listener port is taken by another program: CreateListener answers ValidationError, after four steps.
  const busy = createTcpServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as AddressInfo).port;
  try {
    await assert.rejects(
      runProtect(
        {
          upstream: `http://127.0.0.1:${upstreamPort}`,
          port: String(port),
          name: 'busy',
          dataDir: w.dataDir,
          endpoint: w.endpoint,
        },
        env(),
      ),
      (err: ProtectError) => {
        assert.ok(err instanceof ProtectError);
        assert.match(err.message, /^CreateListener: ValidationError: .*\b\d+\b/);
        assert.ok(err.message.includes(String(port)), err.message);
        assert.deepEqual(
          err.undone.map((u) => u.split(' ')[0]),
          ['association', 'web', 'target', 'load'],
        );
        assert.deepEqual(err.leftBehind, []);
        return true;
      },
    );
  } finally {
    await new Promise((resolve) => busy.close(resolve));
  }
  await assert.rejects(elb.send(new DescribeLoadBalancersCommand({ Names: ['busy'] })), (err: Error) => {
    assert.equal(err.name, 'LoadBalancerNotFoundException');
    return true;
  });
  await assert.rejects(elb.send(new DescribeTargetGroupsCommand({ Names: ['busy'] })), (err: Error) => {
    assert.equal(err.name, 'TargetGroupNotFoundException');
    return true;
  });
  const acls = await waf.send(new ListWebACLsCommand({ Scope: 'REGIONAL' }));
  assert.ok(!acls.WebACLs!.some((a) => a.Name === 'busy'));
});

test('the real command: `warden protect` exits 0, prints the ARNs and URL, and the URL reaches the app', async () => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      BIN,
      'protect',
      '--upstream',
      `http://localhost:${upstreamPort}`,
      '--port',
      String(port),
      '--name',
      'from-cli',
      '--managed-rules',
      'core,admin',
      '--data-dir',
      w.dataDir,
      '--endpoint',
      w.endpoint,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, stderr);
  const lb = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['from-cli'] }))).LoadBalancers![0]!;
  assert.ok(stdout.includes(`load balancer  ${lb.LoadBalancerArn}`), stdout);
  assert.ok(stdout.includes('AWSManagedRulesCommonRuleSet, AWSManagedRulesAdminProtectionRuleSet'), stdout);
  assert.ok(stdout.endsWith(`Send traffic to http://127.0.0.1:${port}/\n`), stdout);
  const answer = await fetch(`http://127.0.0.1:${port}/hello`);
  assert.equal(await answer.text(), 'upstream:');
  assert.equal(received.at(-1)!.url, '/hello');

  // A bad option is a usage error (exit 2) naming the choices, made before any call.
  const bad = spawn(
    process.execPath,
    [
      BIN,
      'protect',
      '--upstream',
      'http://example.com:80',
      '--port',
      '1',
      '--data-dir',
      w.dataDir,
      '--endpoint',
      w.endpoint,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let badErr = '';
  bad.stderr.on('data', (d) => (badErr += d));
  assert.equal(await new Promise<number | null>((resolve) => bad.on('exit', resolve)), 2);
  assert.match(badErr, /--upstream's host must be an IPv4 address or localhost/);
});
