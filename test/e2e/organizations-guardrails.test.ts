// Organizations' guardrails end to end: SCPs bind the caller's account (root user included), RCPs the resource's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  CreateOrganizationCommand,
  ListRootsCommand,
  EnablePolicyTypeCommand,
  CreatePolicyCommand,
  AttachPolicyCommand,
  DetachPolicyCommand,
  CreateOrganizationalUnitCommand,
  MoveAccountCommand,
  InviteAccountToOrganizationCommand,
  AcceptHandshakeCommand,
  DescribeOrganizationCommand,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { IAMClient, ListRolesCommand, CreateUserCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { createMemberAccount } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { administratorKeys } from '../helpers/administrator.js';
import { createStandaloneAccount } from '../../src/cli-accounts.js';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Each server's management administrator, made once. */
const administrators = new WeakMap<TestWarden, Credentials>();

/** The member's administrator: a session of its OrganizationAccountAccessRole, assumed by the management account. */
async function adminOf(w: TestWarden, accountId: string): Promise<Credentials> {
  // AWS refuses AssumeRole to the root user: the management account's administrator assumes the member's role.
  let administrator = administrators.get(w);
  if (administrator === undefined) administrators.set(w, (administrator = await administratorKeys(w)));
  const session = await new STSClient({ ...w.clientConfig, credentials: administrator }).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'admin',
    }),
  );
  return {
    accessKeyId: session.Credentials!.AccessKeyId!,
    secretAccessKey: session.Credentials!.SecretAccessKey!,
    sessionToken: session.Credentials!.SessionToken!,
  };
}

async function createPolicy(org: OrganizationsClient, type: PolicyType, name: string, document: object) {
  const created = await org.send(
    new CreatePolicyCommand({ Name: name, Description: '', Type: type, Content: JSON.stringify(document) }),
  );
  return created.Policy!.PolicySummary!;
}

function rejectsAccessDenied(pattern: RegExp) {
  return (err: any) => {
    assert.equal(err.name, 'AccessDenied', `${err.name}: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  };
}

describe('SCPs bind every principal of a member account, its root user too, never the management account', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let rootId = '';
  let memberId = '';
  let invited: Credentials & { accountId: string };
  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({}));
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    memberId = await createMemberAccount(org, 'scp-member');
    const { store, secrets } = w.warden.runtime;
    const account = await createStandaloneAccount(store, secrets, { email: 'invited@example.com' });
    invited = { ...account };
    const handshake = (
      await org.send(new InviteAccountToOrganizationCommand({ Target: { Id: account.accountId, Type: 'ACCOUNT' } }))
    ).Handshake!;
    const invitedOrg = new OrganizationsClient({ ...w.clientConfig, credentials: invited });
    await invitedOrg.send(new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }));
    assert.equal(
      (await invitedOrg.send(new DescribeOrganizationCommand({}))).Organization!.MasterAccountId,
      w.accountId,
    );
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  });
  after(async () => {
    await w.stop();
  });

  test('a Deny on the root stops the member administrator and the member root user, not the management root', async () => {
    const adminIam = new IAMClient({ ...w.clientConfig, credentials: await adminOf(w, memberId) });
    const invitedRootIam = new IAMClient({ ...w.clientConfig, credentials: invited });
    const managementIam = new IAMClient(w.clientConfig);
    // Before the Deny, all three may list roles.
    await adminIam.send(new ListRolesCommand({}));
    await invitedRootIam.send(new ListRolesCommand({}));

    const deny = await createPolicy(org, 'SERVICE_CONTROL_POLICY', 'DenyListRoles', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }],
    });
    assert.match(deny.Arn!, /^arn:aws:organizations::\d{12}:policy\/o-[a-z0-9]+\/service_control_policy\/p-[a-z0-9]+$/);
    await org.send(new AttachPolicyCommand({ PolicyId: deny.Id!, TargetId: rootId }));

    const named = new RegExp(
      `is not authorized to perform: iam:ListRoles on resource: .* with an explicit deny in a service control policy: ${deny.Arn!.replace(/[/.]/g, '\\$&')}`,
    );
    await assert.rejects(adminIam.send(new ListRolesCommand({})), rejectsAccessDenied(named));
    await assert.rejects(
      invitedRootIam.send(new ListRolesCommand({})),
      rejectsAccessDenied(new RegExp(`User: arn:aws:iam::${invited.accountId}:root is not authorized`)),
    );
    await assert.rejects(invitedRootIam.send(new ListRolesCommand({})), rejectsAccessDenied(named));
    await managementIam.send(new ListRolesCommand({}));

    await org.send(new DetachPolicyCommand({ PolicyId: deny.Id!, TargetId: rootId }));
    await adminIam.send(new ListRolesCommand({}));
    await invitedRootIam.send(new ListRolesCommand({}));
  });
});

describe('an OU without FullAWSAccess allows only what its own SCPs allow', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let inOu = '';
  let atRoot = '';
  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({}));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    inOu = await createMemberAccount(org, 'in-ou');
    atRoot = await createMemberAccount(org, 'at-root');
    const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Restricted' })))
      .OrganizationalUnit!.Id!;
    await org.send(new MoveAccountCommand({ AccountId: inOu, SourceParentId: rootId, DestinationParentId: ou }));
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const narrow = await createPolicy(org, 'SERVICE_CONTROL_POLICY', 'ListAndSts', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:List*', 'sts:*'], Resource: '*' }],
    });
    await org.send(new AttachPolicyCommand({ PolicyId: narrow.Id!, TargetId: ou }));
    await org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ou }));
  });
  after(async () => {
    await w.stop();
  });

  test('under the OU, what its level does not allow is denied; directly under the root it is not', async () => {
    const restricted = new IAMClient({ ...w.clientConfig, credentials: await adminOf(w, inOu) });
    const unrestricted = new IAMClient({ ...w.clientConfig, credentials: await adminOf(w, atRoot) });
    await restricted.send(new ListRolesCommand({}));
    await assert.rejects(
      restricted.send(new CreateUserCommand({ UserName: 'blocked' })),
      rejectsAccessDenied(/because no service control policy allows the iam:CreateUser action/),
    );
    const created = await unrestricted.send(new CreateUserCommand({ UserName: 'allowed' }));
    assert.equal(created.User!.Arn, `arn:aws:iam::${atRoot}:user/allowed`);
  });
});

describe("RCPs bind a resource's use by principals outside the organization", () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let rootId = '';
  let orgId = '';
  let memberId = '';
  let outside: Credentials & { accountId: string };
  let roleArn = '';
  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    orgId = (await org.send(new CreateOrganizationCommand({}))).Organization!.Id!;
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    memberId = await createMemberAccount(org, 'rcp-member');
    const { store, secrets } = w.warden.runtime;
    outside = { ...(await createStandaloneAccount(store, secrets, { email: 'outside@example.com' })) };
    const adminIam = new IAMClient({ ...w.clientConfig, credentials: await adminOf(w, memberId) });
    const role = await adminIam.send(
      new CreateRoleCommand({
        RoleName: 'Shared',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: [`arn:aws:iam::${outside.accountId}:root`, `arn:aws:iam::${w.accountId}:root`] },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    roleArn = role.Role!.Arn!;
  });
  after(async () => {
    await w.stop();
  });

  test('an RCP on the root denies the outside account, not a principal of the organization', async () => {
    // AWS refuses AssumeRole to root users: each account's administrator assumes the role.
    const outsideSts = new STSClient({
      ...w.clientConfig,
      credentials: await administratorKeys(w, 'outside-admin', outside),
    });
    const managementSts = new STSClient({ ...w.clientConfig, credentials: await administratorKeys(w, 'rcp-admin') });
    const assume = (sts: STSClient) => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'shared' }));
    // Without an RCP the trust policy alone decides: both may assume the role.
    await assume(outsideSts);
    await assume(managementSts);

    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const rcp = await createPolicy(org, 'RESOURCE_CONTROL_POLICY', 'OrgOnlyAssumeRole', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId } },
        },
      ],
    });
    await org.send(new AttachPolicyCommand({ PolicyId: rcp.Id!, TargetId: rootId }));

    // STS words its AssumeRole denial without the reason; the RCP is what changed.
    await assert.rejects(
      assume(outsideSts),
      rejectsAccessDenied(
        new RegExp(
          `^User: arn:aws:iam::${outside.accountId}:user/outside-admin is not authorized to perform: sts:AssumeRole on resource: ${roleArn}$`,
        ),
      ),
    );
    const inside = await assume(managementSts);
    assert.equal(inside.AssumedRoleUser!.Arn, `arn:aws:sts::${memberId}:assumed-role/Shared/shared`);
    // The management account's administrator role into the member is assumed by a principal of the organization too.
    await adminOf(w, memberId);

    await org.send(new DetachPolicyCommand({ PolicyId: rcp.Id!, TargetId: rootId }));
    await assume(outsideSts);
  });
});
