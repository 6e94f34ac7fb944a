// SCPs never bind the management account: a root-level Deny leaves its IAM users and role sessions alone, while the same
// kinds of principal in a member account are denied by it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  CreateOrganizationCommand,
  ListRootsCommand,
  EnablePolicyTypeCommand,
  CreatePolicyCommand,
  AttachPolicyCommand,
} from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  IAMClient,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { createMemberAccount } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** An IAM user named `name` with AdministratorAccess and an access key, made by `iam`'s caller in its account. */
async function adminUser(iam: IAMClient, name: string): Promise<Credentials> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: ADMINISTRATOR_ACCESS }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

async function roleSession(w: TestWarden, caller: Credentials, roleArn: string): Promise<Credentials> {
  const out = await new STSClient({ ...w.clientConfig, credentials: caller }).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'exemption' }),
  );
  return {
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  };
}

describe('a root-level SCP Deny binds member principals, never the management account', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let rootId = '';
  let memberId = '';
  let denyArn = '';
  const callers: Record<'managementUser' | 'managementSession' | 'memberUser' | 'memberSession', IAMClient> =
    {} as never;

  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    memberId = await createMemberAccount(org, 'exempt-member');

    // The management account: an IAM user, and a session of one of its roles (assumed by that user).
    const managementIam = new IAMClient(w.clientConfig);
    const managementUser = await adminUser(managementIam, 'operator');
    await managementIam.send(
      new CreateRoleCommand({
        RoleName: 'Operations',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${w.accountId}:root` }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await managementIam.send(new AttachRolePolicyCommand({ RoleName: 'Operations', PolicyArn: ADMINISTRATOR_ACCESS }));
    // AWS refuses AssumeRole to the root user: the management account's IAM user assumes the role.
    const managementSession = await roleSession(w, managementUser, `arn:aws:iam::${w.accountId}:role/Operations`);

    // The member: a session of its OrganizationAccountAccessRole, and an IAM user that session creates.
    const memberSession = await roleSession(
      w,
      managementUser,
      `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
    );
    const memberUser = await adminUser(new IAMClient({ ...w.clientConfig, credentials: memberSession }), 'builder');

    const as = (credentials: Credentials) => new IAMClient({ ...w.clientConfig, credentials });
    callers.managementUser = as(managementUser);
    callers.managementSession = as(managementSession);
    callers.memberUser = as(memberUser);
    callers.memberSession = as(memberSession);
    // Without an SCP, all four may list roles.
    for (const iam of Object.values(callers)) await iam.send(new ListRolesCommand({}));

    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const deny = await org.send(
      new CreatePolicyCommand({
        Name: 'DenyListRolesEverywhere',
        Description: 'Deny iam:ListRoles to every account of the organization',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }],
        }),
      }),
    );
    denyArn = deny.Policy!.PolicySummary!.Arn!;
    await org.send(new AttachPolicyCommand({ PolicyId: deny.Policy!.PolicySummary!.Id!, TargetId: rootId }));
  });
  after(async () => {
    await w?.stop();
  });

  test("the management account's IAM user is not bound", async () => {
    const roles = await callers.managementUser.send(new ListRolesCommand({}));
    assert.ok(roles.Roles!.some((r) => r.RoleName === 'Operations'));
  });

  test("a session of the management account's role is not bound", async () => {
    const roles = await callers.managementSession.send(new ListRolesCommand({}));
    assert.ok(roles.Roles!.some((r) => r.RoleName === 'Operations'));
  });

  const deniedBySCP = (arn: () => string) => (err: any) => {
    assert.equal(err.name, 'AccessDenied', `${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(
      err.message,
      `User: ${arn()} is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${memberId}:role/ ` +
        `with an explicit deny in a service control policy: ${denyArn}`,
    );
    return true;
  };

  test("a member account's IAM user is denied by the same SCP", async () => {
    await assert.rejects(
      callers.memberUser.send(new ListRolesCommand({})),
      deniedBySCP(() => `arn:aws:iam::${memberId}:user/builder`),
    );
  });

  test("a session of a member account's role is denied by the same SCP", async () => {
    await assert.rejects(
      callers.memberSession.send(new ListRolesCommand({})),
      deniedBySCP(() => `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/exemption`),
    );
  });
});
