// A closed member account can no longer use AWS: after CloseAccount its role sessions and access keys (root's and
// users') are refused as AWS refuses unknown credentials, in every state but ACTIVE.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  AcceptHandshakeCommand,
  CloseAccountCommand,
  CreateOrganizationCommand,
  DescribeAccountCommand,
  InviteAccountToOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  IAMClient,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { createMemberAccount } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { administratorKeys } from '../helpers/administrator.js';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** AWS's refusal of credentials it does not know: the query protocol's code (403) or the JSON protocol's (400). */
function refusedAsUnknown(protocol: 'query' | 'json') {
  return (err: any) => {
    const [code, status] = protocol === 'query' ? ['InvalidClientTokenId', 403] : ['UnrecognizedClientException', 400];
    assert.equal(err.name, code, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, status);
    assert.equal(err.message, INVALID_TOKEN);
    return true;
  };
}

describe('closed member accounts authenticate nothing', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let memberId = '';
  let invitedId = '';
  /** A session of the member's OrganizationAccountAccessRole, its IAM user's key, and the invited account's root key. */
  let session: Credentials;
  let userKey: Credentials;
  let invitedRoot: Credentials;

  const sts = (credentials: Credentials) => new STSClient({ ...w.clientConfig, credentials });
  const iam = (credentials: Credentials) => new IAMClient({ ...w.clientConfig, credentials });
  const kms = (credentials: Credentials) => new KMSClient({ ...w.clientConfig, credentials });

  async function works(credentials: Credentials, accountId: string) {
    assert.equal((await sts(credentials).send(new GetCallerIdentityCommand({}))).Account, accountId);
    await iam(credentials).send(new ListRolesCommand({}));
    await kms(credentials).send(new ListKeysCommand({}));
  }

  async function refused(credentials: Credentials) {
    await assert.rejects(sts(credentials).send(new GetCallerIdentityCommand({})), refusedAsUnknown('query'));
    await assert.rejects(iam(credentials).send(new ListRolesCommand({})), refusedAsUnknown('query'));
    await assert.rejects(kms(credentials).send(new ListKeysCommand({})), refusedAsUnknown('json'));
  }

  async function setStatus(accountId: string, status: string) {
    await w.warden.runtime.store.db.updateTable('accounts').set({ status }).where('id', '=', accountId).execute();
  }

  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    memberId = await createMemberAccount(org, 'to-close');
    // AWS refuses AssumeRole to the root user: the management account's administrator assumes the member's role.
    const assumed = await sts(await administratorKeys(w)).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'admin',
      }),
    );
    session = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    await iam(session).send(new CreateUserCommand({ UserName: 'worker' }));
    await iam(session).send(
      new AttachUserPolicyCommand({ UserName: 'worker', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    );
    const key = (await iam(session).send(new CreateAccessKeyCommand({ UserName: 'worker' }))).AccessKey!;
    userKey = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };

    const { store, secrets } = w.warden.runtime;
    const invited = await createStandaloneAccount(store, secrets, { email: 'joined@example.com' });
    invitedId = invited.accountId;
    invitedRoot = { accessKeyId: invited.accessKeyId, secretAccessKey: invited.secretAccessKey };
    const handshake = (
      await org.send(new InviteAccountToOrganizationCommand({ Target: { Id: invitedId, Type: 'ACCOUNT' } }))
    ).Handshake!;
    await new OrganizationsClient({ ...w.clientConfig, credentials: invitedRoot }).send(
      new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }),
    );
  });
  after(async () => {
    await w?.stop();
  });

  test("before closure the member's session, its user's key and the invited root's key all work", async () => {
    await works(session, memberId);
    await works(userKey, memberId);
    await works(invitedRoot, invitedId);
  });

  test("after CloseAccount the member's role session and access keys are refused; the management account is not", async () => {
    await org.send(new CloseAccountCommand({ AccountId: memberId }));
    await org.send(new CloseAccountCommand({ AccountId: invitedId }));
    await refused(session);
    await refused(userKey);
    await refused(invitedRoot);
    await works(w.credentials, w.accountId);

    // The close request completes: AWS shows the account SUSPENDED for its post-closure period.
    const account = (await org.send(new DescribeAccountCommand({ AccountId: memberId }))).Account!;
    assert.equal(account.State, 'SUSPENDED');
    assert.equal(account.Status, 'SUSPENDED');
    await refused(session);
    await refused(userKey);
  });

  test('every state but ACTIVE refuses them, and a reopened (ACTIVE) account works again', async () => {
    for (const status of ['PENDING_CLOSURE', 'SUSPENDED', 'CLOSED']) {
      await setStatus(memberId, status);
      await setStatus(invitedId, status);
      await refused(session);
      await refused(userKey);
      await refused(invitedRoot);
    }
    await setStatus(memberId, 'ACTIVE');
    await setStatus(invitedId, 'ACTIVE');
    await works(session, memberId);
    await works(userKey, memberId);
    await works(invitedRoot, invitedId);
  });
});
