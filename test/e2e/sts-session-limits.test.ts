// What STS refuses by who calls: the root user may assume no role; GetSessionToken sessions call no STS operation
// but AssumeRole and GetCallerIdentity, and no IAM operation unless obtained with MFA.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { allow, clients, enabledMfa, policy, rejects, role, sessionKeys, trust, userWithKey } from './sts-fixtures.js';

describe('STS limits by caller', () => {
  let w: TestWarden;
  let root: IAMClient;

  before(async () => {
    w = await startWarden();
    root = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  test('the root user may not assume a role, even one trusting its account, nor with a root session', async () => {
    const target = await role(root, 'TrustsAccount', trust({ AWS: `arn:aws:iam::${w.accountId}:root` }));
    const rootSts = new STSClient(w.clientConfig);
    await rejects(
      rootSts.send(new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: 'root' })),
      'AccessDenied',
      403,
      'Roles may not be assumed by root accounts.',
    );
    const rootSession = await rootSts.send(new GetSessionTokenCommand({}));
    await rejects(
      clients(w, sessionKeys(rootSession.Credentials)).sts.send(
        new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: 'root' }),
      ),
      'AccessDenied',
      403,
      'Roles may not be assumed by root accounts.',
    );
  });

  test('a GetSessionToken session calls AssumeRole and GetCallerIdentity only; IAM only with MFA', async () => {
    const actions = [
      'sts:AssumeRole',
      'sts:DecodeAuthorizationMessage',
      'sts:GetAccessKeyInfo',
      'sts:GetFederationToken',
      'iam:ListUsers',
    ];
    const user = await userWithKey(root, 'limited', policy(allow(actions)));
    const target = await role(root, 'ForLimited', trust({ AWS: user.arn }));
    const longTerm = clients(w, user).sts;
    // The user's own keys may call them (a garbage message is the operation's own error, past the gate).
    await rejects(
      longTerm.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })),
      'InvalidAuthorizationMessageException',
      400,
    );
    assert.equal(
      (await longTerm.send(new GetAccessKeyInfoCommand({ AccessKeyId: user.accessKeyId }))).Account,
      w.accountId,
    );

    for (const withMfa of [false, true]) {
      const mfa = withMfa ? await enabledMfa(root, 'limited') : undefined;
      const out = await longTerm.send(
        new GetSessionTokenCommand(mfa ? { SerialNumber: mfa.serial, TokenCode: mfa.code(0) } : {}),
      );
      const session = clients(w, sessionKeys(out.Credentials));
      assert.equal((await session.sts.send(new GetCallerIdentityCommand({}))).Arn, user.arn);
      await session.sts.send(new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: `s${withMfa}` }));
      for (const [operation, command] of [
        ['DecodeAuthorizationMessage', new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })],
        ['GetAccessKeyInfo', new GetAccessKeyInfoCommand({ AccessKeyId: user.accessKeyId })],
        ['GetFederationToken', new GetFederationTokenCommand({ Name: 'fed' })],
        ['GetSessionToken', new GetSessionTokenCommand({})],
      ] as const) {
        await rejects(
          session.sts.send(command as never),
          'AccessDenied',
          403,
          `Cannot call ${operation} with session credentials`,
        );
      }
      const listUsers = session.iam.send(new ListUsersCommand({}));
      if (withMfa) await listUsers;
      else {
        await rejects(listUsers, 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
      }
    }
  });
});
