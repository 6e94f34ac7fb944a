// The AnomalousBehavior detection over synthetic CloudTrail records with a real store: learning, anomalies, bursts, bounds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { Store } from '../../../store/store.js';
import { storeBackends } from '../../../../test/helpers/stores.js';
import type { NewFinding } from '../finding-store.js';
import { anomalousBehavior } from './anomalous-behavior.js';
import { BASELINE_LIMITS } from './baseline-store.js';
import {
  BASELINE_BULK_EVENTS,
  BASELINE_MIN_EVENTS,
  BASELINE_MIN_SPAN_MS,
  DENIED_BURST_APIS,
  KMS_BURST_KEYS,
  KMS_WINDOW_MS,
  NOVELTY_WINDOW_MS,
} from './anomaly-rules.js';
import { ACCOUNT, IDENTITIES, trailRecord } from './record-fixture.js';
import type { DetectionScope } from './types.js';

const T0 = Date.UTC(2026, 0, 1, 9);
const MIN = 60_000;
const CLI = 'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/iam.list-users';
const NEW_TOOL = 'python-requests/2.31.0';
/** alice's everyday reads. */
const ROUTINE = ['ListUsers', 'GetUser', 'ListRoles', 'ListPolicies', 'GetAccountSummary'];

let n = 0;
function call(at: number, overrides: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  n++;
  return trailRecord({
    eventTime: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventID: `evt-${n}`,
    requestID: `req-${n}`,
    userAgent: CLI,
    ...overrides,
  });
}

for (const backend of storeBackends()) {
  describe(`AnomalousBehavior on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let detectorSeq = 0;
    before(async () => {
      store = await backend.open();
    });
    after(async () => {
      await store?.close();
    });

    /** A detector of its own per test, and a feeder running the detection at each record's event time. */
    function detector() {
      const id = `${backend.name}${++detectorSeq}`.padEnd(32, '0');
      const scopeAt = (at: number): DetectionScope => ({
        detector: { accountId: ACCOUNT, region: 'us-east-1', id },
        partition: 'aws',
        lists: { trusted: () => false, threat: () => undefined },
        db: store.db,
        at,
      });
      const feed = (at: number, overrides: Partial<CloudTrailRecord> = {}): Promise<readonly NewFinding[]> =>
        anomalousBehavior.detect(scopeAt(at), call(at, overrides));
      /** alice's routine over `span` of event time, `count` calls; the findings they raised. */
      const learn = async (count: number, span: number, overrides: Partial<CloudTrailRecord> = {}) => {
        const found: NewFinding[] = [];
        for (let i = 0; i < count; i++) {
          const at = T0 + Math.floor((span * i) / Math.max(1, count - 1));
          found.push(...(await feed(at, { eventName: ROUTINE[i % ROUTINE.length], ...overrides })));
        }
        return found;
      };
      const rows = async (kind?: string) => {
        let q = store.db
          .selectFrom('guardduty_baseline_features')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('account_id', '=', ACCOUNT)
          .where('detector_id', '=', id);
        if (kind) q = q.where('kind', '=', kind);
        return Number((await q.executeTakeFirstOrThrow()).n);
      };
      return { id, feed, learn, rows, scopeAt };
    }

    test('an established identity calling a never-seen sensitive API from a new user agent raises the tactic finding', async () => {
      const d = detector();
      assert.deepEqual(await d.learn(BASELINE_MIN_EVENTS, BASELINE_MIN_SPAN_MS), []);
      const at = T0 + BASELINE_MIN_SPAN_MS + MIN;
      const [f, ...rest] = await d.feed(at, {
        eventName: 'AttachUserPolicy',
        readOnly: false,
        userAgent: NEW_TOOL,
        requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      });
      assert.equal(rest.length, 0);
      assert.equal(f?.Type, 'PrivilegeEscalation:IAMUser/AnomalousBehavior');
      assert.equal(f?.Severity, 5);
      assert.equal(
        f?.Title,
        'User IAMUser : alice is anomalously invoking APIs commonly used in PrivilegeEscalation tactics.',
      );
      assert.equal(
        f?.Description,
        'APIs commonly used in PrivilegeEscalation tactics were invoked by user IAMUser : alice, under anomalous ' +
          'circumstances. Such activity is not typically seen from this user.',
      );
      assert.equal(f?.at, at);
      assert.equal(f?.Resource.AccessKeyDetails?.UserName, 'alice');
      assert.equal(f?.Service?.Action?.AwsApiCallAction?.Api, 'AttachUserPolicy');
      assert.equal(f?.Service?.Action?.AwsApiCallAction?.UserAgent, NEW_TOOL);
      const info = JSON.parse(f!.Service!.AdditionalInfo!.Value!);
      assert.equal(f?.Service?.AdditionalInfo?.Type, 'default');
      assert.equal(info.anomalies.anomalousAPIs, 'iam.amazonaws.com:[AttachUserPolicy:success]');
      assert.equal(info.unusualBehavior.unusualAPIsUserIdentityProfiling, 'AttachUserPolicy');
      assert.equal(info.unusualBehavior.unusualUserAgentsUserIdentityProfiling, 'python-requests');
      assert.equal(info.unusualBehavior.unusualNetworksUserIdentityProfiling, '');
      assert.deepEqual(info.userAgent, { fullUserAgent: NEW_TOOL, userAgentCategory: 'python-requests' });
      // Each routine API is a fifth of alice's calls: frequent.
      assert.deepEqual(
        info.profiledBehavior.frequentProfiledAPIsUserIdentityProfiling.split(' , ').sort(),
        [...ROUTINE].sort(),
      );
      assert.equal(info.profiledBehavior.frequentProfiledUserAgentsUserIdentityProfiling, 'aws-cli');
      assert.equal(info.profiledBehavior.frequentProfiledNetworksUserIdentityProfiling, '198.51.100.0/24');
      const who = IDENTITIES.user.arn;
      const anomaly = f?.Service?.Detection?.Anomaly;
      assert.deepEqual(anomaly?.Unusual?.Behavior?.[who], {
        APIs: { ProfileType: 'FREQUENCY', ProfileSubtype: 'UNSEEN', Observations: { Text: ['AttachUserPolicy'] } },
        UserAgents: { ProfileType: 'FREQUENCY', ProfileSubtype: 'UNSEEN', Observations: { Text: ['python-requests'] } },
      });
      assert.equal(anomaly?.Profiles?.[who]?.APIs?.[0]?.ProfileSubtype, 'FREQUENT');
      assert.deepEqual(anomaly?.Profiles?.[who]?.UserAgents, [
        { ProfileType: 'FREQUENCY', ProfileSubtype: 'FREQUENT', Observations: { Text: ['aws-cli'] } },
      ]);

      // A new network is a signal as much as a new user agent; the same API again is no longer unseen.
      const [g] = await d.feed(at + MIN, { eventName: 'DeleteUser', readOnly: false, sourceIPAddress: '203.0.113.9' });
      assert.equal(g?.Type, 'Impact:IAMUser/AnomalousBehavior');
      assert.equal(g?.Severity, 8);
      assert.equal(
        JSON.parse(g!.Service!.AdditionalInfo!.Value!).unusualBehavior.unusualNetworksUserIdentityProfiling,
        '203.0.113.0/24',
      );
      assert.deepEqual(
        await d.feed(at + 2 * MIN, { eventName: 'AttachUserPolicy', readOnly: false, userAgent: NEW_TOOL }),
        [],
      );
    });

    test('a new tool stays new for a series of calls, and is ordinary once its novelty window has passed', async () => {
      const d = detector();
      await d.learn(BASELINE_MIN_EVENTS, BASELINE_MIN_SPAN_MS);
      const at = T0 + BASELINE_MIN_SPAN_MS + MIN;
      assert.equal((await d.feed(at, { eventName: 'ListAccessKeys', userAgent: NEW_TOOL })).length, 1);
      // Minutes later, the same tool is still part of the same new series.
      const [f] = await d.feed(at + 5 * MIN, { eventName: 'DeleteGroup', readOnly: false, userAgent: NEW_TOOL });
      assert.equal(f?.Type, 'Impact:IAMUser/AnomalousBehavior');
      assert.deepEqual(
        f?.Service?.Detection?.Anomaly?.Unusual?.Behavior?.[IDENTITIES.user.arn]?.UserAgents?.Observations,
        {
          Text: ['python-requests'],
        },
      );
      // Once NOVELTY_WINDOW_MS has passed since it was first seen, the tool is one the identity uses.
      assert.deepEqual(
        await d.feed(at + NOVELTY_WINDOW_MS + MIN, { eventName: 'DeleteRole', userAgent: NEW_TOOL }),
        [],
      );
    });

    test("the same identity's normal behaviour raises nothing, nor does novelty before its baseline is established", async () => {
      const d = detector();
      // Not yet established: too few calls, or too little time for that few.
      assert.deepEqual(await d.learn(BASELINE_MIN_EVENTS - 1, BASELINE_MIN_SPAN_MS), []);
      assert.deepEqual(await d.feed(T0 + BASELINE_MIN_SPAN_MS, { eventName: 'DeleteRole', userAgent: NEW_TOOL }), []);
      const quick = detector();
      assert.deepEqual(await quick.learn(BASELINE_MIN_EVENTS, MIN), []);
      assert.deepEqual(await quick.feed(T0 + 2 * MIN, { eventName: 'DeleteRole', userAgent: NEW_TOOL }), []);

      const e = detector();
      assert.deepEqual(await e.learn(BASELINE_MIN_EVENTS * 2, BASELINE_MIN_SPAN_MS * 2), []);
      let at = T0 + BASELINE_MIN_SPAN_MS * 2 + MIN;
      const benign: Partial<CloudTrailRecord>[] = [
        ...ROUTINE.map((eventName) => ({ eventName })),
        // Another address in the same /24, another CLI version and command: the same network and user agent.
        { eventName: 'ListUsers', sourceIPAddress: '198.51.100.200' },
        { eventName: 'GetUser', userAgent: 'aws-cli/2.17.1 Python/3.12.1 Linux/6.8 exe/x86_64 command/iam.get-user' },
        // Never-seen APIs from the usual place and tool: new alone is not anomalous.
        { eventName: 'ListAccessKeys' },
        { eventName: 'GetAccountAuthorizationDetails' },
        { eventName: 'DeleteLoginProfile', readOnly: false },
        // A call of no tactic from a new tool.
        { eventSource: 'kms.amazonaws.com', eventName: 'Encrypt', userAgent: NEW_TOOL },
        // Routine reads from a new tool: known APIs.
        { eventName: 'ListRoles', userAgent: NEW_TOOL },
      ];
      for (const overrides of benign)
        assert.deepEqual(await e.feed((at += MIN), overrides), [], JSON.stringify(overrides));
    });

    test("a bulk workload establishes a baseline quickly; assumed-role sessions share their role's baseline", async () => {
      const d = detector();
      const role = { userIdentity: IDENTITIES.role };
      assert.deepEqual(await d.learn(BASELINE_BULK_EVENTS, 10_000, role), []);
      const otherSession = {
        ...IDENTITIES.role,
        arn: IDENTITIES.role.arn.replace('/deploy', '/deploy-2'),
        principalId: 'AROAEXAMPLEROLE00001:deploy-2',
        accessKeyId: 'ASIAEXAMPLEROLE00002',
      };
      const [f] = await d.feed(T0 + MIN, {
        userIdentity: otherSession,
        eventSource: 'sts.amazonaws.com',
        eventName: 'GetFederationToken',
        userAgent: NEW_TOOL,
      });
      assert.equal(f?.Type, 'InitialAccess:IAMUser/AnomalousBehavior');
      assert.equal(f?.Resource.AccessKeyDetails?.UserName, 'Deployer');
      assert.ok(f?.Service?.Detection?.Anomaly?.Unusual?.Behavior?.[IDENTITIES.role.sessionContext.sessionIssuer.arn]);
    });

    test('persistence: an identity rarely seen doing IAM writes creating a user or key, or granting admin, from its usual tool', async () => {
      const d = detector();
      await d.learn(BASELINE_MIN_EVENTS, BASELINE_MIN_SPAN_MS);
      let at = T0 + BASELINE_MIN_SPAN_MS + MIN;
      const [f] = await d.feed((at += MIN), { eventName: 'CreateUser', readOnly: false });
      assert.equal(f?.Type, 'Persistence:IAMUser/AnomalousBehavior');
      assert.deepEqual(JSON.parse(f!.Service!.AdditionalInfo!.Value!).reasons, ['rare-iam-writer', 'unseen-api']);
      const admin = { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', userName: 'mallory' };
      const [g] = await d.feed((at += MIN), {
        eventName: 'AttachUserPolicy',
        readOnly: false,
        requestParameters: admin,
      });
      assert.equal(g?.Type, 'Persistence:IAMUser/AnomalousBehavior');
      // A third IAM write: alice now does IAM writes, so a broad inline policy from her usual tool is no longer rare.
      const broad = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      });
      const [h] = await d.feed((at += MIN), {
        eventName: 'PutUserPolicy',
        readOnly: false,
        requestParameters: { policyDocument: broad },
      });
      assert.equal(h?.Type, 'Persistence:IAMUser/AnomalousBehavior');
      assert.deepEqual(await d.feed((at += MIN), { eventName: 'CreateAccessKey', readOnly: false }), []);
      // A narrow grant or a failed creation is not persistence.
      const e = detector();
      await e.learn(BASELINE_MIN_EVENTS, BASELINE_MIN_SPAN_MS);
      const narrow = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
      assert.deepEqual(
        await e.feed((at += MIN), {
          eventName: 'PutUserPolicy',
          readOnly: false,
          requestParameters: { policyDocument: narrow },
        }),
        [],
      );
      assert.deepEqual(
        await e.feed(at + MIN, { eventName: 'CreateUser', readOnly: false, errorCode: 'EntityAlreadyExists' }),
        [],
      );
    });

    test('KMS: ScheduleKeyDeletion or DisableKey on several keys within the window raises Impact (High) once the threshold is met', async () => {
      const d = detector();
      const kms = (key: string, eventName = 'ScheduleKeyDeletion') => ({
        eventSource: 'kms.amazonaws.com',
        eventName,
        readOnly: false,
        requestParameters: { keyId: key, pendingWindowInDays: 7 },
      });
      let at = T0;
      for (let k = 1; k < KMS_BURST_KEYS; k++) assert.deepEqual(await d.feed((at += MIN), kms(`key-${k}`)), []);
      // The same key again is not another key.
      assert.deepEqual(await d.feed((at += MIN), kms('key-1', 'DisableKey')), []);
      const [f, ...rest] = await d.feed(at + MIN, kms(`key-${KMS_BURST_KEYS}`, 'DisableKey'));
      assert.equal(rest.length, 0);
      assert.equal(f?.Type, 'Impact:IAMUser/AnomalousBehavior');
      assert.equal(f?.Severity, 8);
      const info = JSON.parse(f!.Service!.AdditionalInfo!.Value!);
      assert.equal(info.affectedKeys.length, KMS_BURST_KEYS);
      assert.equal(
        f?.Service?.Detection?.Anomaly?.Unusual?.Behavior?.[IDENTITIES.user.arn]?.KmsKeys?.Observations?.Number?.[0],
        KMS_BURST_KEYS,
      );

      // The same number of keys spread wider than the window is no burst.
      const slow = detector();
      at = T0;
      for (let k = 1; k <= KMS_BURST_KEYS; k++)
        assert.deepEqual(await slow.feed((at += KMS_WINDOW_MS / 2 + MIN), kms(`key-${k}`)), []);
      // An identity that has retired keys before the window is doing what it does.
      const routine = detector();
      assert.deepEqual(await routine.feed(T0, kms('old-key')), []);
      at = T0 + 2 * KMS_WINDOW_MS;
      for (let k = 1; k <= KMS_BURST_KEYS + 1; k++)
        assert.deepEqual(await routine.feed((at += MIN), kms(`key-${k}`)), []);
    });

    test('a burst of AccessDenied across distinct APIs raises Discovery (Low); fewer, or spread out, does not', async () => {
      const d = detector();
      const deny = (eventName: string) => ({ eventName, errorCode: 'AccessDenied', errorMessage: 'denied' });
      let at = T0;
      for (let i = 1; i < DENIED_BURST_APIS; i++)
        assert.deepEqual(await d.feed((at += 10_000), deny(`ListThing${i}`)), []);
      assert.deepEqual(await d.feed((at += 10_000), deny('ListThing1')), []);
      const [f] = await d.feed(at + 10_000, { ...deny('GetThing'), errorCode: 'AccessDeniedException' });
      assert.equal(f?.Type, 'Discovery:IAMUser/AnomalousBehavior');
      assert.equal(f?.Severity, 2);
      const info = JSON.parse(f!.Service!.AdditionalInfo!.Value!);
      assert.equal(info.accessDeniedAPIs.length, DENIED_BURST_APIS);
      assert.match(info.anomalies.anomalousAPIs, /^iam\.amazonaws\.com:\[GetThing:failure , /);
      // Refused calls do not make an API known.
      const seen = await store.db
        .selectFrom('guardduty_baseline_features')
        .select('kind')
        .where('detector_id', '=', d.id)
        .where('value', '=', 'iam.amazonaws.com:GetThing')
        .execute();
      assert.deepEqual(
        seen.map((r) => r.kind),
        ['denied'],
      );

      const slow = detector();
      at = T0;
      for (let i = 1; i <= DENIED_BURST_APIS; i++)
        assert.deepEqual(await slow.feed((at += 3 * MIN), deny(`ListThing${i}`)), []);
    });

    test('SCP and organization tampering by an identity never seen making the call raises DefenseEvasion', async () => {
      const d = detector();
      const org = (eventName: string, requestParameters: Record<string, unknown> | null = null) => ({
        eventSource: 'organizations.amazonaws.com',
        eventName,
        readOnly: false,
        requestParameters,
      });
      let at = T0;
      const [f] = await d.feed(
        (at += MIN),
        org('DetachPolicy', { policyId: 'p-examplescp1', targetId: 'ou-ab12-cdef3456' }),
      );
      assert.equal(f?.Type, 'DefenseEvasion:IAMUser/AnomalousBehavior');
      assert.equal(f?.Severity, 5);
      // Having made the call before, doing it again is not unusual.
      assert.deepEqual(
        await d.feed((at += MIN), org('DetachPolicy', { policyId: 'p-examplescp2', targetId: 'r-ab12' })),
        [],
      );
      const [g] = await d.feed(
        (at += MIN),
        org('DisablePolicyType', { rootId: 'r-ab12', policyType: 'SERVICE_CONTROL_POLICY' }),
      );
      assert.equal(g?.Type, 'DefenseEvasion:IAMUser/AnomalousBehavior');
      assert.equal((await d.feed((at += MIN), org('LeaveOrganization'))).length, 1);
      // Other policy types are not guardrails.
      assert.deepEqual(
        await d.feed((at += MIN), org('DisablePolicyType', { rootId: 'r-ab12', policyType: 'TAG_POLICY' })),
        [],
      );
      const tagPolicy = { policy: { policySummary: { id: 'p-tag', type: 'TAG_POLICY' } } };
      assert.deepEqual(
        await d.feed(at + MIN, { ...org('UpdatePolicy', { policyId: 'p-tag' }), responseElements: tagPolicy }),
        [],
      );
    });

    test('records that are not profiled or not well formed raise nothing and do not throw', async () => {
      const d = detector();
      for (const junk of [
        null,
        {},
        { eventType: 'AwsApiCall', userIdentity: null },
        { eventType: 'AwsApiCall', userIdentity: IDENTITIES.user, eventSource: 7, eventName: [] },
        call(T0, { userIdentity: IDENTITIES.service }),
        call(T0, { eventType: 'AwsServiceEvent' }),
      ])
        assert.deepEqual(await anomalousBehavior.detect(d.scopeAt(T0), junk as unknown as CloudTrailRecord), []);
      assert.equal(await d.rows(), 0);
    });

    test(
      'storage stays bounded: 2,500 distinct APIs and addresses (2.5× the largest cap) keep at most the per-identity caps',
      { timeout: 600_000 },
      async () => {
        const d = detector();
        // Fed in transactions of 500 records (as a caller batching records would), so the test pays for the
        // bounds rather than for 2,500 commits.
        for (let batch = 0; batch < 5; batch++) {
          await store.db.transaction().execute(async (trx) => {
            for (let i = batch * 500; i < (batch + 1) * 500; i++) {
              const at = T0 + i * 1000;
              const record = call(at, {
                eventName: `Api${i}`,
                sourceIPAddress: `10.${(i >> 8) & 255}.${i & 255}.1`,
                userAgent: `tool${i}/1.0`,
              });
              await anomalousBehavior.detect({ ...d.scopeAt(at), db: trx }, record);
            }
          });
        }
        // At most the cap of each kind (past it, the newest nine tenths are kept).
        for (const [kind, cap] of Object.entries(BASELINE_LIMITS.perKind).filter(([k]) =>
          ['api', 'network', 'agent'].includes(k),
        )) {
          const held = await d.rows(kind);
          assert.ok(held <= cap && held >= Math.floor(cap * 0.9), `${kind}: ${held} of ${cap}`);
        }
        const [counters] = await store.db
          .selectFrom('guardduty_baseline_identities')
          .select(['api_values', 'network_values', 'agent_values'])
          .where('detector_id', '=', d.id)
          .execute();
        assert.deepEqual(counters, {
          api_values: await d.rows('api'),
          network_values: await d.rows('network'),
          agent_values: await d.rows('agent'),
        });
        // The newest are kept: the latest API is known, the first forgotten.
        const kept = await store.db
          .selectFrom('guardduty_baseline_features')
          .select('value')
          .where('detector_id', '=', d.id)
          .where('kind', '=', 'api')
          .where('value', 'in', ['iam.amazonaws.com:Api0', 'iam.amazonaws.com:Api2499'])
          .execute();
        assert.deepEqual(
          kept.map((r) => r.value),
          ['iam.amazonaws.com:Api2499'],
        );
      },
    );
  });
}
