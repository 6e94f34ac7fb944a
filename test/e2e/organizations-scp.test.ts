// SCPs end to end: the management account reaches a member through OrganizationAccountAccessRole, and an SCP Deny stops it.
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
} from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { createMemberAccount } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { administratorKeys } from '../helpers/administrator.js';

describe('service control policies end to end', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let memberId = '';
  let rootId = '';
  let memberIam: IAMClient;
  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({}));
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    memberId = await createMemberAccount(org, 'scp');
    // AWS refuses AssumeRole to the root user: the management account's administrator assumes the member's role.
    const sts = new STSClient({ ...w.clientConfig, credentials: await administratorKeys(w) });
    const session = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'admin',
      }),
    );
    const credentials = {
      accessKeyId: session.Credentials!.AccessKeyId!,
      secretAccessKey: session.Credentials!.SecretAccessKey!,
      sessionToken: session.Credentials!.SessionToken!,
    };
    memberIam = new IAMClient({ ...w.clientConfig, credentials });
    const who = await new STSClient({ ...w.clientConfig, credentials }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, memberId);
  });
  after(async () => {
    await w.stop();
  });

  test('the management account administers the member through OrganizationAccountAccessRole', async () => {
    const roles = await memberIam.send(new ListRolesCommand({}));
    assert.ok(roles.Roles!.some((r) => r.RoleName === 'OrganizationAccountAccessRole'));
  });

  test('an SCP Deny on the member stops the role; detaching it restores access', async () => {
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const deny = (
      await org.send(
        new CreatePolicyCommand({
          Name: 'DenyIamList',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }],
          }),
        }),
      )
    ).Policy!.PolicySummary!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: deny, TargetId: memberId }));
    await assert.rejects(memberIam.send(new ListRolesCommand({})), (err: any) => {
      assert.equal(err.name, 'AccessDenied');
      assert.match(err.message, /service control policy/);
      return true;
    });
    await org.send(new DetachPolicyCommand({ PolicyId: deny, TargetId: memberId }));
    await memberIam.send(new ListRolesCommand({}));
  });
});
