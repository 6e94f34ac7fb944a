// Shield Advanced detection through a real listener: a flood from 127.0.0.2 against a protected load balancer is
// declared an attack with 127.0.0.2 as its top source while 127.0.0.3 keeps being served, ends when the flood stops,
// and is recorded in the trail. Thresholds are lowered through the configuration so a short flood suffices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer, type Server } from 'node:http';
import {
  CreateProtectionCommand,
  CreateSubscriptionCommand,
  DescribeAttackCommand,
  DescribeAttackStatisticsCommand,
  ListAttacksCommand,
  ShieldClient,
  type AttackSummary,
} from '@aws-sdk/client-shield';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { eventually, statusFrom } from '../helpers/shield.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

let w: TestWarden;
let shield: ShieldClient;
let app: Server;
let port: number;
let lbArn: string;

before(async () => {
  w = await startWarden({ shieldFloorRps: 30, shieldMultiplier: 5, shieldStartSeconds: 2, shieldEndSeconds: 2 });
  shield = new ShieldClient(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  app = createServer((_req, res) => res.end('ok'));
  const appPort = await listenLocally(app);
  lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'shielded' }))).LoadBalancers![0]!.LoadBalancerArn!;
  const tg = await localTargetGroup(elb, 'shielded-tg', appPort);
  port = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lbArn, tg.TargetGroupArn!, port)));
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

const get = (path: string, from: string, agent?: Agent) => statusFrom(port, path, from, agent);

test('ListAttacks needs a subscription', async () => {
  await assert.rejects(shield.send(new ListAttacksCommand({})), { name: 'ResourceNotFoundException' });
});

test('a flood from one source is an attack on the protected load balancer; other sources are served meanwhile', async () => {
  await shield.send(new CreateSubscriptionCommand({}));
  await shield.send(new CreateProtectionCommand({ Name: 'shielded', ResourceArn: lbArn }));
  // Ordinary traffic first: the baseline.
  for (let i = 0; i < 5; i++) assert.equal(await get('/', '127.0.0.3'), 200);

  let flooding = true;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const flood = Promise.all(
    Array.from({ length: 8 }, async () => {
      while (flooding) await get('/login', '127.0.0.2', agent).catch(() => undefined);
    }),
  );
  const probes: number[] = [];
  let attack: AttackSummary;
  try {
    attack = await eventually(30, async () => {
      probes.push(await get('/', '127.0.0.3'));
      const list = (await shield.send(new ListAttacksCommand({}))).AttackSummaries ?? [];
      return list[0];
    });
  } finally {
    flooding = false;
    await flood;
    agent.destroy();
  }
  assert.ok(
    probes.every((s) => s === 200),
    `probes from 127.0.0.3: ${probes.join(',')}`,
  );
  assert.equal(attack.ResourceArn, lbArn);
  assert.deepEqual(attack.AttackVectors, [{ VectorType: 'REQUEST_FLOOD' }]);

  // The flood stopped: the attack ends.
  const ended = await eventually(30, async () => {
    const list = (await shield.send(new ListAttacksCommand({ ResourceArns: [lbArn] }))).AttackSummaries ?? [];
    return list.find((a) => a.AttackId === attack.AttackId && a.EndTime !== undefined);
  });
  assert.ok(ended.EndTime! > ended.StartTime!);

  const detail = (await shield.send(new DescribeAttackCommand({ AttackId: attack.AttackId }))).Attack!;
  const sources = detail.AttackProperties!.find((p) => p.AttackPropertyIdentifier === 'SOURCE_IP_ADDRESS')!;
  assert.equal(sources.AttackLayer, 'APPLICATION');
  assert.equal(sources.TopContributors![0]!.Name, '127.0.0.2');
  const urls = detail.AttackProperties!.find((p) => p.AttackPropertyIdentifier === 'DESTINATION_URL')!;
  assert.equal(urls.TopContributors![0]!.Name, '/login');
  const rps = detail.AttackCounters!.find((c) => c.Name === 'RequestsPerSecond')!;
  assert.ok(rps.Max! > 30, `peak ${rps.Max}`);
  assert.equal(rps.Sum, sources.Total);

  const stats = await shield.send(new DescribeAttackStatisticsCommand({}));
  assert.equal(stats.DataItems![0]!.AttackCount, 1);
  assert.equal(stats.DataItems![0]!.AttackVolume!.RequestsPerSecond!.Max, rps.Max);

  await assert.rejects(shield.send(new DescribeAttackCommand({ AttackId: 'not-an-attack' })), {
    name: 'AccessDeniedException',
  });

  // The start and the end are in the account's trail, as service events.
  const trail = new CloudTrailClient(w.clientConfig);
  for (const name of ['AttackStarted', 'AttackEnded']) {
    const events = await trail.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }),
    );
    assert.equal(events.Events?.length, 1, name);
    const record = JSON.parse(events.Events![0]!.CloudTrailEvent!) as {
      eventType: string;
      serviceEventDetails: { attackId: string };
    };
    assert.equal(record.eventType, 'AwsServiceEvent');
    assert.equal(record.serviceEventDetails.attackId, attack.AttackId);
  }
});
