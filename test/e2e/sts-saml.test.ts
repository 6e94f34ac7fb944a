// AssumeRoleWithSAML with the SDK: responses signed in the test by a throw-away IdP key, checked as AWS checks them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { createTestSamlIdp, samlResponse, type SamlResponseOptions, type TestSamlIdp } from '../helpers/saml-idp.js';
import {
  SAML_ENTITY_ID as ENTITY_ID,
  samlFederation,
  samlNameQualifier,
  samlTrustStatement,
} from '../helpers/saml-federation.js';
import { allow, clients, policy, rejects, role, sessionKeys, trailRecords } from './sts-fixtures.js';

describe('STS AssumeRoleWithSAML', () => {
  let w: TestWarden;
  let iam: IAMClient;
  let anonymous: STSClient;
  let idp: TestSamlIdp;
  let providerArn = '';
  let roleArn = '';

  /** A trust policy for SAML sessions of the provider, on the saml: keys given. */
  const samlTrust = (condition: Record<string, Record<string, unknown>> = {}, actions: string[] = []) =>
    policy(samlTrustStatement(providerArn, condition, actions));

  const assume = (assertion: string, role = roleArn, extra: Record<string, unknown> = {}) =>
    anonymous.send(
      new AssumeRoleWithSAMLCommand({ RoleArn: role, PrincipalArn: providerArn, SAMLAssertion: assertion, ...extra }),
    );
  const response = (o: Partial<SamlResponseOptions> = {}, who: TestSamlIdp = idp) =>
    samlResponse(who, { roleArn, providerArn, ...o });

  before(async () => {
    w = await startWarden();
    ({ iam, anonymous, idp, providerArn } = await samlFederation(w));
    roleArn = `arn:aws:iam::${w.accountId}:role/SamlRole`;
    await role(
      iam,
      'SamlRole',
      samlTrust({}, ['sts:TagSession', 'sts:SetSourceIdentity']),
      policy(allow('iam:ListRoles')),
    );
  });
  after(async () => {
    await w.stop();
  });

  test('a signed response gets the role session, answered and recorded as AWS does', async () => {
    const out = await assume(response({ subject: 'alice@example.com' }));
    assert.equal(out.Subject, 'alice@example.com');
    assert.equal(out.SubjectType, 'persistent');
    assert.equal(out.Issuer, ENTITY_ID);
    assert.equal(out.Audience, 'https://signin.aws.amazon.com/saml');
    assert.equal(out.NameQualifier, samlNameQualifier(w.accountId));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${w.accountId}:assumed-role/SamlRole/alice`);
    const expiresIn = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(expiresIn > 3500_000 && expiresIn <= 3600_000, 'one hour by default');
    const session = clients(w, sessionKeys(out.Credentials));
    assert.equal((await session.sts.send(new GetCallerIdentityCommand({}))).Arn, out.AssumedRoleUser!.Arn);
    await session.iam.send(new ListRolesCommand({}));

    const records = await trailRecords(w, w.credentials, 'AssumeRoleWithSAML');
    const event = records.find((r) => r.responseElements?.credentials?.accessKeyId === out.Credentials!.AccessKeyId);
    assert.ok(event, 'the federation is in the trail');
    assert.equal(event.userIdentity.type, 'SAMLUser');
    assert.equal(event.userIdentity.userName, 'alice@example.com');
    assert.equal(event.userIdentity.principalId, `${out.NameQualifier}:alice@example.com`);
    assert.equal(event.requestParameters.sAMLAssertion, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.ok(!JSON.stringify(event).includes(out.Credentials!.SecretAccessKey!));
  });

  test('an assertion is redeemed once for a role: the replay is refused', async () => {
    const assertion = response({ sessionName: 'replayed' });
    await assume(assertion);
    await rejects(assume(assertion), 'InvalidIdentityTokenException', 400, 'The SAML assertion has already been used.');
  });

  test('signatures: unsigned, signed by another key, or tampered responses are refused', async () => {
    const other = createTestSamlIdp(ENTITY_ID);
    await rejects(assume(response({}, other)), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
    await rejects(
      assume(response({ sign: 'none' })),
      'InvalidIdentityTokenException',
      400,
      'Response signature invalid',
    );
    const tampered = Buffer.from(
      Buffer.from(response(), 'base64').toString('utf8').replace('alice@example.com', 'root@example.com'),
    ).toString('base64');
    await rejects(assume(tampered), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
    // Failed unsigned calls are recorded too, for the role's account, without the assertion.
    const records = await trailRecords(w, w.credentials, 'AssumeRoleWithSAML');
    const failed = records.filter((r) => r.errorCode === 'InvalidIdentityToken');
    assert.ok(failed.length >= 3, 'the refusals are in the trail');
    assert.ok(failed.every((r) => r.requestParameters.sAMLAssertion === 'HIDDEN_DUE_TO_SECURITY_REASONS'));
  });

  test("AWS's checks: issuer, provider, session name, Role pairing, audience, expiry", async () => {
    await rejects(
      assume(response({ issuer: 'https://other.example.com' })),
      'InvalidIdentityTokenException',
      400,
      'Issuer not present in specified provider',
    );
    await rejects(
      anonymous.send(
        new AssumeRoleWithSAMLCommand({
          RoleArn: roleArn,
          PrincipalArn: `arn:aws:iam::${w.accountId}:saml-provider/nobody`,
          SAMLAssertion: response(),
        }),
      ),
      'InvalidIdentityTokenException',
      400,
      "Specified provider doesn't exist.",
    );
    await rejects(
      assume(response({ sessionName: null })),
      'InvalidIdentityTokenException',
      400,
      'RoleSessionName is required in AuthnResponse',
    );
    await rejects(
      assume(response({ sessionName: 'John Doe' })),
      'InvalidIdentityTokenException',
      400,
      'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}',
    );
    await rejects(
      assume(response({ noRole: true })),
      'AccessDenied',
      403,
      'Not authorized to perform sts:AssumeRoleWithSAML',
    );
    await rejects(
      assume(response({ audience: 'https://app.example.com' })),
      'InvalidIdentityTokenException',
      400,
      'Response does not contain the required audience.',
    );
    const past = new Date(Date.now() - 3600_000);
    await rejects(
      assume(response({ issueInstant: past, notOnOrAfter: new Date(past.getTime() + 60_000) })),
      'ExpiredTokenException',
      400,
      'Response has expired',
    );
  });

  test('the trust policy decides on the saml: keys', async () => {
    const only = await role(iam, 'OnlyBob', samlTrust({ StringLike: { 'saml:sub': 'bob@*' } }));
    const as = (subject: string) => assume(response({ roleArn: only.arn, subject }), only.arn);
    await rejects(as('alice@example.com'), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML');
    assert.equal((await as('bob@example.com')).Subject, 'bob@example.com');
    const byDoc = await role(iam, 'ByDoc', samlTrust({ StringEquals: { 'saml:doc': `${w.accountId}/corp` } }));
    await assume(response({ roleArn: byDoc.arn }), byDoc.arn);
    const affiliation = await role(
      iam,
      'Staff',
      policy({
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithSAML',
        Condition: { 'ForAnyValue:StringEquals': { 'saml:edupersonaffiliation': 'staff' } },
      }),
    );
    const staff = (values: string[]) =>
      assume(
        response({ roleArn: affiliation.arn, attributes: { 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': values } }),
        affiliation.arn,
      );
    await rejects(staff(['student']), 'AccessDenied', 403);
    await staff(['member', 'staff']);
  });

  test('SessionDuration, SourceIdentity and PrincipalTag attributes shape the session', async () => {
    const out = await assume(
      response({
        sessionName: 'tagged',
        attributes: {
          'https://aws.amazon.com/SAML/Attributes/SessionDuration': ['900'],
          'https://aws.amazon.com/SAML/Attributes/SourceIdentity': ['alice'],
          'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['ops'],
          'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys': ['team'],
        },
      }),
    );
    const expiresIn = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(expiresIn > 800_000 && expiresIn <= 900_000, 'SessionDuration shortens the session');
    assert.equal(out.SourceIdentity, 'alice');
    assert.ok(out.PackedPolicySize! >= 1);
    // The trust policy must allow sts:TagSession for tags to be passed.
    const untaggable = await role(iam, 'NoTags', samlTrust());
    await rejects(
      assume(
        response({
          roleArn: untaggable.arn,
          attributes: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['ops'] },
        }),
        untaggable.arn,
      ),
      'AccessDenied',
      403,
      'Not authorized to perform sts:TagSession',
    );
    await rejects(
      assume(response({ attributes: { 'https://aws.amazon.com/SAML/Attributes/SourceIdentity': ['aws:me'] } })),
      'InvalidIdentityTokenException',
      400,
      'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"',
    );
  });
});
