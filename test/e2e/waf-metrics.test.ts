// WAF metrics on /metrics: requests a web ACL allows, blocks and counts on a real listener appear under AWS's metric and dimension names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AssociateWebACLCommand, CreateWebACLCommand, WAFV2Client, type Rule } from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

let w: TestWarden;
let app: Server;
let listenerPort: number;

const vis = (name: string, metrics = true) => ({
  SampledRequestsEnabled: false,
  CloudWatchMetricsEnabled: metrics,
  MetricName: name,
});
const none = [{ Priority: 0, Type: 'NONE' as const }];

function headerIs(name: string, value: string) {
  return {
    ByteMatchStatement: {
      FieldToMatch: { SingleHeader: { Name: name } },
      SearchString: new TextEncoder().encode(value),
      PositionalConstraint: 'EXACTLY' as const,
      TextTransformations: none,
    },
  };
}

const RULES: Rule[] = [
  {
    Name: 'count-tagged',
    Priority: 0,
    Statement: headerIs('x-tag', 'yes'),
    Action: { Count: {} },
    VisibilityConfig: vis('tagged'),
  },
  {
    Name: 'block-bad',
    Priority: 1,
    Statement: headerIs('x-bad', 'yes'),
    Action: { Block: {} },
    VisibilityConfig: vis('bad-requests'),
  },
  {
    Name: 'allow-vip',
    Priority: 2,
    Statement: headerIs('x-vip', 'yes'),
    Action: { Allow: {} },
    VisibilityConfig: vis('vip'),
  },
  // Metrics off: AWS publishes nothing for it, and neither does Warden.
  {
    Name: 'quiet',
    Priority: 3,
    Statement: headerIs('x-quiet', 'yes'),
    Action: { Block: {} },
    VisibilityConfig: vis('quiet-rule', false),
  },
];

function send(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: listenerPort, path: '/', agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The value of one series of /metrics, or undefined when it is absent. */
async function series(metric: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await (await fetch(`${w.endpoint}/metrics`)).text();
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== metric) continue;
    const have = m[2]!.split(',').sort();
    if (have.length === want.length && have.every((h, i) => h === want[i])) return Number(m[3]);
  }
  return undefined;
}

before(async () => {
  w = await startWarden();
  const waf = new WAFV2Client(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  app = createServer((_req, res) => res.end('ok'));
  const appPort = await listenLocally(app);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'waf-metrics', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'waf-metrics-app', appPort);
  listenerPort = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, listenerPort)));
  const created = await waf.send(
    new CreateWebACLCommand({
      Name: 'metrics-acl',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: RULES,
      VisibilityConfig: vis('metrics-acl'),
    }),
  );
  await waf.send(new AssociateWebACLCommand({ WebACLArn: created.Summary!.ARN!, ResourceArn: lb.LoadBalancerArn }));
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

test('allowed, blocked and counted requests appear on /metrics per web ACL and rule metric name', async () => {
  const base = { account: w.accountId, region: 'us-east-1', web_acl: 'metrics-acl' };
  // 3 plain (default action), 2 blocked, 1 VIP allowed by a rule, 2 tagged-and-plain (counted, then default), 1
  // tagged-and-blocked (counted, then blocked), 1 blocked by a rule whose metrics are off.
  const plan: [Record<string, string>, number, number][] = [
    [{}, 3, 200],
    [{ 'x-bad': 'yes' }, 2, 403],
    [{ 'x-vip': 'yes' }, 1, 200],
    [{ 'x-tag': 'yes' }, 2, 200],
    [{ 'x-tag': 'yes', 'x-bad': 'yes' }, 1, 403],
    [{ 'x-quiet': 'yes' }, 1, 403],
  ];
  for (const [headers, times, status] of plan)
    for (let i = 0; i < times; i++) assert.equal(await send(headers), status, JSON.stringify(headers));

  assert.equal(await series('warden_waf_blocked_requests_total', { ...base, rule: 'bad-requests' }), 3);
  assert.equal(await series('warden_waf_allowed_requests_total', { ...base, rule: 'vip' }), 1);
  assert.equal(await series('warden_waf_counted_requests_total', { ...base, rule: 'tagged' }), 3);
  assert.equal(await series('warden_waf_allowed_requests_total', { ...base, rule: 'Default_Action' }), 5);
  // ALL: each request once, under the action that ended it.
  assert.equal(await series('warden_waf_allowed_requests_total', { ...base, rule: 'ALL' }), 6);
  assert.equal(await series('warden_waf_blocked_requests_total', { ...base, rule: 'ALL' }), 4);
  assert.equal(await series('warden_waf_blocked_requests_total', { ...base, rule: 'quiet-rule' }), undefined);
  assert.equal(await series('warden_waf_counted_requests_total', { ...base, rule: 'ALL' }), undefined);
});
