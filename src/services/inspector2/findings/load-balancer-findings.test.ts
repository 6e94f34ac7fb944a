// Load balancer listener findings: the loopback rule, severity with and without a web ACL, and the evaluation over the
// store on SQLite and PostgreSQL (ACTIVE, changed in place when an ACL is associated, CLOSED when the listener or the
// load balancer goes or the bind is loopback, nothing for accounts without EC2 scanning).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import type { Store } from '../../../store/store.js';
import {
  bindsBeyondLoopback,
  evaluateLoadBalancers,
  loadBalancerFindings,
  type LoadBalancerCursor,
} from './load-balancer-findings.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const LB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web/0123456789abcdef`;
const LISTENER = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/web/0123456789abcdef/aaaa`;
const ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/guard/1111`;

test('beyond loopback: wildcard, private and public addresses and other names; not 127/8, ::1 or localhost', () => {
  for (const h of ['0.0.0.0', '::', '10.0.0.5', '203.0.113.9', 'lb.example.com', '[::]'])
    assert.equal(bindsBeyondLoopback(h), true, h);
  for (const h of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST'])
    assert.equal(bindsBeyondLoopback(h), false, h);
});

test('one finding per listener, MEDIUM without a web ACL and LOW with one, naming the path', () => {
  const facts = {
    arn: LB,
    name: 'web',
    scheme: 'internet-facing',
    listeners: [{ arn: LISTENER, protocol: 'HTTP', port: 8080 }],
    webAclArn: undefined,
  };
  const [open] = loadBalancerFindings(facts, '0.0.0.0');
  assert.equal(open!.severity, 'MEDIUM');
  assert.equal(open!.type, 'NETWORK_REACHABILITY');
  const details = open!.fields.networkReachabilityDetails as any;
  assert.deepEqual(details.openPortRange, { begin: 8080, end: 8080 });
  assert.deepEqual(
    details.networkPath.steps.map((s: any) => [s.componentType, s.componentId]),
    [
      ['AWS_ELBV2_LOAD_BALANCER', LB],
      ['AWS_ELBV2_LISTENER', LISTENER],
      ['AWS_WAFV2_WEB_ACL', 'none'],
      ['LISTENING_SOCKET', '0.0.0.0:8080'],
    ],
  );
  const [guarded] = loadBalancerFindings({ ...facts, webAclArn: ACL }, '0.0.0.0');
  assert.equal(guarded!.severity, 'LOW');
  assert.equal(guarded!.key, open!.key);
  assert.equal((guarded!.fields.networkReachabilityDetails as any).networkPath.steps[2].componentId, ACL);
  assert.deepEqual(loadBalancerFindings(facts, '127.0.0.1'), []);
});

async function seed(store: Store, account: string, lb: string, listener: string, ec2: string) {
  await store.db
    .insertInto('inspector2_account_status')
    .values({
      account_id: account,
      region: 'us-east-1',
      ec2,
      ecr: 'DISABLED',
      lambda: 'DISABLED',
      lambda_code: 'DISABLED',
      code_repository: 'DISABLED',
      updated_at: 1,
    })
    .execute();
  await store.db
    .insertInto('elbv2_load_balancers')
    .values({
      arn: lb,
      account_id: account,
      region: 'us-east-1',
      name: 'web',
      scheme: 'internet-facing',
      ip_address_type: 'ipv4',
      subnets: '[]',
      security_groups: '[]',
      attributes: '{}',
      created_at: 1,
    })
    .execute();
  await store.db
    .insertInto('elbv2_listeners')
    .values({
      arn: listener,
      account_id: account,
      region: 'us-east-1',
      load_balancer_arn: lb,
      protocol: 'HTTP',
      port: 8080,
      ssl_policy: null,
      certificates: '[]',
      default_actions: '[]',
      created_at: 1,
    })
    .execute();
}

const findingsOf = (store: Store) =>
  store.db
    .selectFrom('inspector2_findings')
    .select(['account_id', 'finding_arn', 'resource_id', 'status', 'severity'])
    .orderBy('finding_arn')
    .execute();

for (const backend of storeBackends()) {
  describe(`Load balancer findings on ${backend.name}`, { skip: backend.skip }, () => {
    test('ACTIVE beyond loopback, lowered by a web ACL, CLOSED when loopback, the listener or the load balancer goes', async () => {
      const store = await backend.open();
      try {
        await seed(store, ACCOUNT, LB, LISTENER, 'ENABLED');
        // Another account's load balancer, EC2 scanning off: never evaluated.
        await seed(store, OTHER, LB.replace(ACCOUNT, OTHER), LISTENER.replace(ACCOUNT, OTHER), 'DISABLED');
        const cursor: LoadBalancerCursor = {};
        assert.equal(await evaluateLoadBalancers(store, '0.0.0.0', cursor, 1000), 1);
        let rows = await findingsOf(store);
        assert.deepEqual(
          rows.map((r) => [r.account_id, r.resource_id, r.status, r.severity]),
          [[ACCOUNT, LB, 'ACTIVE', 'MEDIUM']],
        );
        const arn = rows[0]!.finding_arn;

        await store.db
          .insertInto('wafv2_associations')
          .values({ resource_arn: LB, account_id: ACCOUNT, region: 'us-east-1', web_acl_arn: ACL, created_at: 2 })
          .execute();
        await evaluateLoadBalancers(store, '0.0.0.0', cursor, 2000);
        rows = await findingsOf(store);
        assert.deepEqual(
          rows.map((r) => [r.finding_arn, r.status, r.severity]),
          [[arn, 'ACTIVE', 'LOW']],
        );

        // Bound to loopback: closed; beyond loopback again: the same finding ACTIVE again.
        await evaluateLoadBalancers(store, '127.0.0.1', cursor, 3000);
        assert.deepEqual(
          (await findingsOf(store)).map((r) => r.status),
          ['CLOSED'],
        );
        await evaluateLoadBalancers(store, '10.1.2.3', cursor, 4000);
        assert.deepEqual(
          (await findingsOf(store)).map((r) => [r.finding_arn, r.status]),
          [[arn, 'ACTIVE']],
        );

        // The listener deleted: closed.
        await store.db.deleteFrom('elbv2_listeners').where('arn', '=', LISTENER).execute();
        await evaluateLoadBalancers(store, '0.0.0.0', cursor, 5000);
        assert.deepEqual(
          (await findingsOf(store)).map((r) => r.status),
          ['CLOSED'],
        );

        // A new listener, then the load balancer deleted: closed by the gone rule.
        await store.db
          .insertInto('elbv2_listeners')
          .values({
            arn: `${LISTENER}b`,
            account_id: ACCOUNT,
            region: 'us-east-1',
            load_balancer_arn: LB,
            protocol: 'HTTP',
            port: 8081,
            ssl_policy: null,
            certificates: '[]',
            default_actions: '[]',
            created_at: 6,
          })
          .execute();
        await evaluateLoadBalancers(store, '0.0.0.0', cursor, 6000);
        assert.equal((await findingsOf(store)).filter((r) => r.status === 'ACTIVE').length, 1);
        await store.db.deleteFrom('elbv2_listeners').execute();
        await store.db.deleteFrom('elbv2_load_balancers').where('arn', '=', LB).execute();
        await evaluateLoadBalancers(store, '0.0.0.0', cursor, 7000);
        assert.deepEqual(
          (await findingsOf(store)).map((r) => r.status),
          ['CLOSED', 'CLOSED'],
        );
      } finally {
        await store.close();
      }
    });

    test('a pass takes a bounded batch and the next one goes on after it', async () => {
      const store = await backend.open();
      try {
        for (const n of [1, 2, 3])
          await seed(
            store,
            `11112222333${n}`,
            LB.replace(ACCOUNT, `11112222333${n}`),
            LISTENER.replace(ACCOUNT, `11112222333${n}`),
            'ENABLED',
          );
        const cursor: LoadBalancerCursor = {};
        assert.equal(await evaluateLoadBalancers(store, '0.0.0.0', cursor, 1, 2), 2);
        assert.equal((await findingsOf(store)).length, 2);
        assert.equal(await evaluateLoadBalancers(store, '0.0.0.0', cursor, 2, 2), 1);
        assert.equal((await findingsOf(store)).length, 3);
        assert.equal(cursor.after, undefined);
      } finally {
        await store.close();
      }
    });
  });
}
