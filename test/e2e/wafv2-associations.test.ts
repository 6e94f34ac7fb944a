// WAFv2 web ACLs with Warden's load balancers and managed rule groups: association, capacity of a managed group.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CheckCapacityCommand,
  CreateWebACLCommand,
  DeleteWebACLCommand,
  DisassociateWebACLCommand,
  GetWebACLCommand,
  GetWebACLForResourceCommand,
  ListResourcesForWebACLCommand,
  WAFV2Client,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let waf: WAFV2Client;
let elb: ElasticLoadBalancingV2Client;
const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });

before(async () => {
  w = await startWarden();
  waf = new WAFV2Client(w.clientConfig);
  elb = new ElasticLoadBalancingV2Client(w.clientConfig);
});
after(async () => {
  await w.stop();
});

const commonRuleSet = (priority: number): Rule => ({
  Name: 'core',
  Priority: priority,
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
  OverrideAction: { None: {} },
  VisibilityConfig: vis('core'),
});

test('a managed rule group costs its documented capacity; an unknown one is refused', async () => {
  const capacity = await waf.send(new CheckCapacityCommand({ Scope: 'REGIONAL', Rules: [commonRuleSet(0)] }));
  assert.equal(capacity.Capacity, 700);
  await assert.rejects(
    waf.send(
      new CheckCapacityCommand({
        Scope: 'REGIONAL',
        Rules: [
          {
            ...commonRuleSet(0),
            Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesNoSuchRuleSet' } },
          },
        ],
      }),
    ),
    (err: Error) => err.name === 'WAFNonexistentItemException',
  );
});

test('a web ACL protects a load balancer: associate, look up both ways, refuse deletion, disassociate', async () => {
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'protected', Type: 'application' })))
    .LoadBalancers![0]!;
  const created = await waf.send(
    new CreateWebACLCommand({
      Name: 'front',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [commonRuleSet(0)],
      VisibilityConfig: vis('front'),
    }),
  );
  const acl = created.Summary!;
  const got = await waf.send(new GetWebACLCommand({ Name: 'front', Scope: 'REGIONAL', Id: acl.Id }));
  assert.equal(got.WebACL!.Capacity, 700);

  await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN, ResourceArn: lb.LoadBalancerArn }));
  const forResource = await waf.send(new GetWebACLForResourceCommand({ ResourceArn: lb.LoadBalancerArn }));
  assert.equal(forResource.WebACL!.ARN, acl.ARN);
  const resources = await waf.send(new ListResourcesForWebACLCommand({ WebACLArn: acl.ARN }));
  assert.deepEqual(resources.ResourceArns, [lb.LoadBalancerArn]);

  const lockToken = got.LockToken;
  await assert.rejects(
    waf.send(new DeleteWebACLCommand({ Name: 'front', Scope: 'REGIONAL', Id: acl.Id, LockToken: lockToken })),
    (err: Error) => err.name === 'WAFAssociatedItemException',
  );
  await waf.send(new DisassociateWebACLCommand({ ResourceArn: lb.LoadBalancerArn }));
  const none = await waf.send(new GetWebACLForResourceCommand({ ResourceArn: lb.LoadBalancerArn }));
  assert.equal(none.WebACL, undefined);
  await waf.send(new DeleteWebACLCommand({ Name: 'front', Scope: 'REGIONAL', Id: acl.Id, LockToken: lockToken }));
});
