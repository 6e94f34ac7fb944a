import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import type { CloudTrailRecord } from '../../../audit/record.js';
import { auditRowOf } from '../../../audit/row.js';
import { buildServiceEventRecord } from '../../../audit/service-event.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { instanceCredentialExfiltrationDetection } from './instance-credential-exfiltration.js';
import { ACCOUNT, IDENTITIES, trailRecord } from './record-fixture.js';
import type { DetectionScope } from './types.js';

const REPORTED = '10.0.0.5';
const REGISTERED = '198.51.100.20';
const ATTACKER = '203.0.113.66';

/** A call made with the session credentials of `sessionName` (a session of role SsmHost) from `ip`. */
function sessionCall(sessionName: string, ip: string, extra: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return trailRecord({
    userIdentity: {
      ...IDENTITIES.role,
      principalId: `AROAEXAMPLEROLE00001:${sessionName}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/SsmHost/${sessionName}`,
      sessionContext: {
        ...IDENTITIES.role.sessionContext,
        sessionIssuer: { ...IDENTITIES.role.sessionContext.sessionIssuer, userName: 'SsmHost' },
      },
    },
    eventSource: 'ssm.amazonaws.com',
    eventName: 'DescribeInstanceInformation',
    sourceIPAddress: ip,
    ...extra,
  });
}

async function addInstance(
  db: Kysely<Database>,
  instanceId: string,
  opts: { accountId?: string; reported?: string | null; registeredFrom?: string },
) {
  const accountId = opts.accountId ?? ACCOUNT;
  await db
    .insertInto('ssm_managed_instances')
    .values({
      instance_id: instanceId,
      account_id: accountId,
      region: 'us-east-1',
      activation_id: '00000000-0000-4000-8000-000000000000',
      iam_role: 'SsmHost',
      name: null,
      registered_at: 1,
      public_key: 'key',
      last_proof_at: 0,
      last_ping_at: 1,
      agent_version: null,
      platform_type: null,
      platform_name: null,
      platform_version: null,
      computer_name: null,
      ip_address: opts.reported ?? null,
    })
    .execute();
  if (opts.registeredFrom === undefined) return;
  const event = buildServiceEventRecord({
    eventSource: 'ssm.amazonaws.com',
    eventName: 'RegisterManagedInstance',
    region: 'us-east-1',
    recipientAccountId: accountId,
    time: new Date(Date.UTC(2026, 0, 1)),
    details: { instanceId, sourceIPAddress: opts.registeredFrom },
    resources: [
      {
        accountId,
        type: 'AWS::SSM::ManagedInstance',
        ARN: `arn:aws:ssm:us-east-1:${accountId}:managed-instance/${instanceId}`,
      },
    ],
  });
  await db.insertInto('audit_events').values(auditRowOf(event)).execute();
}

for (const backend of storeBackends()) {
  describe(
    `UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS on ${backend.name}`,
    {
      skip: backend.skip,
    },
    () => {
      test('a managed instance session from its own addresses raises nothing; from another, High, aggregated per address', async () => {
        const store = await backend.open();
        try {
          const db = store.db;
          const detection = instanceCredentialExfiltrationDetection();
          const scope: DetectionScope = {
            detector: { accountId: ACCOUNT, region: 'us-east-1', id: 'e'.repeat(32) },
            partition: 'aws',
            lists: { trusted: () => false, threat: () => undefined },
            db,
            at: Date.UTC(2026, 0, 2),
          };
          const mi = 'mi-0123456789abcdef0';
          await addInstance(db, mi, { reported: REPORTED, registeredFrom: REGISTERED });
          assert.deepEqual(await detection.detect(scope, sessionCall(mi, REGISTERED)), [], 'where it registered from');
          assert.deepEqual(await detection.detect(scope, sessionCall(mi, REPORTED)), [], 'the address it reports');

          const [f, ...rest] = await detection.detect(scope, sessionCall(mi, ATTACKER));
          assert.equal(rest.length, 0);
          assert.equal(f?.Type, 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS');
          assert.equal(f?.Severity, 8);
          assert.equal(f?.Title, 'Credentials for instance role SsmHost used from external IP address.');
          assert.equal(
            f?.Description,
            `Credentials created exclusively for managed instance ${mi} using instance role SsmHost have been used from external IP address ${ATTACKER}.`,
          );
          assert.equal(f?.Resource?.AccessKeyDetails?.PrincipalId, `AROAEXAMPLEROLE00001:${mi}`);
          assert.equal(f?.Resource?.AccessKeyDetails?.AccessKeyId, IDENTITIES.role.accessKeyId);
          assert.deepEqual(f?.Service?.Action?.AwsApiCallAction?.RemoteIpDetails, { IpAddressV4: ATTACKER });
          assert.deepEqual(JSON.parse(f!.Service!.AdditionalInfo!.Value!), { instanceId: mi });

          const again = await detection.detect(scope, sessionCall(mi, ATTACKER, { eventName: 'PutInventory' }));
          assert.equal(again[0]?.key, f?.key, 'repeats from one address aggregate');
          const other = await detection.detect(scope, sessionCall(mi, '203.0.113.67'));
          assert.notEqual(other[0]?.key, f?.key, 'another address is another finding');

          // AWS services calling on the account's behalf name a domain, not an address.
          assert.deepEqual(await detection.detect(scope, sessionCall(mi, 'ssm.amazonaws.com')), []);
          // Service events and failed parsing shapes are not API calls of the session.
          assert.deepEqual(
            await detection.detect(scope, sessionCall(mi, ATTACKER, { eventType: 'AwsServiceEvent' })),
            [],
          );
        } finally {
          await store.close();
        }
      });

      test('lookups are cached briefly (wall clock): a changed address counts once the entry ages out', async () => {
        const store = await backend.open();
        try {
          const db = store.db;
          let clock = 1_000_000;
          const detection = instanceCredentialExfiltrationDetection(() => clock);
          const scope: DetectionScope = {
            detector: { accountId: ACCOUNT, region: 'us-east-1', id: 'c'.repeat(32) },
            partition: 'aws',
            lists: { trusted: () => false, threat: () => undefined },
            db,
            at: Date.UTC(2026, 0, 2),
          };
          const mi = 'mi-0000000000000cafe';
          await addInstance(db, mi, { reported: REPORTED });
          assert.equal((await detection.detect(scope, sessionCall(mi, ATTACKER))).length, 1);
          await db
            .updateTable('ssm_managed_instances')
            .set({ ip_address: ATTACKER })
            .where('instance_id', '=', mi)
            .execute();
          clock += 1000;
          assert.equal(
            (await detection.detect(scope, sessionCall(mi, ATTACKER))).length,
            1,
            'still the cached address',
          );
          clock += 15_000;
          assert.deepEqual(await detection.detect(scope, sessionCall(mi, ATTACKER)), [], 'looked up again');
        } finally {
          await store.close();
        }
      });

      test('unknown instances, other accounts, other session names, addressless instances and malformed records raise nothing', async () => {
        const store = await backend.open();
        try {
          const db = store.db;
          const detection = instanceCredentialExfiltrationDetection();
          const scope: DetectionScope = {
            detector: { accountId: ACCOUNT, region: 'us-east-1', id: 'f'.repeat(32) },
            partition: 'aws',
            lists: { trusted: () => false, threat: () => undefined },
            db,
            at: Date.UTC(2026, 0, 2),
          };
          const elsewhere = 'mi-00000000000000aaa';
          await addInstance(db, elsewhere, { accountId: '444455556666', registeredFrom: REGISTERED });
          const addressless = 'mi-00000000000000bbb';
          await addInstance(db, addressless, {});
          const detect = (r: unknown) => detection.detect(scope, r as CloudTrailRecord);

          assert.deepEqual(await detect(sessionCall('mi-00000000000000ccc', ATTACKER)), [], 'no such instance');
          assert.deepEqual(await detect(sessionCall(elsewhere, ATTACKER)), [], "another account's instance");
          assert.deepEqual(await detect(sessionCall(addressless, ATTACKER)), [], 'no known address');
          assert.deepEqual(await detect(sessionCall('deploy', ATTACKER)), [], 'not an instance id');
          assert.deepEqual(await detect(sessionCall('MI-0123456789ABCDEF0', ATTACKER)), []);
          assert.deepEqual(await detect(trailRecord({ sourceIPAddress: ATTACKER })), [], 'an IAM user');

          for (const bad of [
            null,
            'x',
            {},
            { eventType: 'AwsApiCall', eventName: 'X', eventSource: 'y' },
            { ...sessionCall(addressless, ATTACKER), userIdentity: null },
            { ...sessionCall(addressless, ATTACKER), userIdentity: { type: 'AssumedRole', principalId: 7, arn: [] } },
            { ...sessionCall(addressless, ATTACKER), sourceIPAddress: { ip: ATTACKER } },
          ]) {
            assert.deepEqual(await detect(bad), [], JSON.stringify(bad));
          }
        } finally {
          await store.close();
        }
      });
    },
  );
}
