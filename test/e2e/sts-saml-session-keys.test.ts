// A SAML session's later requests carry saml:namequalifier, saml:sub and saml:sub_type, which AWS documents for the
// role's permission policies ("Uniquely identifying users in SAML-based federation"): one role, scoped per user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { samlResponse, type TestSamlIdp } from '../helpers/saml-idp.js';
import { samlFederation, samlNameQualifier, samlTrustStatement } from '../helpers/saml-federation.js';
import { allow, clients, policy, rejects, role, sessionKeys } from './sts-fixtures.js';

describe('saml: condition keys in a SAML session’s later requests', () => {
  let w: TestWarden;
  let iam: IAMClient;
  let anonymous: STSClient;
  let idp: TestSamlIdp;
  let providerArn = '';
  let roleArn = '';
  let qualifier = '';

  before(async () => {
    w = await startWarden();
    ({ iam, anonymous, idp, providerArn } = await samlFederation(w));
    qualifier = samlNameQualifier(w.accountId);
    roleArn = `arn:aws:iam::${w.accountId}:role/PerUser`;
    await role(
      iam,
      'PerUser',
      policy(samlTrustStatement(providerArn)),
      policy(
        allow('iam:ListRoles', '*', {
          Condition: {
            StringEquals: {
              'saml:sub': 'alice@example.com',
              'saml:sub_type': 'persistent',
              'saml:namequalifier': qualifier,
            },
          },
        }),
        // The documented pattern: a resource named after the user, through policy variables.
        allow('iam:GetRole', `arn:aws:iam::${w.accountId}:role/\${saml:sub_type}`),
      ),
    );
  });
  after(async () => {
    await w.stop();
  });

  async function sessionOf(subject: string) {
    const out = await anonymous.send(
      new AssumeRoleWithSAMLCommand({
        RoleArn: roleArn,
        PrincipalArn: providerArn,
        SAMLAssertion: samlResponse(idp, { roleArn, providerArn, subject, sessionName: subject.split('@')[0] }),
      }),
    );
    assert.equal(out.NameQualifier, qualifier);
    return { ...clients(w, sessionKeys(out.Credentials)), arn: out.AssumedRoleUser!.Arn! };
  }

  test('a policy conditioned on saml:sub, saml:sub_type and saml:namequalifier admits that user only', async () => {
    const alice = await sessionOf('alice@example.com');
    await alice.iam.send(new ListRolesCommand({}));
    const bob = await sessionOf('bob@example.com');
    await rejects(
      bob.iam.send(new ListRolesCommand({})),
      'AccessDenied',
      403,
      `User: ${bob.arn} is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${w.accountId}:role/ ` +
        'because no identity-based policy allows the iam:ListRoles action',
    );
  });

  test('saml: keys fill policy variables in later requests', async () => {
    await role(
      iam,
      'persistent',
      policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${w.accountId}:root` }, Action: 'sts:AssumeRole' }),
      policy(allow('iam:ListRoles')),
    );
    const alice = await sessionOf('alice@example.com');
    const got = await alice.iam.send(new GetRoleCommand({ RoleName: 'persistent' }));
    assert.equal(got.Role!.RoleName, 'persistent');
    await rejects(alice.iam.send(new GetRoleCommand({ RoleName: 'PerUser' })), 'AccessDenied', 403);
  });
});
