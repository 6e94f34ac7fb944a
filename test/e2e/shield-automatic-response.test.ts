// Shield Advanced's automatic application-layer response through a real listener: enabling it puts Shield's rule
// group in the load balancer's web ACL; a flood from 127.0.0.2 gets rules against that source (Block: 403 from the
// WAF; Count: served) while 127.0.0.3 keeps being served; the rules go when the attack ends, the group at Disable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer, type Server } from 'node:http';
import {
  CreateProtectionCommand,
  CreateSubscriptionCommand,
  DescribeAttackCommand,
  DeleteProtectionCommand,
  DescribeProtectionCommand,
  DisableApplicationLayerAutomaticResponseCommand,
  EnableApplicationLayerAutomaticResponseCommand,
  ListAttacksCommand,
  ShieldClient,
  UpdateApplicationLayerAutomaticResponseCommand,
  type AttackSummary,
} from '@aws-sdk/client-shield';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  GetRuleGroupCommand,
  GetWebACLCommand,
  ListRuleGroupsCommand,
  WAFV2Client,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { eventually, statusFrom } from '../helpers/shield.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

let w: TestWarden;
let shield: ShieldClient;
let waf: WAFV2Client;
let app: Server;
let port: number;
let lbArn: string;
let acl: { ARN: string; Id: string; Name: string };

before(async () => {
  // Shield Standard's per-client bucket and in-progress cap are off here (0): on a quiet machine the flood outruns
  // them and they answer it 429 whatever the web ACL says, while these tests are about Advanced's rule group.
  w = await startWarden({
    shieldFloorRps: 30,
    shieldMultiplier: 5,
    shieldStartSeconds: 2,
    shieldEndSeconds: 2,
    clientRequestsPerSecond: 0,
    concurrentRequestsPerClient: 0,
  });
  shield = new ShieldClient(w.clientConfig);
  waf = new WAFV2Client(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  app = createServer((_req, res) => res.end('ok'));
  const appPort = await listenLocally(app);
  lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'auto-shielded' }))).LoadBalancers![0]!
    .LoadBalancerArn!;
  const tg = await localTargetGroup(elb, 'auto-shielded-tg', appPort);
  port = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lbArn, tg.TargetGroupArn!, port)));
  await shield.send(new CreateSubscriptionCommand({}));
  await shield.send(new CreateProtectionCommand({ Name: 'auto-shielded', ResourceArn: lbArn }));
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

const get = (path: string, from: string, agent?: Agent) => statusFrom(port, path, from, agent);

/** A flood from 127.0.0.2 on 8 connections; the statuses of its last requests are kept. */
function startFlood(): { last: number[]; stop: () => Promise<void> } {
  let flooding = true;
  const last: number[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const done = Promise.all(
    Array.from({ length: 8 }, async () => {
      while (flooding) {
        const status = await get('/login', '127.0.0.2', agent).catch(() => 0);
        last.push(status);
        if (last.length > 50) last.shift();
      }
    }),
  );
  return {
    last,
    stop: async () => {
      flooding = false;
      await done;
      agent.destroy();
    },
  };
}

async function mitigationReference(): Promise<Rule | undefined> {
  const got = await waf.send(new GetWebACLCommand({ ARN: acl.ARN }));
  return got.WebACL!.Rules!.find((r) => r.Name!.startsWith('ShieldMitigationRuleGroup_'));
}

async function mitigationRules(): Promise<Rule[]> {
  const ref = await mitigationReference();
  assert.ok(ref, 'the web ACL references Shield’s rule group');
  const arn = ref.Statement!.RuleGroupReferenceStatement!.ARN!;
  return (await waf.send(new GetRuleGroupCommand({ ARN: arn }))).RuleGroup!.Rules ?? [];
}

async function attackEnded(id: string): Promise<AttackSummary> {
  return eventually(30, async () => {
    const list = (await shield.send(new ListAttacksCommand({ ResourceArns: [lbArn] }))).AttackSummaries ?? [];
    return list.find((a) => a.AttackId === id && a.EndTime !== undefined);
  });
}

async function newAttack(known: ReadonlySet<string>): Promise<AttackSummary | undefined> {
  const list = (await shield.send(new ListAttacksCommand({ ResourceArns: [lbArn] }))).AttackSummaries ?? [];
  return list.find((a) => !known.has(a.AttackId!));
}

test('without a web ACL associated, Enable is refused; Update and Disable refuse while not enabled', async () => {
  await assert.rejects(
    shield.send(new EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn, Action: { Block: {} } })),
    { name: 'InvalidOperationException' },
  );
  for (const command of [
    new UpdateApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn, Action: { Count: {} } }),
    new DisableApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn }),
  ]) {
    await assert.rejects(shield.send(command as never), { name: 'InvalidOperationException' });
  }
  await assert.rejects(
    shield.send(new EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn, Action: {} })),
    { name: 'InvalidParameterException' },
  );
  const protection = (await shield.send(new DescribeProtectionCommand({ ResourceArn: lbArn }))).Protection!;
  assert.equal(protection.ApplicationLayerAutomaticResponseConfiguration, undefined);
});

test('Enable puts Shield’s rule group in the web ACL, without rules until an attack', async () => {
  const summary = (
    await waf.send(
      new CreateWebACLCommand({
        Name: 'front',
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: [],
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'front' },
      }),
    )
  ).Summary!;
  acl = { ARN: summary.ARN!, Id: summary.Id!, Name: summary.Name! };
  await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN, ResourceArn: lbArn }));

  await shield.send(new EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn, Action: { Block: {} } }));
  const protection = (await shield.send(new DescribeProtectionCommand({ ResourceArn: lbArn }))).Protection!;
  assert.deepEqual(protection.ApplicationLayerAutomaticResponseConfiguration, {
    Status: 'ENABLED',
    Action: { Block: {} },
  });
  await assert.rejects(
    shield.send(new EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn, Action: { Block: {} } })),
    { name: 'InvalidOperationException' },
  );

  const ref = await mitigationReference();
  assert.ok(ref);
  assert.match(ref.Name!, new RegExp(`^ShieldMitigationRuleGroup_${w.accountId}_${acl.Id}_[0-9a-f-]{36}$`));
  assert.equal(ref.Priority, 10_000_000);
  assert.deepEqual(ref.OverrideAction, { None: {} });
  const webAcl = (await waf.send(new GetWebACLCommand({ ARN: acl.ARN }))).WebACL!;
  assert.equal(webAcl.Capacity, 150);
  assert.deepEqual(await mitigationRules(), []);
});

test('Block: during the attack the flood source gets 403 from the WAF, the probe source is served; the rules go after', async () => {
  for (let i = 0; i < 5; i++) assert.equal(await get('/', '127.0.0.3'), 200);
  const flood = startFlood();
  const probes: number[] = [];
  let attack: AttackSummary;
  let rules: Rule[];
  try {
    attack = await eventually(30, () => newAttack(new Set()));
    rules = await eventually(30, async () => {
      probes.push(await get('/', '127.0.0.3'));
      const now = await mitigationRules();
      return now.length > 0 && flood.last.includes(403) ? now : undefined;
    });
    probes.push(await get('/', '127.0.0.3'));
  } finally {
    await flood.stop();
  }
  assert.ok(
    probes.every((s) => s === 200),
    `probes from 127.0.0.3: ${probes.join(',')}`,
  );
  assert.equal(rules.length, 1);
  assert.deepEqual(rules[0]!.Action, { Block: {} });
  assert.ok(flood.last.includes(403));

  await attackEnded(attack.AttackId!);
  await eventually(30, async () => ((await mitigationRules()).length === 0 ? true : undefined));
  assert.ok(await mitigationReference(), 'the group stays while automatic response is enabled');
  assert.equal(await get('/', '127.0.0.2'), 200);

  const detail = (await shield.send(new DescribeAttackCommand({ AttackId: attack.AttackId }))).Attack!;
  const ref = await mitigationReference();
  assert.deepEqual(detail.Mitigations, [{ MitigationName: ref!.Name }]);
});

test('Update to Count: the flood is counted, not blocked; Disable takes the group out of the web ACL', async () => {
  await shield.send(new UpdateApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn, Action: { Count: {} } }));
  const protection = (await shield.send(new DescribeProtectionCommand({ ResourceArn: lbArn }))).Protection!;
  assert.deepEqual(protection.ApplicationLayerAutomaticResponseConfiguration, {
    Status: 'ENABLED',
    Action: { Count: {} },
  });

  const known = new Set(
    ((await shield.send(new ListAttacksCommand({}))).AttackSummaries ?? []).map((a) => a.AttackId!),
  );
  const flood = startFlood();
  let attack: AttackSummary;
  let rules: Rule[];
  let servedAfterRules: number[];
  try {
    attack = await eventually(30, () => newAttack(known));
    rules = await eventually(30, async () => {
      const now = await mitigationRules();
      return now.length > 0 ? now : undefined;
    });
    // Requests sent once the rules are in force: counted, still served.
    flood.last.length = 0;
    await eventually(30, async () => (flood.last.length >= 20 ? true : undefined));
    servedAfterRules = [...flood.last];
  } finally {
    await flood.stop();
  }
  assert.deepEqual(rules[0]!.Action, { Count: {} });
  assert.ok(
    servedAfterRules.every((s) => s === 200),
    `flood statuses: ${servedAfterRules.join(',')}`,
  );
  await attackEnded(attack.AttackId!);
  await eventually(30, async () => ((await mitigationRules()).length === 0 ? true : undefined));

  await shield.send(new DisableApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn }));
  const disabled = (await shield.send(new DescribeProtectionCommand({ ResourceArn: lbArn }))).Protection!;
  assert.equal(disabled.ApplicationLayerAutomaticResponseConfiguration?.Status, 'DISABLED');
  assert.equal(await mitigationReference(), undefined);
  const webAcl = (await waf.send(new GetWebACLCommand({ ARN: acl.ARN }))).WebACL!;
  assert.equal(webAcl.Capacity, 0);
  const groups = (await waf.send(new ListRuleGroupsCommand({ Scope: 'REGIONAL' }))).RuleGroups ?? [];
  assert.deepEqual(
    groups.filter((g) => g.Name!.startsWith('ShieldMitigation')),
    [],
  );
  await assert.rejects(shield.send(new DisableApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn })), {
    name: 'InvalidOperationException',
  });
});

test('deleting a protection with automatic response enabled takes its rule group out of the web ACL', async () => {
  await shield.send(new EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: lbArn, Action: { Block: {} } }));
  assert.notEqual(await mitigationReference(), undefined);
  const id = (await shield.send(new DescribeProtectionCommand({ ResourceArn: lbArn }))).Protection!.Id!;
  await shield.send(new DeleteProtectionCommand({ ProtectionId: id }));
  assert.equal(await mitigationReference(), undefined);
  assert.equal((await waf.send(new GetWebACLCommand({ ARN: acl.ARN }))).WebACL!.Capacity, 0);
  const groups = (await waf.send(new ListRuleGroupsCommand({ Scope: 'REGIONAL' }))).RuleGroups ?? [];
  assert.deepEqual(
    groups.filter((g) => g.Name!.startsWith('ShieldMitigation')),
    [],
  );
});
