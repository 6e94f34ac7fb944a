// GetSessionToken, GetFederationToken, GetCallerIdentity for every principal type, GetAccessKeyInfo, session expiry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { DescribeTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { resolveSessionToken } from '../../src/auth/session-tokens.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { administratorKeys } from '../helpers/administrator.js';
import {
  allow,
  clients,
  enabledMfa,
  policy,
  rejects,
  role,
  secondAccount,
  sessionKeys,
  trailRecords,
  trust,
  userWithKey,
} from './sts-fixtures.js';

const HOUR = 3600_000;

function expiresIn(expiration: Date | undefined): number {
  assert.ok(expiration);
  return expiration.getTime() - Date.now();
}

describe('STS sessions of users, root and federated users', () => {
  let w: TestWarden;
  let root: IAMClient;
  let rootSts: STSClient;
  /** An administrator's STS client: AWS refuses AssumeRole to the root user. */
  let adminSts: STSClient;
  let account: string;

  before(async () => {
    w = await startWarden();
    root = new IAMClient(w.clientConfig);
    rootSts = new STSClient(w.clientConfig);
    adminSts = new STSClient({ ...w.clientConfig, credentials: await administratorKeys(w) });
    account = w.accountId;
  });
  after(async () => {
    await w.stop();
  });

  test('GetCallerIdentity names every kind of principal', async () => {
    const rootWho = await rootSts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual([rootWho.Arn, rootWho.UserId], [`arn:aws:iam::${account}:root`, account]);

    const user = await userWithKey(
      root,
      'whoami',
      policy(allow(['sts:GetFederationToken', 'cloudtrail:DescribeTrails'])),
    );
    const userWho = await clients(w, user).sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual([userWho.Arn, userWho.UserId, userWho.Account], [user.arn, user.userId, account]);

    const target = await role(root, 'WhoRole', trust({ AWS: `arn:aws:iam::${account}:root` }));
    const assumed = await adminSts.send(new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: 'who-session' }));
    const roleWho = await clients(w, sessionKeys(assumed.Credentials)).sts.send(new GetCallerIdentityCommand({}));
    assert.equal(roleWho.Arn, `arn:aws:sts::${account}:assumed-role/WhoRole/who-session`);
    assert.equal(roleWho.UserId, `${target.roleId}:who-session`);

    const federated = await clients(w, user).sts.send(new GetFederationTokenCommand({ Name: 'Bob' }));
    const fedWho = await clients(w, sessionKeys(federated.Credentials)).sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual([fedWho.Arn, fedWho.UserId], [`arn:aws:sts::${account}:federated-user/Bob`, `${account}:Bob`]);

    const own = await clients(w, user).sts.send(new GetSessionTokenCommand({}));
    const ownWho = await clients(w, sessionKeys(own.Credentials)).sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual([ownWho.Arn, ownWho.UserId], [user.arn, user.userId]);
  });

  test('GetSessionToken: twelve hours by default for users, at most one hour for root, never from a session', async () => {
    const user = await userWithKey(root, 'gst-user', policy(allow('iam:ListUsers')));
    const sts = clients(w, user).sts;
    const byDefault = await sts.send(new GetSessionTokenCommand({}));
    assert.ok(Math.abs(expiresIn(byDefault.Credentials?.Expiration) - 12 * HOUR) < 5000);
    const longest = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 129600 }));
    assert.ok(Math.abs(expiresIn(longest.Credentials?.Expiration) - 36 * HOUR) < 5000);
    await rejects(
      sts.send(new GetSessionTokenCommand({ DurationSeconds: 129601 })),
      'ValidationError',
      400,
      /Member must have value less than or equal to 129600/,
    );
    const rootSession = await rootSts.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    assert.ok(Math.abs(expiresIn(rootSession.Credentials?.Expiration) - HOUR) < 5000, 'root sessions last an hour');

    const session = clients(w, sessionKeys(byDefault.Credentials));
    await rejects(
      session.sts.send(new GetSessionTokenCommand({})),
      'AccessDenied',
      403,
      'Cannot call GetSessionToken with session credentials',
    );
    // Without MFA, IAM does not accept these credentials at all.
    await rejects(
      session.iam.send(new ListUsersCommand({})),
      'InvalidClientTokenId',
      403,
      'The security token included in the request is invalid.',
    );
  });

  test('GetSessionToken with an MFA code gives an MFA-authenticated session that IAM accepts', async () => {
    const user = await userWithKey(root, 'gst-mfa', policy(allow('iam:ListUsers')));
    const mfa = await enabledMfa(root, 'gst-mfa');
    const sts = clients(w, user).sts;
    await rejects(
      sts.send(
        new GetSessionTokenCommand({
          SerialNumber: mfa.serial,
          TokenCode: '000000' === mfa.code(0) ? '111111' : '000000',
        }),
      ),
      'AccessDenied',
      403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    );
    const out = await sts.send(new GetSessionTokenCommand({ SerialNumber: mfa.serial, TokenCode: mfa.code(0) }));
    const session = clients(w, sessionKeys(out.Credentials));
    await session.iam.send(new ListUsersCommand({}));
    const records = await trailRecords(w, w.credentials, 'ListUsers');
    const mine = records.find((r) => r.userIdentity.accessKeyId === out.Credentials!.AccessKeyId);
    assert.ok(mine, 'the session call is in the trail');
    assert.equal(mine.userIdentity.type, 'IAMUser');
    assert.deepEqual(mine.userIdentity.sessionContext.sessionIssuer, {});
    assert.equal(mine.userIdentity.sessionContext.attributes.mfaAuthenticated, 'true');
    // A code is good once.
    await rejects(
      sts.send(new GetSessionTokenCommand({ SerialNumber: mfa.serial, TokenCode: mfa.code(0) })),
      'AccessDenied',
      403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    );
  });

  test('GetFederationToken: no session policy, no permissions; a session policy grants at most the user’s', async () => {
    const user = await userWithKey(
      root,
      'federator',
      policy(allow(['sts:GetFederationToken', 'cloudtrail:DescribeTrails', 'cloudtrail:LookupEvents'])),
    );
    const sts = clients(w, user).sts;
    const bare = await sts.send(new GetFederationTokenCommand({ Name: 'bare-user' }));
    assert.equal(bare.PackedPolicySize, 0);
    assert.equal(bare.FederatedUser!.Arn, `arn:aws:sts::${account}:federated-user/bare-user`);
    assert.equal(bare.FederatedUser!.FederatedUserId, `${account}:bare-user`);
    assert.ok(Math.abs(expiresIn(bare.Credentials?.Expiration) - 12 * HOUR) < 5000);
    const bareSession = clients(w, sessionKeys(bare.Credentials));
    await rejects(
      bareSession.cloudtrail.send(new DescribeTrailsCommand({})),
      'AccessDeniedException',
      400,
      'User: arn:aws:sts::123456789012:federated-user/bare-user is not authorized to perform: cloudtrail:DescribeTrails because no session policy allows the cloudtrail:DescribeTrails action',
    );

    const scoped = await sts.send(
      new GetFederationTokenCommand({
        Name: 'scoped-user',
        Policy: policy(allow(['cloudtrail:DescribeTrails', 'iam:ListUsers'])),
        DurationSeconds: 900,
      }),
    );
    assert.ok(scoped.PackedPolicySize! > 0);
    const scopedSession = clients(w, sessionKeys(scoped.Credentials));
    await scopedSession.cloudtrail.send(new DescribeTrailsCommand({}));
    await rejects(
      scopedSession.cloudtrail.send(new LookupEventsCommand({})),
      'AccessDeniedException',
      400,
      'User: arn:aws:sts::123456789012:federated-user/scoped-user is not authorized to perform: cloudtrail:LookupEvents because no session policy allows the cloudtrail:LookupEvents action',
    );
    // Federated users cannot call IAM at all, nor STS beyond GetCallerIdentity.
    await rejects(
      scopedSession.iam.send(new ListUsersCommand({})),
      'InvalidClientTokenId',
      403,
      'The security token included in the request is invalid.',
    );
    await rejects(
      scopedSession.sts.send(new GetFederationTokenCommand({ Name: 'again' })),
      'AccessDenied',
      403,
      'User: arn:aws:sts::123456789012:federated-user/scoped-user is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::123456789012:federated-user/again because no session policy allows the sts:GetFederationToken action',
    );
    // Even a session allowed sts:GetFederationToken cannot call it: it takes long-term credentials.
    const federatorRole = await role(
      root,
      'FederatorRole',
      trust({ AWS: `arn:aws:iam::${account}:root` }),
      policy(allow('sts:GetFederationToken')),
    );
    const roleSession = await adminSts.send(
      new AssumeRoleCommand({ RoleArn: federatorRole.arn, RoleSessionName: 'fed' }),
    );
    await rejects(
      clients(w, sessionKeys(roleSession.Credentials)).sts.send(new GetFederationTokenCommand({ Name: 'again' })),
      'AccessDenied',
      403,
      'Cannot call GetFederationToken with session credentials',
    );

    const rootFederated = await rootSts.send(
      new GetFederationTokenCommand({ Name: 'root-fed', DurationSeconds: 7200 }),
    );
    assert.ok(Math.abs(expiresIn(rootFederated.Credentials?.Expiration) - HOUR) < 5000, 'root: one hour at most');
    await rejects(
      sts.send(new GetFederationTokenCommand({ Name: 'bad', Policy: '{"Version":"2012-10-17"' })),
      'MalformedPolicyDocumentException',
      400,
      'Syntax errors in policy.',
    );
  });

  test('GetAccessKeyInfo names the account of long-term and temporary keys', async () => {
    const other = await secondAccount(w, '210987654321');
    const user = await userWithKey(root, 'key-owner');
    const session = await rootSts.send(new GetSessionTokenCommand({}));
    const info = (id: string) => rootSts.send(new GetAccessKeyInfoCommand({ AccessKeyId: id }));
    assert.equal((await info(user.accessKeyId)).Account, account);
    assert.equal((await info(session.Credentials!.AccessKeyId!)).Account, account);
    assert.equal((await info(other.accessKeyId)).Account, '210987654321');
    const otherSession = await clients(w, other).sts.send(new GetSessionTokenCommand({}));
    assert.equal((await info(otherSession.Credentials!.AccessKeyId!)).Account, '210987654321');
    await rejects(info('AKIAIOSFODNN7EXAMPLE'), 'InvalidParameterValue', 400);
  });

  test('a session stops working when it expires, judged at the time each request arrives', async (t) => {
    const target = await role(root, 'ShortLived', trust({ AWS: `arn:aws:iam::${account}:root` }));
    const out = await adminSts.send(
      new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: 'brief', DurationSeconds: 900 }),
    );
    const keys = sessionKeys(out.Credentials);
    const sts = clients(w, keys).sts;
    await sts.send(new GetCallerIdentityCommand({}));

    // Server and client clocks both move 15 minutes on: the request is signed and received after the expiry.
    t.mock.timers.enable({ apis: ['Date'], now: out.Credentials!.Expiration!.getTime() + 1000 });
    await rejects(
      sts.send(new GetCallerIdentityCommand({})),
      'ExpiredToken',
      403,
      'The security token included in the request is expired',
    );
    t.mock.timers.reset();

    const expiration = out.Credentials!.Expiration!;
    const { runtime } = w.warden;
    assert.equal(
      resolveSessionToken(runtime, keys.accessKeyId, keys.sessionToken!, new Date(expiration.getTime() - 1)).identity
        .arn,
      `arn:aws:sts::${account}:assumed-role/ShortLived/brief`,
    );
    assert.throws(() => resolveSessionToken(runtime, keys.accessKeyId, keys.sessionToken!, expiration), {
      code: 'ExpiredToken',
    });
  });
});
