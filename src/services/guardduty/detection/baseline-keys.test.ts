// What baselines are keyed and profiled by: identities, networks, user-agent categories, refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudTrailRecord } from '../../../audit/record.js';
import { apiOf, identityKeyOf, isDenial, MAX_IDENTITY, networkOf, userAgentCategory } from './baseline-keys.js';
import { IDENTITIES, trailRecord } from './record-fixture.js';

test('identities: a user or root by ARN, an assumed role by its role, services and unknown callers not at all', () => {
  assert.equal(identityKeyOf(trailRecord()), IDENTITIES.user.arn);
  assert.equal(identityKeyOf(trailRecord({ userIdentity: IDENTITIES.root })), IDENTITIES.root.arn);
  assert.equal(
    identityKeyOf(trailRecord({ userIdentity: IDENTITIES.role })),
    IDENTITIES.role.sessionContext.sessionIssuer.arn,
  );
  assert.equal(identityKeyOf(trailRecord({ userIdentity: IDENTITIES.service })), undefined);
  assert.equal(identityKeyOf(trailRecord({ userIdentity: { type: 'Unknown' } })), undefined);
  assert.equal(identityKeyOf(trailRecord({ userIdentity: { type: 'IAMUser', principalId: 'AIDA1' } })), 'AIDA1');
  const long = { type: 'IAMUser' as const, arn: `arn:aws:iam::1:user/${'x'.repeat(5000)}` };
  assert.equal(identityKeyOf(trailRecord({ userIdentity: long }))?.length, MAX_IDENTITY);
  for (const junk of [{}, { userIdentity: 'x' }, { userIdentity: { type: 5 } }])
    assert.equal(identityKeyOf(junk as unknown as CloudTrailRecord), undefined);
});

test('apis are source:name; networks are the IPv4 /24 or IPv6 /48; domains have none', () => {
  assert.equal(apiOf(trailRecord()), 'iam.amazonaws.com:ListUsers');
  assert.equal(apiOf({ eventSource: 3 } as unknown as CloudTrailRecord), undefined);
  assert.equal(networkOf('198.51.100.7'), '198.51.100.0/24');
  assert.equal(networkOf('2001:db8:abcd:12::1'), '2001:db8:abcd::/48');
  assert.equal(networkOf('2001:DB8::1'), '2001:db8:0::/48');
  assert.equal(networkOf('::ffff:198.51.100.7'), '0:0:0::/48');
  assert.equal(networkOf('cloudformation.amazonaws.com'), undefined);
  assert.equal(networkOf(undefined), undefined);
});

test('user agents are profiled by category: the products named, without versions or per-call SDK metadata', () => {
  const sdk = (api: string, extra = '') =>
    `aws-sdk-js/3.654.0 ua/2.1 os/linux#6.5.0 lang/js md/nodejs#20.11.1 api/${api}#3.654.0 m/E,J${extra}`;
  assert.equal(userAgentCategory(sdk('iam')), 'aws-sdk-js');
  assert.equal(userAgentCategory(sdk('kms')), 'aws-sdk-js');
  assert.equal(userAgentCategory(sdk('iam', ' exploit-kit/1.0')), 'aws-sdk-js exploit-kit');
  assert.equal(
    userAgentCategory(
      'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.0',
    ),
    'Boto3 Botocore',
  );
  assert.equal(
    userAgentCategory(
      'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/iam.list-users',
    ),
    'aws-cli',
  );
  assert.equal(
    userAgentCategory(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    ),
    'Mozilla AppleWebKit Chrome Safari',
  );
  assert.equal(userAgentCategory(''), undefined);
  assert.equal(userAgentCategory(42), undefined);
  assert.ok(userAgentCategory('a'.repeat(100_000))!.length <= 256);
  assert.equal(userAgentCategory(Array.from({ length: 50 }, (_, i) => `p${i}/1`).join(' '))!.split(' ').length, 6);
});

test('refusals: the denial codes of every protocol, and nothing else', () => {
  for (const code of ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation'])
    assert.equal(isDenial(code), true, code);
  for (const code of ['ValidationError', 'NoSuchEntity', undefined, 403]) assert.equal(isDenial(code), false);
});
