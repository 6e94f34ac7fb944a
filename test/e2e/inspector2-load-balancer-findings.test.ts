// Inspector2's load balancer listener findings (a Warden extension) through the SDKs: a server whose data plane binds
// 0.0.0.0 (beyond loopback) reports each listener as a NETWORK_REACHABILITY finding on AWS_ELBV2_LOAD_BALANCER,
// MEDIUM without a web ACL and LOW once one is associated (the same finding), CLOSED when the listener is deleted.
// A loopback bind (none, or CLOSED) is covered over the store in load-balancer-findings.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  DeleteListenerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { EnableCommand, Inspector2Client, ListFindingsCommand, type Finding } from '@aws-sdk/client-inspector2';
import { AssociateWebACLCommand, CreateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { freePort } from '../helpers/elbv2.js';
import { waitFor } from '../helpers/wait.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

/** The account's load balancer findings (the resource type Warden adds for its own load balancers). */
async function loadBalancerFindings(inspector: Inspector2Client): Promise<Finding[]> {
  const page = await inspector.send(
    new ListFindingsCommand({
      filterCriteria: { resourceType: [{ comparison: 'EQUALS', value: 'AWS_ELBV2_LOAD_BALANCER' }] },
      maxResults: 100,
    }),
  );
  return page.findings ?? [];
}

/** A load balancer with one HTTP listener answering a fixed response on a free port. */
async function loadBalancerWithListener(elb: ElasticLoadBalancingV2Client, name: string) {
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: name }))).LoadBalancers![0]!;
  const port = await freePort();
  const listener = (
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: port,
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      }),
    )
  ).Listeners![0]!;
  return { lbArn: lb.LoadBalancerArn!, listenerArn: listener.ListenerArn!, port };
}

describe('a data plane bound beyond loopback', () => {
  let w: TestWarden;
  before(async () => {
    w = await startWarden({ dataPlaneHost: '0.0.0.0' });
  });
  after(async () => {
    await w?.stop();
  });

  test('each listener is a finding: MEDIUM without a web ACL, LOW with one, CLOSED once deleted', async () => {
    const inspector = new Inspector2Client(w.clientConfig);
    const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
    const waf = new WAFV2Client(w.clientConfig);
    await inspector.send(new EnableCommand({ resourceTypes: ['EC2'] }));
    const { lbArn, listenerArn, port } = await loadBalancerWithListener(elb, 'exposed');

    const [open] = await waitFor(
      async () => {
        const f = await loadBalancerFindings(inspector);
        return f.length > 0 && f;
      },
      { what: 'the listener finding', timeoutMs: 30_000, intervalMs: 100 },
    );
    assert.equal(open!.type, 'NETWORK_REACHABILITY');
    assert.equal(open!.status, 'ACTIVE');
    assert.equal(open!.severity, 'MEDIUM');
    assert.equal(open!.awsAccountId, w.accountId);
    assert.deepEqual(
      open!.resources!.map((r) => [r.type, r.id]),
      [['AWS_ELBV2_LOAD_BALANCER', lbArn]],
    );
    const details = open!.networkReachabilityDetails!;
    assert.deepEqual(details.openPortRange, { begin: port, end: port });
    assert.equal(details.protocol, 'TCP');
    assert.deepEqual(
      details.networkPath!.steps!.map((s) => [s.componentType, s.componentId]),
      [
        ['AWS_ELBV2_LOAD_BALANCER', lbArn],
        ['AWS_ELBV2_LISTENER', listenerArn],
        ['AWS_WAFV2_WEB_ACL', 'none'],
        ['LISTENING_SOCKET', `0.0.0.0:${port}`],
      ],
    );

    // A web ACL in front of it: the same finding, lowered to LOW and naming the ACL.
    const acl = (
      await waf.send(
        new CreateWebACLCommand({
          Name: 'guard',
          Scope: 'REGIONAL',
          DefaultAction: { Allow: {} },
          Rules: [],
          VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'guard' },
        }),
      )
    ).Summary!;
    await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN, ResourceArn: lbArn }));
    const guarded = await waitFor(
      async () => {
        const [f] = await loadBalancerFindings(inspector);
        return f?.severity === 'LOW' && f;
      },
      { what: 'the finding lowered by the web ACL', timeoutMs: 30_000, intervalMs: 100 },
    );
    assert.equal(guarded.findingArn, open!.findingArn);
    assert.equal(guarded.status, 'ACTIVE');
    assert.equal(guarded.networkReachabilityDetails!.networkPath!.steps![2]!.componentId, acl.ARN);

    // The listener deleted: the finding closes.
    await elb.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
    const closed = await waitFor(
      async () => {
        const [f] = await loadBalancerFindings(inspector);
        return f?.status === 'CLOSED' && f;
      },
      { what: 'the finding closed', timeoutMs: 30_000, intervalMs: 100 },
    );
    assert.equal(closed.findingArn, open!.findingArn);
  });
});
