// The organization's resource-based delegation policy end to end: the management account puts, describes and deletes
// it, and a member account's IAM user reaches exactly the Organizations actions it delegates while it exists.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  AcceptHandshakeCommand,
  CreateAccountCommand,
  DeleteResourcePolicyCommand,
  DescribePolicyCommand,
  DescribeResourcePolicyCommand,
  InviteAccountToOrganizationCommand,
  ListAccountsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-organizations';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { createOrganization, rejectsWith, rootConfigOf, standaloneAccount } from '../helpers/organizations.js';

const NO_PERMISSION = "You don't have permissions to access this resource.";

describe('organizations: the resource-based delegation policy', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let orgId = '';
  let managementId = '';
  let memberId = '';
  let member: OrganizationsClient; // an IAM user of the member account allowed organizations:* by its own account
  let bare: OrganizationsClient; // an IAM user of the member account with no policy at all
  let memberRoot: OrganizationsClient;

  const delegation = (principal: string, actions: string[], resource = '*') =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, Resource: resource }],
    });

  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    ({ orgId, managementId } = await createOrganization(org, 'ALL'));
    const { account, client } = await standaloneAccount(w, { email: 'delegate@example.com' });
    memberId = account.accountId;
    memberRoot = client;
    const invite = await org.send(
      new InviteAccountToOrganizationCommand({ Target: { Id: memberId, Type: 'ACCOUNT' } }),
    );
    await memberRoot.send(new AcceptHandshakeCommand({ HandshakeId: invite.Handshake!.Id! }));
    const iam = new IAMClient(rootConfigOf(w, account));
    const userClient = async (name: string, allow: boolean) => {
      await iam.send(new CreateUserCommand({ UserName: name }));
      if (allow) {
        await iam.send(
          new PutUserPolicyCommand({
            UserName: name,
            PolicyName: 'organizations',
            PolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'organizations:*', Resource: '*' }],
            }),
          }),
        );
      }
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      return new OrganizationsClient({
        ...w.clientConfig,
        credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      });
    };
    member = await userClient('delegate', true);
    bare = await userClient('nobody', false);
  });
  after(async () => {
    await w.stop();
  });

  test('without a delegation policy a member is refused, and there is none to describe', async () => {
    await assert.rejects(
      member.send(new ListAccountsCommand({})),
      rejectsWith('AccessDeniedException', { message: NO_PERMISSION }),
    );
    await assert.rejects(
      org.send(new DescribeResourcePolicyCommand({})),
      rejectsWith('ResourcePolicyNotFoundException', {
        message: "We can't find a resource policy request with the parameter that you specified.",
      }),
    );
    await assert.rejects(org.send(new DeleteResourcePolicyCommand({})), rejectsWith('ResourcePolicyNotFoundException'));
  });

  test('only the management account puts the policy', async () => {
    const content = delegation(`arn:aws:iam::${memberId}:root`, ['organizations:ListAccounts']);
    await assert.rejects(
      member.send(new PutResourcePolicyCommand({ Content: content })),
      rejectsWith('AccessDeniedException', { message: NO_PERMISSION }),
    );
    await assert.rejects(
      memberRoot.send(new PutResourcePolicyCommand({ Content: content })),
      rejectsWith('AccessDeniedException', { message: NO_PERMISSION }),
    );
  });

  test('content the policy cannot hold is refused with its reason', async () => {
    const principal = `arn:aws:iam::${memberId}:root`;
    const cases: [string, string][] = [
      ['{"Version": "2012-10-17", "Statement": [', 'INVALID_RESOURCE_POLICY_JSON'],
      [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' }],
        }),
        'INVALID_PRINCIPAL',
      ],
      [delegation(principal, ['organizations:CreateAccount']), 'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY'],
      [delegation(principal, ['s3:GetObject']), 'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY'],
      [
        delegation(principal, ['organizations:ListAccounts'], 'arn:aws:s3:::bucket'),
        'UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY',
      ],
    ];
    for (const [content, reason] of cases) {
      await assert.rejects(
        org.send(new PutResourcePolicyCommand({ Content: content })),
        rejectsWith('InvalidInputException', { reason }),
      );
    }
    await assert.rejects(
      org.send(new DescribeResourcePolicyCommand({})),
      rejectsWith('ResourcePolicyNotFoundException'),
    );
  });

  test('the delegated actions are allowed to the member, nothing else, and deleting the policy ends it', async () => {
    const content = delegation(`arn:aws:iam::${memberId}:root`, [
      'organizations:ListAccounts',
      'organizations:DescribePolicy',
      'organizations:DescribeResourcePolicy',
    ]);
    const put = (
      await org.send(new PutResourcePolicyCommand({ Content: content, Tags: [{ Key: 'team', Value: 'platform' }] }))
    ).ResourcePolicy!;
    const id = put.ResourcePolicySummary!.Id!;
    assert.match(id, /^rp-[0-9a-z]{8}$/);
    assert.equal(
      put.ResourcePolicySummary!.Arn,
      `arn:aws:organizations::${managementId}:resourcepolicy/${orgId}/${id}`,
    );
    assert.equal(put.Content, content);
    const tags = await org.send(new ListTagsForResourceCommand({ ResourceId: id }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'platform' }]);

    // Delegated, and allowed by the user's own policy: served as to the management account.
    const accounts = (await member.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id).sort();
    assert.deepEqual(accounts, [managementId, memberId].sort());
    const full = await member.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }));
    assert.equal(full.Policy!.PolicySummary!.Name, 'FullAWSAccess');
    assert.deepEqual((await member.send(new DescribeResourcePolicyCommand({}))).ResourcePolicy, put);

    // Not delegated: the policy allows nothing there.
    await assert.rejects(
      member.send(new ListRootsCommand({})),
      rejectsWith('AccessDeniedException', { message: /not authorized to perform: organizations:ListRoots/ }),
    );
    await assert.rejects(
      member.send(new CreateAccountCommand({ Email: 'x@example.com', AccountName: 'x' })),
      rejectsWith('AccessDeniedException', { message: NO_PERMISSION }),
    );
    await assert.rejects(
      member.send(new PutResourcePolicyCommand({ Content: content })),
      rejectsWith('AccessDeniedException', { message: NO_PERMISSION }),
    );
    // Delegated to the account, but the user's own account grants it nothing.
    await assert.rejects(
      bare.send(new ListAccountsCommand({})),
      rejectsWith('AccessDeniedException', { message: /not authorized to perform: organizations:ListAccounts/ }),
    );

    // Replacing the content keeps the id; a policy naming another account no longer delegates to this one.
    const other = delegation('arn:aws:iam::999999999999:root', ['organizations:ListAccounts']);
    const replaced = (await org.send(new PutResourcePolicyCommand({ Content: other }))).ResourcePolicy!;
    assert.equal(replaced.ResourcePolicySummary!.Id, id);
    assert.equal(replaced.Content, other);
    await assert.rejects(
      member.send(new ListAccountsCommand({})),
      rejectsWith('AccessDeniedException', { message: /because no resource-based policy allows/ }),
    );

    await org.send(new PutResourcePolicyCommand({ Content: content }));
    assert.equal((await member.send(new ListAccountsCommand({}))).Accounts!.length, 2);
    await org.send(new DeleteResourcePolicyCommand({}));
    await assert.rejects(
      member.send(new ListAccountsCommand({})),
      rejectsWith('AccessDeniedException', { message: NO_PERMISSION }),
    );
    await assert.rejects(
      org.send(new DescribeResourcePolicyCommand({})),
      rejectsWith('ResourcePolicyNotFoundException'),
    );
    await assert.rejects(
      org.send(new ListTagsForResourceCommand({ ResourceId: id })),
      rejectsWith('TargetNotFoundException'),
    );
  });
});
