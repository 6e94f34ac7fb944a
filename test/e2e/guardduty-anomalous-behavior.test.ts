// GuardDuty's behaviour baselines through the SDK: a user learns its everyday workload, then from a tool it has never
// used makes calls it has never made, and the <Tactic>:IAMUser/AnomalousBehavior findings appear within 5 s (polled);
// another user running a benign workload of the same size in another Region raises none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListFindingsCommand,
  type Finding,
} from '@aws-sdk/client-guardduty';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetAccountSummaryCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateKeyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  BASELINE_BULK_EVENTS,
  DENIED_BURST_APIS,
  KMS_BURST_KEYS,
} from '../../src/services/guardduty/detection/anomaly-rules.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { waitFor } from '../helpers/wait.js';

/** Every finding must appear within this long of its call (the bound), polled; never a timing assertion. */
const WITHIN_MS = 5_000;
const ATTACK = 'us-east-1';
const BENIGN = 'us-west-2';
const KMS_REGION = 'eu-west-1';
const DENIED_REGION = 'eu-central-1';
/** A user agent neither user has used: a script, not the SDK they work with. */
const NEW_TOOL = 'python-requests/2.31.0';

type Keys = { accessKeyId: string; secretAccessKey: string };
let w: TestWarden;
const detectors = new Map<string, string>();
const keys = new Map<string, Keys>();

function iamAs(user: string, region: string, agent?: string): IAMClient {
  const c = new IAMClient({ ...w.clientConfig, region, credentials: keys.get(user)! });
  if (agent) {
    type Args = { request: { headers: Record<string, string> } };
    type Next = (args: Args) => Promise<unknown>;
    const stack = c.middlewareStack as unknown as { add(mw: (next: Next) => Next, opts: object): void };
    stack.add(
      (next) => async (args) => {
        // Set after signing: SigV4 as the SDK does it leaves user-agent unsigned.
        args.request.headers['user-agent'] = agent;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'toolUserAgent' },
    );
  }
  return c;
}

/** A detector's findings, read by the reader user (its reads are a workload of their own, never anomalous). */
async function findings(region: string): Promise<Finding[]> {
  const gd = new GuardDutyClient({ ...w.clientConfig, region, credentials: keys.get('reader')! });
  const DetectorId = detectors.get(region)!;
  const { FindingIds } = await gd.send(new ListFindingsCommand({ DetectorId }));
  if (!FindingIds?.length) return [];
  return (await gd.send(new GetFindingsCommand({ DetectorId, FindingIds }))).Findings ?? [];
}

const anomalous = (f: Finding) => f.Type?.endsWith(':IAMUser/AnomalousBehavior') ?? false;

/** The everyday reads a user repeats until its baseline is established. */
async function everyday(iam: IAMClient, user: string, calls: number): Promise<void> {
  const routine = [
    () => iam.send(new ListUsersCommand({})),
    () => iam.send(new GetUserCommand({ UserName: user })),
    () => iam.send(new ListRolesCommand({})),
    () => iam.send(new ListPoliciesCommand({ Scope: 'Local' })),
    () => iam.send(new GetAccountSummaryCommand({})),
  ];
  for (let i = 0; i < calls; i++) await routine[i % routine.length]!();
}

before(async () => {
  w = await startWarden();
  for (const region of [ATTACK, BENIGN, KMS_REGION, DENIED_REGION]) {
    const gd = new GuardDutyClient({ ...w.clientConfig, region });
    detectors.set(region, (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!);
  }
  // Users set up in a Region no detector watches, allowed everything so their calls succeed.
  const root = new IAMClient({ ...w.clientConfig, region: 'sa-east-1' });
  for (const user of ['alice', 'bob', 'reader', 'nobody']) {
    await root.send(new CreateUserCommand({ UserName: user }));
    // nobody is allowed nothing: every call it makes is refused.
    if (user !== 'nobody')
      await root.send(
        new PutUserPolicyCommand({
          UserName: user,
          PolicyName: 'all',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
          }),
        }),
      );
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    keys.set(user, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  }
});

after(async () => {
  await w?.stop();
});

test(
  'a user with a learnt workload calling never-made APIs from a new tool raises AnomalousBehavior; a benign workload of equal size raises none',
  { timeout: 120_000 },
  async () => {
    // Learning: each user's everyday reads with the SDK, enough calls for a baseline however fast they come.
    const learningStarted = Math.floor(Date.now() / 1000);
    await everyday(iamAs('alice', ATTACK), 'alice', BASELINE_BULK_EVENTS);
    await everyday(iamAs('bob', BENIGN), 'bob', BASELINE_BULK_EVENTS);

    // Benign, the same size as the attack below: bob's everyday reads, and a read he never made, from his usual SDK.
    const bobIam = iamAs('bob', BENIGN);
    await bobIam.send(new ListUsersCommand({}));
    await bobIam.send(new ListAccessKeysCommand({ UserName: 'bob' }));

    // The attack comes after her first call in event time, whose resolution is CloudTrail's second: a tool first seen
    // in the same second as an identity's first call is part of its baseline. On a fast machine all of the above can
    // fit in one second, so wait for the next one (not a timing assertion: only the order of the events matters).
    while (Math.floor(Date.now() / 1000) <= learningStarted) await new Promise((r) => setTimeout(r, 50));

    // The attack: alice's credentials in a script enumerate keys and mint one, neither of which she ever did.
    const stolen = iamAs('alice', ATTACK, NEW_TOOL);
    await stolen.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    const minted = (await stolen.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;

    const raised = await waitFor(
      async () => {
        const found = (await findings(ATTACK)).filter(anomalous);
        const types = new Set(found.map((f) => f.Type));
        return types.has('Discovery:IAMUser/AnomalousBehavior') && types.has('Persistence:IAMUser/AnomalousBehavior')
          ? found
          : undefined;
      },
      { what: 'Discovery and Persistence AnomalousBehavior findings', timeoutMs: WITHIN_MS, intervalMs: 50 },
    );
    const persistence = raised.find((f) => f.Type === 'Persistence:IAMUser/AnomalousBehavior')!;
    assert.equal(persistence.Severity, 5);
    assert.equal(
      persistence.Title,
      'User IAMUser : alice is anomalously invoking APIs commonly used in Persistence tactics.',
    );
    assert.equal(persistence.Resource?.ResourceType, 'AccessKey');
    assert.equal(persistence.Resource?.AccessKeyDetails?.UserName, 'alice');
    assert.equal(persistence.Resource?.AccessKeyDetails?.AccessKeyId, keys.get('alice')!.accessKeyId);
    const call = persistence.Service?.Action?.AwsApiCallAction;
    assert.equal(persistence.Service?.Action?.ActionType, 'AWS_API_CALL');
    assert.equal(call?.Api, 'CreateAccessKey');
    assert.equal(call?.ServiceName, 'iam.amazonaws.com');
    assert.equal(call?.UserAgent, NEW_TOOL);
    assert.equal(call?.RemoteIpDetails?.IpAddressV4, '127.0.0.1');
    const info = JSON.parse(persistence.Service!.AdditionalInfo!.Value!);
    assert.equal(info.anomalies.anomalousAPIs, 'iam.amazonaws.com:[CreateAccessKey:success]');
    assert.equal(info.unusualBehavior.unusualUserAgentsUserIdentityProfiling, 'python-requests');
    assert.equal(info.profiledBehavior.frequentProfiledUserAgentsUserIdentityProfiling, 'aws-sdk-js');
    assert.match(info.profiledBehavior.frequentProfiledAPIsUserIdentityProfiling, /\bListUsers\b/);
    const arn = `arn:aws:iam::${w.accountId}:user/alice`;
    assert.deepEqual(persistence.Service?.Detection?.Anomaly?.Unusual?.Behavior?.[arn]?.UserAgents, {
      ProfileType: 'FREQUENCY',
      ProfileSubtype: 'UNSEEN',
      Observations: { Text: ['python-requests'] },
    });
    const discovery = raised.find((f) => f.Type === 'Discovery:IAMUser/AnomalousBehavior')!;
    assert.equal(discovery.Severity, 2);
    assert.equal(discovery.Service?.Action?.AwsApiCallAction?.Api, 'ListAccessKeys');

    // The one worker analyses records in commit order: bob's calls, all made before alice's, were analysed by now.
    assert.deepEqual((await findings(BENIGN)).filter(anomalous), []);
    assert.ok(minted.AccessKeyId);
  },
);

/** Polls until the Region's detector holds a finding of `type`, with the 5 s bound. */
function finding(region: string, type: string): Promise<Finding> {
  return waitFor(async () => (await findings(region)).find((f) => f.Type === type), {
    what: `${type} in ${region}`,
    timeoutMs: WITHIN_MS,
    intervalMs: 50,
  });
}

test(
  'keys scheduled for deletion in a burst raise Impact:IAMUser/AnomalousBehavior (High)',
  { timeout: 60_000 },
  async () => {
    const kms = new KMSClient({ ...w.clientConfig, region: KMS_REGION, credentials: keys.get('alice')! });
    const ids: string[] = [];
    for (let i = 0; i < KMS_BURST_KEYS; i++) ids.push((await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
    for (const KeyId of ids) await kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    const f = await finding(KMS_REGION, 'Impact:IAMUser/AnomalousBehavior');
    assert.equal(f.Severity, 8);
    assert.equal(f.Service?.Action?.AwsApiCallAction?.Api, 'ScheduleKeyDeletion');
    const info = JSON.parse(f.Service!.AdditionalInfo!.Value!);
    assert.equal(info.affectedKeys.length, KMS_BURST_KEYS);
    for (const id of ids)
      assert.ok(
        info.affectedKeys.some((k: string) => k.endsWith(id)),
        id,
      );
  },
);

test(
  'a user refused on many APIs in a row raises Discovery:IAMUser/AnomalousBehavior (Low)',
  { timeout: 60_000 },
  async () => {
    const creds = { ...w.clientConfig, region: DENIED_REGION, credentials: keys.get('nobody')! };
    const iam = new IAMClient(creds);
    const kms = new KMSClient(creds);
    const probes = [
      () => iam.send(new ListUsersCommand({})),
      () => iam.send(new ListRolesCommand({})),
      () => iam.send(new ListPoliciesCommand({})),
      () => kms.send(new ListKeysCommand({})),
      () => kms.send(new ListAliasesCommand({})),
    ];
    assert.equal(probes.length, DENIED_BURST_APIS);
    for (const probe of probes) await assert.rejects(probe(), (e: Error) => /AccessDenied/.test(e.name));
    const f = await finding(DENIED_REGION, 'Discovery:IAMUser/AnomalousBehavior');
    assert.equal(f.Severity, 2);
    assert.equal(f.Resource?.AccessKeyDetails?.UserName, 'nobody');
    assert.equal(f.Service?.Action?.AwsApiCallAction?.ErrorCode, 'AccessDeniedException');
    assert.equal(JSON.parse(f.Service!.AdditionalInfo!.Value!).accessDeniedAPIs.length, DENIED_BURST_APIS);
  },
);
