// RCPs of a KMS key's own organization bind its use from other accounts: an outside caller is stopped, a member is not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createMemberAccount } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { newKey, newKmsUser, policyDocument } from '../helpers/kms.js';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { explainDecision } from '../../src/authz/explain.js';

const plaintext = new TextEncoder().encode('org only');

describe("a KMS key's organization RCPs bind callers from other accounts", () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let rootId = '';
  let orgId = '';
  let memberId = '';
  let keyArn = '';
  let ciphertext: Uint8Array;
  let outsideUser: { arn: string; kms: KMSClient };
  let insideUser: { arn: string; kms: KMSClient };

  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    orgId = (await org.send(new CreateOrganizationCommand({}))).Organization!.Id!;
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    memberId = await createMemberAccount(org, 'kms-key-owner');
    const { store, secrets } = w.warden.runtime;
    const outside = await createStandaloneAccount(store, secrets, { email: 'kms-outside@example.com' });

    // Users allowed kms:* by their identity policies: one outside any organization, one in the management account.
    const allowKms = { Effect: 'Allow', Action: 'kms:*', Resource: '*' };
    const outsideIam = new IAMClient({ ...w.clientConfig, credentials: outside });
    outsideUser = await newKmsUser(w, outsideIam, 'outsider', allowKms);
    insideUser = await newKmsUser(w, new IAMClient(w.clientConfig), 'insider', allowKms);

    // The member's administrator (a management user's session of OrganizationAccountAccessRole; a root user may
    // assume no role) makes a key whose policy lets both accounts use it.
    const managementIam = new IAMClient(w.clientConfig);
    await managementIam.send(new CreateUserCommand({ UserName: 'org-admin' }));
    await managementIam.send(
      new PutUserPolicyCommand({
        UserName: 'org-admin',
        PolicyName: 'assume',
        PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }),
      }),
    );
    const adminKey = (await managementIam.send(new CreateAccessKeyCommand({ UserName: 'org-admin' }))).AccessKey!;
    const adminSts = new STSClient({
      ...w.clientConfig,
      credentials: { accessKeyId: adminKey.AccessKeyId!, secretAccessKey: adminKey.SecretAccessKey! },
    });
    const session = await adminSts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'admin',
      }),
    );
    const adminKms = new KMSClient({
      ...w.clientConfig,
      credentials: {
        accessKeyId: session.Credentials!.AccessKeyId!,
        secretAccessKey: session.Credentials!.SecretAccessKey!,
        sessionToken: session.Credentials!.SessionToken!,
      },
    });
    const key = await newKey(
      adminKms,
      policyDocument(
        {
          Sid: 'Owner',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${memberId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'Partners',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${outside.accountId}:root`, `arn:aws:iam::${w.accountId}:root`] },
          Action: ['kms:Encrypt', 'kms:Decrypt'],
          Resource: '*',
        },
      ),
    );
    keyArn = key.arn;
    ciphertext = (await adminKms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext }))).CiphertextBlob!;
  });
  after(async () => {
    await w.stop();
  });

  const decrypt = (kms: KMSClient) => kms.send(new DecryptCommand({ KeyId: keyArn, CiphertextBlob: ciphertext }));

  test("an RCP denying kms:Decrypt outside the organization stops the outside account's call only", async () => {
    // Without an RCP the key policy and the identity policies decide: both may decrypt.
    assert.deepEqual((await decrypt(outsideUser.kms)).Plaintext, plaintext);
    assert.deepEqual((await decrypt(insideUser.kms)).Plaintext, plaintext);

    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const rcp = await org.send(
      new CreatePolicyCommand({
        Name: 'OrgOnlyDecrypt',
        Description: '',
        Type: 'RESOURCE_CONTROL_POLICY',
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OrgOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId } },
            },
          ],
        }),
      }),
    );
    const policyId = rcp.Policy!.PolicySummary!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: rootId }));

    await assert.rejects(decrypt(outsideUser.kms), (err: { name: string; message: string }) => {
      assert.equal(err.name, 'AccessDeniedException');
      assert.equal(
        err.message,
        `User: ${outsideUser.arn} is not authorized to perform: kms:Decrypt on resource: ${keyArn} ` +
          'with an explicit deny in a resource control policy: ' +
          `arn:aws:organizations::${w.accountId}:policy/${orgId}/resource_control_policy/${policyId}`,
      );
      return true;
    });
    // The organization's own principal passes; the RCP says nothing of Encrypt.
    assert.deepEqual((await decrypt(insideUser.kms)).Plaintext, plaintext);
    await outsideUser.kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext }));

    // warden explain names the RCP statement that denied.
    const report = await explainDecision(w.warden.runtime, {
      principal: outsideUser.arn,
      action: 'kms:Decrypt',
      resource: keyArn,
    });
    assert.equal(report.decision, 'ExplicitlyDenied');
    const deny = report.result.matched.find((m) => m.effect === 'Deny');
    assert.deepEqual([deny?.policyType, deny?.sid, deny?.levelId], ['rcp', 'OrgOnly', rootId]);

    await org.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: rootId }));
    assert.deepEqual((await decrypt(outsideUser.kms)).Plaintext, plaintext);
  });
});
