// Shield Advanced on Warden's own API endpoint (arn:aws:warden::<first account>:endpoint/api): the deployment's first
// account protects it; a flood from 127.0.0.2 against the API listener is an attack with 127.0.0.2 as its top source
// while the SDK's calls from 127.0.0.1 keep being answered; automatic response needs a web ACL, which the endpoint
// cannot have; without the protection the listener hands nothing over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import {
  CreateProtectionCommand,
  CreateSubscriptionCommand,
  DeleteProtectionCommand,
  DescribeAttackCommand,
  DescribeProtectionCommand,
  EnableApplicationLayerAutomaticResponseCommand,
  ListAttacksCommand,
  ShieldClient,
  type AttackSummary,
} from '@aws-sdk/client-shield';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssociateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import {
  CreateDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { apiEndpointObservers } from '../../src/core/api-endpoint.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { eventually, statusFrom } from '../helpers/shield.js';

let w: TestWarden;
let shield: ShieldClient;
let port: number;
let apiArn: string;

before(async () => {
  w = await startWarden({ shieldFloorRps: 30, shieldMultiplier: 5, shieldStartSeconds: 2, shieldEndSeconds: 2 });
  shield = new ShieldClient(w.clientConfig);
  port = Number(new URL(w.endpoint).port);
  apiArn = `arn:aws:warden::${w.accountId}:endpoint/api`;
  await shield.send(new CreateSubscriptionCommand({}));
});

after(() => w?.stop());

test('only the API endpoint of the deployment, in its first account, is protectable', async () => {
  await assert.rejects(
    shield.send(
      new CreateProtectionCommand({ Name: 'other', ResourceArn: 'arn:aws:warden::111111111111:endpoint/api' }),
    ),
    { name: 'InvalidResourceException' },
  );
  await assert.rejects(
    shield.send(
      new CreateProtectionCommand({ Name: 'other', ResourceArn: `arn:aws:warden::${w.accountId}:endpoint/other` }),
    ),
    { name: 'InvalidResourceException', message: "Unrecognized resource 'endpoint' of service 'warden'." },
  );
});

test('a flood of the API endpoint is an attack on it, from 127.0.0.2; the SDK is answered meanwhile', async () => {
  assert.equal(apiEndpointObservers(w.warden.runtime).length, 0);
  // GuardDuty in the owning account: the attack feeds it (Warden's extension finding type for the endpoint).
  const guardduty = new GuardDutyClient(w.clientConfig);
  const { DetectorId } = await guardduty.send(new CreateDetectorCommand({ Enable: true }));
  const { ProtectionId } = await shield.send(new CreateProtectionCommand({ Name: 'api', ResourceArn: apiArn }));
  const described = await shield.send(new DescribeProtectionCommand({ ResourceArn: apiArn }));
  assert.equal(described.Protection!.Id, ProtectionId);
  assert.equal(apiEndpointObservers(w.warden.runtime).length, 1);

  // Automatic response needs a web ACL associated with the resource; WAF associates web ACLs with load balancers.
  await assert.rejects(
    shield.send(new EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: apiArn, Action: { Block: {} } })),
    { name: 'InvalidOperationException', message: /no AWS WAF web ACL associated/ },
  );
  const waf = new WAFV2Client(w.clientConfig);
  await assert.rejects(
    waf.send(
      new AssociateWebACLCommand({
        ResourceArn: apiArn,
        WebACLArn: `arn:aws:wafv2:us-east-1:${w.accountId}:regional/webacl/x/00000000-0000-0000-0000-000000000000`,
      }),
    ),
    { name: 'WAFInvalidParameterException' },
  );

  // Unsigned requests to a path no service answers: cheap refusals the listener still counts as exchanges.
  let flooding = true;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const flood = Promise.all(
    Array.from({ length: 8 }, async () => {
      while (flooding) await statusFrom(port, '/flood', '127.0.0.2', agent).catch(() => undefined);
    }),
  );
  let attack: AttackSummary;
  try {
    attack = await eventually(30, async () => {
      const list = (await shield.send(new ListAttacksCommand({ ResourceArns: [apiArn] }))).AttackSummaries ?? [];
      return list[0];
    });
  } finally {
    flooding = false;
    await flood;
    agent.destroy();
  }
  assert.equal(attack.ResourceArn, apiArn);
  assert.deepEqual(attack.AttackVectors, [{ VectorType: 'REQUEST_FLOOD' }]);

  const ended = await eventually(30, async () => {
    const list = (await shield.send(new ListAttacksCommand({ ResourceArns: [apiArn] }))).AttackSummaries ?? [];
    return list.find((a) => a.AttackId === attack.AttackId && a.EndTime !== undefined);
  });
  assert.ok(ended.EndTime! > ended.StartTime!);

  const detail = (await shield.send(new DescribeAttackCommand({ AttackId: attack.AttackId }))).Attack!;
  const property = (id: string) => detail.AttackProperties!.find((p) => p.AttackPropertyIdentifier === id);
  assert.equal(property('SOURCE_IP_ADDRESS')!.TopContributors![0]!.Name, '127.0.0.2');
  assert.equal(property('DESTINATION_URL')!.TopContributors![0]!.Name, '/flood');
  // Loopback sources have no country and no network: those properties are left out, not guessed.
  assert.equal(property('SOURCE_COUNTRY'), undefined);
  assert.equal(property('SOURCE_ASN'), undefined);

  // The trail's record of the start carries what a reader needs of the attack.
  const trail = new CloudTrailClient(w.clientConfig);
  const events = await trail.send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AttackEnded' }] }),
  );
  const record = JSON.parse(events.Events![0]!.CloudTrailEvent!) as {
    serviceEventDetails: { attackId: string; resourceArn: string; endTime: string; attackProperties: unknown[] };
  };
  assert.equal(record.serviceEventDetails.attackId, attack.AttackId);
  assert.equal(record.serviceEventDetails.resourceArn, apiArn);
  assert.equal(record.serviceEventDetails.endTime, ended.EndTime!.toISOString());
  assert.deepEqual(record.serviceEventDetails.attackProperties, JSON.parse(JSON.stringify(detail.AttackProperties)));

  // The attack's start reached GuardDuty: a finding on the endpoint, from the flood's source.
  const findingIds = await eventually(10, async () => {
    const ids = (
      await guardduty.send(
        new ListFindingsCommand({
          DetectorId,
          FindingCriteria: { Criterion: { type: { Eq: ['Impact:ApiEndpoint/DenialOfService.Warden'] } } },
        }),
      )
    ).FindingIds;
    return ids && ids.length > 0 ? ids : undefined;
  });
  const [finding] = (await guardduty.send(new GetFindingsCommand({ DetectorId, FindingIds: findingIds }))).Findings!;
  assert.equal(finding!.Resource!.ResourceType, 'WardenApiEndpoint');
  assert.equal(finding!.Service!.Action!.NetworkConnectionAction!.RemoteIpDetails!.IpAddressV4, '127.0.0.2');
  assert.equal(JSON.parse(finding!.Service!.AdditionalInfo!.Value!).attackId, attack.AttackId);

  // Without its protection the endpoint's exchanges are no longer handed over.
  await shield.send(new DeleteProtectionCommand({ ProtectionId }));
  assert.equal(apiEndpointObservers(w.warden.runtime).length, 0);
});
