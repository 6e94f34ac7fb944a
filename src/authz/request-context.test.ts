import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallerIdentity } from '../aws/identity.js';
import { baseContext, isoSeconds, requestTags, resourceContext, type RequestFacts } from './request-context.js';

const user: CallerIdentity = {
  type: 'IAMUser',
  accountId: '111122223333',
  partition: 'aws',
  arn: 'arn:aws:iam::111122223333:user/dev/alice',
  principalId: 'AIDAALICE',
  userName: 'alice',
};

function facts(over: Partial<RequestFacts> = {}): RequestFacts {
  return {
    identity: user,
    sourceIp: '203.0.113.7',
    userAgent: 'aws-sdk-js/3',
    secureTransport: true,
    region: 'eu-west-1',
    receivedAt: new Date('2026-03-01T10:20:30.456Z'),
    servicePrefix: 'iam',
    input: {},
    principalTags: { team: 'blue' },
    ...over,
  };
}

describe('request context', () => {
  test('carries the network, time, region and principal of every request', () => {
    const ctx = baseContext(facts());
    assert.equal(ctx['aws:SourceIp'], '203.0.113.7');
    assert.equal(ctx['aws:CurrentTime'], '2026-03-01T10:20:30Z');
    assert.equal(ctx['aws:EpochTime'], String(Math.floor(Date.parse('2026-03-01T10:20:30.456Z') / 1000)));
    assert.equal(ctx['aws:SecureTransport'], 'true');
    assert.equal(ctx['aws:RequestedRegion'], 'eu-west-1');
    assert.equal(ctx['aws:UserAgent'], 'aws-sdk-js/3');
    assert.equal(ctx['aws:PrincipalArn'], user.arn);
    assert.equal(ctx['aws:PrincipalAccount'], '111122223333');
    assert.equal(ctx['aws:PrincipalType'], 'User');
    assert.equal(ctx['aws:username'], 'alice');
    assert.equal(ctx['aws:userid'], 'AIDAALICE');
    assert.equal(ctx['aws:PrincipalTag/team'], 'blue');
  });

  test('long-term access keys carry no MFA or token keys; sessions do', () => {
    const plain = baseContext(facts());
    assert.equal(plain['aws:MultiFactorAuthPresent'], undefined);
    assert.equal(plain['aws:TokenIssueTime'], undefined);
    const issued = new Date('2026-03-01T10:00:00Z');
    const role: CallerIdentity = {
      type: 'AssumedRole',
      accountId: '111122223333',
      partition: 'aws',
      arn: 'arn:aws:sts::111122223333:assumed-role/ops/s1',
      principalId: 'AROAOPS:s1',
      session: {
        kind: 'AssumeRole',
        issuer: {
          type: 'Role',
          principalId: 'AROAOPS',
          arn: 'arn:aws:iam::111122223333:role/x/ops',
          accountId: '111122223333',
        },
        creationDate: issued,
        expiration: new Date('2026-03-01T11:00:00Z'),
        mfaAuthenticated: true,
        mfaAuthTime: issued,
        sourceIdentity: 'alice',
        sourceInstanceArn: 'arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0',
      },
    };
    const ctx = baseContext(facts({ identity: role }));
    assert.equal(ctx['aws:TokenIssueTime'], '2026-03-01T10:00:00Z');
    assert.equal(ctx['aws:MultiFactorAuthPresent'], 'true');
    assert.equal(ctx['aws:MultiFactorAuthAge'], String(20 * 60 + 30));
    assert.equal(ctx['aws:PrincipalArn'], 'arn:aws:iam::111122223333:role/x/ops');
    assert.equal(ctx['aws:PrincipalType'], 'AssumedRole');
    assert.equal(ctx['aws:username'], undefined);
    assert.equal(ctx['aws:SourceIdentity'], 'alice');
    assert.equal(
      ctx['ssm:SourceInstanceARN'],
      'arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0',
    );
  });

  test('request tags come from each service spelling of tags', () => {
    assert.deepEqual(requestTags({ Tags: [{ Key: 'a', Value: '1' }] }), { a: '1' });
    assert.deepEqual(requestTags({ Tags: [{ TagKey: 'k', TagValue: 'v' }] }), { k: 'v' });
    assert.deepEqual(requestTags({ TagsList: [{ Key: 'b', Value: '2' }] }), { b: '2' });
    assert.deepEqual(requestTags({ tags: { c: '3' } }), { c: '3' });
    assert.equal(requestTags({}), undefined);
    const ctx = baseContext(
      facts({
        input: {
          Tags: [
            { Key: 'env', Value: 'prod' },
            { Key: 'cost', Value: 'x' },
          ],
        },
      }),
    );
    assert.equal(ctx['aws:RequestTag/env'], 'prod');
    assert.deepEqual(ctx['aws:TagKeys'], ['env', 'cost']);
    assert.deepEqual(baseContext(facts({ input: { TagKeys: ['env'] } }))['aws:TagKeys'], ['env']);
    // rest-json's UntagResource names them tagKeys (GuardDuty, Inspector2, Artifact).
    assert.deepEqual(baseContext(facts({ input: { tagKeys: ['env', 7] } }))['aws:TagKeys'], ['env']);
  });

  test("IAM's and STS's own keys come from the input", () => {
    const iam = baseContext(facts({ input: { PermissionsBoundary: 'arn:b', PolicyArn: 'arn:p' } }));
    assert.equal(iam['iam:PermissionsBoundary'], 'arn:b');
    assert.equal(iam['iam:PolicyARN'], 'arn:p');
    const sts = baseContext(
      facts({ servicePrefix: 'sts', input: { ExternalId: 'x-1', RoleSessionName: 's', DurationSeconds: 900 } }),
    );
    assert.equal(sts['sts:ExternalId'], 'x-1');
    assert.equal(sts['sts:RoleSessionName'], 's');
    assert.equal(sts['sts:DurationSeconds'], '900');
  });

  test('the resource adds its account, its tags and (for IAM actions) its current boundary', () => {
    const base = baseContext(facts());
    const ctx = resourceContext(
      base,
      user,
      { action: 'iam:AttachUserPolicy', resources: [] },
      {
        arn: 'arn:aws:iam::111122223333:user/bob',
        display: 'user bob',
        entity: { kind: 'user', tags: { dept: 'eng' }, boundaryArn: 'arn:aws:iam::111122223333:policy/B' },
      },
    );
    assert.equal(ctx['aws:ResourceAccount'], '111122223333');
    assert.equal(ctx['aws:ResourceTag/dept'], 'eng');
    assert.equal(ctx['iam:ResourceTag/dept'], 'eng');
    assert.equal(ctx['iam:PermissionsBoundary'], 'arn:aws:iam::111122223333:policy/B');
    const star = resourceContext(
      base,
      user,
      { action: 'iam:ListUsers', resources: [], context: { k: 'v' } },
      { arn: '*', display: '*' },
    );
    assert.equal(star['aws:ResourceAccount'], '111122223333');
    assert.equal(star.k, 'v');
  });

  test("another account's resource: the caller's organization is not its own, its owner's is", () => {
    const base = {
      ...baseContext(facts()),
      'aws:ResourceOrgID': 'o-caller',
      'aws:ResourceOrgPaths': ['o-caller/r-1/'],
    };
    const key = { arn: 'arn:aws:kms:eu-west-1:444455556666:key/k', display: 'k' };
    const check = { action: 'kms:Decrypt', resources: [] };
    const unknown = resourceContext(base, user, check, key);
    assert.equal(unknown['aws:ResourceAccount'], '444455556666');
    assert.equal(unknown['aws:ResourceOrgID'], undefined);
    assert.equal(unknown['aws:ResourceOrgPaths'], undefined);
    const owned = resourceContext(base, user, check, key, { orgId: 'o-owner', orgPath: 'o-owner/r-2/ou-3/' });
    assert.equal(owned['aws:ResourceOrgID'], 'o-owner');
    assert.deepEqual(owned['aws:ResourceOrgPaths'], ['o-owner/r-2/ou-3/']);
  });

  test('times are ISO 8601 to the second', () => {
    assert.equal(isoSeconds(new Date('2026-01-02T03:04:05.999Z')), '2026-01-02T03:04:05Z');
  });
});
