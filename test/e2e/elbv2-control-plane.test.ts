// ELBv2's control plane through the SDK: load balancers, target groups, listeners, rules, attributes, tags, errors,
// and a request carried through a listener to a node:http target.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  DeleteLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

let w: TestWarden;
let elb: ElasticLoadBalancingV2Client;
let app: Server;
let appPort: number;

before(async () => {
  w = await startWarden();
  elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  app = createServer((req, res) => res.end(`app saw ${req.url}`));
  appPort = await listenLocally(app);
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

const rejects = (p: Promise<unknown>, name: string, message: string) => assert.rejects(p, { name, message });

test('load balancers: create, duplicate name, describe by name, attributes, delete protection', async () => {
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'lb-one', Type: 'application' })))
    .LoadBalancers![0]!;
  assert.match(
    lb.LoadBalancerArn!,
    /^arn:aws:elasticloadbalancing:us-east-1:\d{12}:loadbalancer\/app\/lb-one\/[0-9a-f]{16}$/,
  );
  assert.equal(lb.State?.Code, 'active');
  await rejects(
    elb.send(new CreateLoadBalancerCommand({ Name: 'lb-one' })),
    'DuplicateLoadBalancerNameException',
    "A load balancer with the same name 'lb-one' exists",
  );
  await rejects(
    elb.send(new CreateLoadBalancerCommand({ Name: 'nlb', Type: 'network' })),
    'ValidationError',
    "Warden serves application load balancers; load balancer type 'network' is not available",
  );
  const found = await elb.send(new DescribeLoadBalancersCommand({ Names: ['lb-one'] }));
  assert.equal(found.LoadBalancers?.[0]?.LoadBalancerArn, lb.LoadBalancerArn);
  await rejects(
    elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })),
    'LoadBalancerNotFoundException',
    "Load balancers '[nope]' not found",
  );
  await elb.send(
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: lb.LoadBalancerArn,
      Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
    }),
  );
  const attrs = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
  assert.equal(attrs.Attributes?.find((a) => a.Key === 'deletion_protection.enabled')?.Value, 'true');
  await rejects(
    elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn })),
    'OperationNotPermittedException',
    `Load balancer '${lb.LoadBalancerArn}' cannot be deleted because deletion protection is enabled`,
  );
  await rejects(
    elb.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Attributes: [{ Key: 'bogus', Value: '1' }],
      }),
    ),
    'ValidationError',
    "Load balancer attribute key 'bogus' is not recognized",
  );
  await elb.send(new AddTagsCommand({ ResourceArns: [lb.LoadBalancerArn!], Tags: [{ Key: 'team', Value: 'web' }] }));
  const tags = await elb.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!] }));
  assert.deepEqual(tags.TagDescriptions?.[0]?.Tags, [{ Key: 'team', Value: 'web' }]);
});

test('a listener forwards to a registered target; rules route by path; a target group in use is not deleted', async () => {
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'lb-traffic' }))).LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'tg-app', appPort, {
    HealthCheckIntervalSeconds: 5,
    HealthCheckTimeoutSeconds: 2,
    HealthyThresholdCount: 2,
  });
  assert.equal(tg.HealthCheckPath, '/');
  await rejects(
    elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: 'not-an-ip' }] })),
    'InvalidTargetException',
    "The IP address 'not-an-ip' is not a valid IPv4 address",
  );
  const port = await freePort();
  const listener = (
    await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, port)))
  ).Listeners![0]!;
  await rejects(
    elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, port))),
    'DuplicateListenerException',
    'A listener already exists on this port for this load balancer',
  );
  const rule = (
    await elb.send(
      new CreateRuleCommand({
        ListenerArn: listener.ListenerArn,
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', Values: ['/fixed*'] }],
        Actions: [
          {
            Type: 'fixed-response',
            FixedResponseConfig: { StatusCode: '418', ContentType: 'text/plain', MessageBody: 'teapot' },
          },
        ],
      }),
    )
  ).Rules![0]!;
  await rejects(
    elb.send(
      new CreateRuleCommand({
        ListenerArn: listener.ListenerArn,
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
        Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      }),
    ),
    'PriorityInUseException',
    "Priority '10' is currently in use",
  );
  const rules = await elb.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }));
  assert.deepEqual(
    rules.Rules?.map((r) => [r.RuleArn === rule.RuleArn ? 'mine' : r.Priority, r.IsDefault]),
    [
      ['mine', false],
      ['default', true],
    ],
  );
  const groups = await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
  assert.deepEqual(
    groups.TargetGroups?.map((g) => g.TargetGroupArn),
    [tg.TargetGroupArn],
  );
  assert.deepEqual(groups.TargetGroups?.[0]?.LoadBalancerArns, [lb.LoadBalancerArn]);
  await rejects(
    elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn })),
    'ResourceInUseException',
    `Target group '${tg.TargetGroupArn}' is currently in use by a listener or a rule`,
  );

  const forwarded = await fetch(`http://127.0.0.1:${port}/hello?x=1`);
  assert.equal(await forwarded.text(), 'app saw /hello?x=1');
  const fixed = await fetch(`http://127.0.0.1:${port}/fixed/1`);
  assert.equal(fixed.status, 418);
  assert.equal(await fixed.text(), 'teapot');
  const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }));
  assert.equal(health.TargetHealthDescriptions?.[0]?.Target?.Id, '127.0.0.1');
  assert.ok(['initial', 'healthy'].includes(health.TargetHealthDescriptions![0]!.TargetHealth!.State!));

  await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
  await assert.rejects(fetch(`http://127.0.0.1:${port}/hello`));
  await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }));
});

test('target groups: the per-Region quota is kept (TooManyTargetGroups)', async () => {
  const region = 'eu-west-1';
  const db = w.warden.runtime.store.db;
  const prefix = `arn:aws:elasticloadbalancing:${region}:${w.accountId}:targetgroup`;
  // Seeded directly: three thousand CreateTargetGroup calls would only slow the test down.
  const rows = Array.from({ length: 3000 }, (_, i) => ({
    arn: `${prefix}/seed-${i}/${i.toString(16).padStart(16, '0')}`,
    account_id: w.accountId,
    region,
    name: `seed-${i}`,
    protocol: 'HTTP',
    protocol_version: 'HTTP1',
    port: 80,
    target_type: 'ip',
    ip_address_type: 'ipv4',
    health_check: '{}',
    attributes: '{}',
    created_at: 0,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('elbv2_target_groups')
      .values(rows.slice(i, i + 500))
      .execute();
  try {
    const regional = new ElasticLoadBalancingV2Client({ ...w.clientConfig, region });
    await rejects(
      regional.send(new CreateTargetGroupCommand({ Name: 'one-more', Protocol: 'HTTP', Port: 80, TargetType: 'ip' })),
      'TooManyTargetGroupsException',
      "You've reached the limit on the number of target groups for your AWS account",
    );
  } finally {
    await db.deleteFrom('elbv2_target_groups').where('region', '=', region).execute();
  }
});
