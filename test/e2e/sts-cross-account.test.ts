// Cross-account AssumeRole (both sides must allow) and the audit trail of assumptions and of the sessions' calls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import {
  allow,
  clients,
  policy,
  rejects,
  role,
  secondAccount,
  sessionKeys,
  trailRecords,
  trust,
  userWithKey,
  type Keys,
} from './sts-fixtures.js';

const B = '210987654321';

describe('STS across accounts, and the audit trail', () => {
  let w: TestWarden;
  let rootA: IAMClient;
  let keysB: Keys;
  let rootB: IAMClient;
  let A: string;

  before(async () => {
    w = await startWarden();
    A = w.accountId;
    rootA = new IAMClient(w.clientConfig);
    keysB = await secondAccount(w, B);
    rootB = clients(w, keysB).iam;
  });
  after(async () => {
    await w.stop();
  });

  const assume = (keys: Keys, RoleArn: string, RoleSessionName: string, extra: Record<string, unknown> = {}) =>
    clients(w, keys).sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName, ...extra }));

  test('the role account must trust the caller, and the caller’s account must allow the call', async () => {
    const partner = await role(
      rootB,
      'Partner',
      trust({ AWS: `arn:aws:iam::${A}:root` }),
      policy(allow('iam:ListRoles')),
    );
    const strangers = await role(rootB, 'Strangers', trust({ AWS: 'arn:aws:iam::111122223333:root' }));
    const allowed = await userWithKey(rootA, 'nina', policy(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/*`)));
    const unallowed = await userWithKey(rootA, 'oscar');

    const out = await assume(allowed, partner.arn, 'nina-in-b');
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${B}:assumed-role/Partner/nina-in-b`);
    const session = clients(w, sessionKeys(out.Credentials));
    const who = await session.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, B);
    const roles = await session.iam.send(new ListRolesCommand({}));
    assert.ok(
      roles.Roles!.every((r) => r.Arn!.includes(`:${B}:`)),
      'the session acts in the role account',
    );

    // Trusted by B, but not allowed by its own account: denied.
    await rejects(
      assume(unallowed, partner.arn, 'oscar-in-b'),
      'AccessDenied',
      403,
      `User: ${unallowed.arn} is not authorized to perform: sts:AssumeRole on resource: ${partner.arn}`,
    );
    // Allowed by A, not trusted by B: denied.
    await rejects(
      assume(allowed, strangers.arn, 'nina-elsewhere'),
      'AccessDenied',
      403,
      'User: arn:aws:iam::123456789012:user/nina is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/Strangers',
    );
    // Even a trust policy naming the user itself needs the user's own permission across accounts.
    const direct = await role(rootB, 'DirectTrust', trust({ AWS: unallowed.arn }));
    await rejects(
      assume(unallowed, direct.arn, 'oscar-direct'),
      'AccessDenied',
      403,
      'User: arn:aws:iam::123456789012:user/oscar is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/DirectTrust',
    );
    // The root user of A may not assume roles at all, even one whose trust policy names its account.
    const rootSts = new STSClient(w.clientConfig);
    for (const arn of [partner.arn, strangers.arn]) {
      await rejects(
        rootSts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'root-of-a' })),
        'AccessDenied',
        403,
        'Roles may not be assumed by root accounts.',
      );
    }
  });

  test('assumptions and the sessions’ calls are in CloudTrail, with their session context, without secrets', async () => {
    const audited = await role(
      rootB,
      'Audited',
      trust({ AWS: `arn:aws:iam::${A}:root` }, ['sts:AssumeRole', 'sts:SetSourceIdentity']),
      policy(allow('iam:ListRoles')),
    );
    const pat = await userWithKey(rootA, 'pat', policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'])));
    const out = await assume(pat, audited.arn, 'pat-audit', { SourceIdentity: 'pat@example.com' });
    const keys = sessionKeys(out.Credentials);
    await clients(w, keys).iam.send(new ListRolesCommand({}));

    // The assumption is delivered to both accounts, as CloudTrail does for cross-account calls.
    for (const reader of [w.credentials, keysB]) {
      const records = await trailRecords(w, reader, 'AssumeRole');
      const event = records.find((r) => r.responseElements?.assumedRoleUser?.arn?.endsWith('/pat-audit'));
      assert.ok(event, 'the AssumeRole event is in the trail');
      assert.equal(event.eventSource, 'sts.amazonaws.com');
      assert.equal(event.userIdentity.type, 'IAMUser');
      assert.equal(event.userIdentity.arn, pat.arn);
      assert.deepEqual(event.resources, [{ accountId: B, type: 'AWS::IAM::Role', ARN: audited.arn }]);
      assert.equal(event.requestParameters.roleSessionName, 'pat-audit');
      assert.equal(event.requestParameters.sourceIdentity, 'pat@example.com');
      assert.equal(event.responseElements.credentials.accessKeyId, keys.accessKeyId);
      assert.ok(event.sharedEventID);
      const text = JSON.stringify(event);
      assert.ok(!text.includes(keys.secretAccessKey), 'the secret is never recorded');
      assert.ok(!text.includes(keys.sessionToken!), 'nor the session token');
    }

    // The session's own calls carry its context: the role that issued it, when, MFA, the source identity.
    const listed = await trailRecords(w, keysB, 'ListRoles');
    const call = listed.find((r) => r.userIdentity.accessKeyId === keys.accessKeyId);
    assert.ok(call, 'the session call is in the role account trail');
    assert.equal(call.recipientAccountId, B);
    assert.equal(call.userIdentity.type, 'AssumedRole');
    assert.equal(call.userIdentity.arn, `arn:aws:sts::${B}:assumed-role/Audited/pat-audit`);
    assert.equal(call.userIdentity.principalId, `${audited.roleId}:pat-audit`);
    assert.deepEqual(call.userIdentity.sessionContext.sessionIssuer, {
      type: 'Role',
      principalId: audited.roleId,
      arn: audited.arn,
      accountId: B,
      userName: 'Audited',
    });
    assert.equal(call.userIdentity.sessionContext.sourceIdentity, 'pat@example.com');
    assert.equal(call.userIdentity.sessionContext.attributes.mfaAuthenticated, 'false');
    assert.match(call.userIdentity.sessionContext.attributes.creationDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // A denied assumption is recorded too, with AWS's error.
    await rejects(
      assume(pat, `arn:aws:iam::${B}:role/Missing`, 'nope'),
      'AccessDenied',
      403,
      'User: arn:aws:iam::123456789012:user/pat is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/Missing',
    );
    const failed = (await trailRecords(w, w.credentials, 'AssumeRole')).find(
      (r) => r.requestParameters?.roleSessionName === 'nope',
    );
    assert.equal(failed?.errorCode, 'AccessDenied');
  });
});
