// Shield's AttackStarted service event on the owner's load balancer raises the attack finding; anything else raises none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { buildServiceEventRecord } from '../../../audit/service-event.js';
import type { Database } from '../../../store/schema.js';
import { ACCOUNT, trailRecord } from './record-fixture.js';
import { shieldAttackDetection } from './shield-attack.js';
import type { DetectionScope } from './types.js';

const LB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`;
const scope: DetectionScope = {
  detector: { accountId: ACCOUNT, region: 'us-east-1', id: 'd'.repeat(32) },
  partition: 'aws',
  lists: { trusted: () => false, threat: () => undefined },
  db: {} as Kysely<Database>,
  at: Date.parse('2026-01-01T12:00:00Z'),
};

/** The record Shield's monitor writes when an attack starts. */
function attackRecord(
  eventName: string,
  resourceArn = LB,
  topSourceIps: unknown = [{ name: '127.0.0.2', value: 900 }],
) {
  return buildServiceEventRecord({
    eventSource: 'shield.amazonaws.com',
    eventName,
    region: 'us-east-1',
    recipientAccountId: ACCOUNT,
    time: new Date(scope.at),
    details: {
      attackId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      resourceArn,
      attackVector: 'REQUEST_FLOOD',
      startTime: '2026-01-01T12:00:00.000Z',
      thresholdRequestsPerSecond: 150,
      topSourceIps,
    },
    resources: [{ accountId: ACCOUNT, type: 'AWS::Shield::Attack', ARN: `arn:aws:shield::${ACCOUNT}:attack/x` }],
  });
}

test('AttackStarted on the owner load balancer: the attack finding, inbound from its heaviest source', async () => {
  const [finding, ...rest] = await shieldAttackDetection.detect(scope, attackRecord('AttackStarted'));
  assert.equal(rest.length, 0);
  assert.ok(finding);
  assert.equal(finding.Type, 'Impact:LoadBalancer/DenialOfService.Warden');
  assert.ok(shieldAttackDetection.findingTypes.includes(finding.Type));
  assert.equal(finding.Severity, 8);
  assert.deepEqual(finding.Resource, { ResourceType: 'LoadBalancer' });
  const action = finding.Service!.Action!;
  assert.equal(action.ActionType, 'NETWORK_CONNECTION');
  assert.equal(action.NetworkConnectionAction!.ConnectionDirection, 'INBOUND');
  assert.deepEqual(action.NetworkConnectionAction!.RemoteIpDetails, { IpAddressV4: '127.0.0.2' });
  assert.equal(finding.Service!.ResourceRole, 'TARGET');
  const info = JSON.parse(finding.Service!.AdditionalInfo!.Value!) as Record<string, unknown>;
  assert.equal(info.loadBalancerArn, LB);
  assert.equal(info.attackId, 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111');
  assert.deepEqual(info.topSourceIps, ['127.0.0.2']);
  assert.equal(finding.at, scope.at);
  assert.equal(finding.key, `${LB}\n127.0.0.2`);
});

test('AttackEnded, other services, other accounts\u2019 resources, non-ELB resources and malformed details raise nothing', async () => {
  const none = async (record: Parameters<typeof shieldAttackDetection.detect>[1]) =>
    assert.deepEqual(await shieldAttackDetection.detect(scope, record), []);
  await none(attackRecord('AttackEnded'));
  await none(trailRecord({ eventSource: 'shield.amazonaws.com', eventName: 'AttackStarted' }));
  await none(attackRecord('AttackStarted', LB.replace(ACCOUNT, '444455556666')));
  await none(attackRecord('AttackStarted', `arn:aws:cloudfront::${ACCOUNT}:distribution/E1`));
  await none({ ...attackRecord('AttackStarted'), serviceEventDetails: { resourceArn: 7 } as never });
  await none({ ...attackRecord('AttackStarted'), eventSource: 'guardduty.amazonaws.com' });
});

test("AttackStarted on Warden's API endpoint of the detector's account: the API-endpoint attack finding", async () => {
  const api = `arn:aws:warden::${ACCOUNT}:endpoint/api`;
  const [finding] = await shieldAttackDetection.detect(scope, attackRecord('AttackStarted', api));
  assert.ok(finding);
  assert.equal(finding.Type, 'Impact:ApiEndpoint/DenialOfService.Warden');
  assert.ok(shieldAttackDetection.findingTypes.includes(finding.Type));
  assert.deepEqual(finding.Resource, { ResourceType: 'WardenApiEndpoint' });
  const info = JSON.parse(finding.Service!.AdditionalInfo!.Value!) as Record<string, unknown>;
  assert.equal(info.apiEndpointArn, api);
  assert.equal(info.loadBalancerArn, undefined);
  // Another account's endpoint ARN (only an imported trail could hold one) is not this detector's to report.
  assert.deepEqual(
    await shieldAttackDetection.detect(scope, attackRecord('AttackStarted', api.replace(ACCOUNT, '444455556666'))),
    [],
  );
});

test('odd top sources are skipped, plain strings taken, and the list capped', async () => {
  const sources = [
    '::ffff:192.0.2.1',
    5,
    { name: 'x'.repeat(100) },
    ...Array.from({ length: 10 }, (_, i) => `10.0.0.${i}`),
  ];
  const [finding] = await shieldAttackDetection.detect(scope, attackRecord('AttackStarted', LB, sources));
  const info = JSON.parse(finding!.Service!.AdditionalInfo!.Value!) as { topSourceIps: string[] };
  assert.deepEqual(info.topSourceIps, ['192.0.2.1', '10.0.0.0', '10.0.0.1']);
  const [noSources] = await shieldAttackDetection.detect(scope, attackRecord('AttackStarted', LB, 'nope'));
  assert.equal(noSources!.Service!.Action!.NetworkConnectionAction!.RemoteIpDetails, undefined);
});
