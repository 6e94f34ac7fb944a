// Tests for IAM policy validation: the moto-derived conformance corpus, trust-policy rules and further cases.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsError } from '../../aws/error.js';
import { assertValidPolicyDocument, policyDocumentError } from './validate.js';
import type { PolicyKind } from './validate.js';
import { isValidPolicyDate } from './dates.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CORPUS_FILE = join(resolve(REPO_ROOT, '../shared/conformance'), 'iam-policy-validation.json');

interface Corpus {
  invalid_policy_document_test_cases: Array<{ document: unknown; error_message: string }>;
  valid_policy_documents: unknown[];
}

/** Documents travel as strings: corpus objects are serialised, raw strings (maybe not JSON) are sent as they are. */
const wire = (document: unknown): string => (typeof document === 'string' ? document : JSON.stringify(document));

const SID_MESSAGE =
  'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';

function hasNonAlphanumericSid(document: unknown): boolean {
  const statement = (document as { Statement?: unknown }).Statement;
  const statements: unknown[] = Array.isArray(statement) ? statement : [statement];
  return statements.some((s) => {
    const sid = (s as { Sid?: unknown } | null)?.Sid;
    return typeof sid === 'string' && !/^[0-9A-Za-z]*$/.test(sid);
  });
}

function corpusSkipReason(): string | false {
  if (existsSync(CORPUS_FILE)) return false;
  if (process.env.CI === 'true') return false; // fail below rather than skip
  return `conformance corpus not found at ${CORPUS_FILE}`;
}

describe('iam-policy-validation corpus', { skip: corpusSkipReason() }, () => {
  if (!existsSync(CORPUS_FILE)) {
    test('corpus is present', () =>
      assert.fail(`conformance corpus missing at ${CORPUS_FILE} (required when CI=true)`));
    return;
  }
  const corpus = JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as Corpus;
  const total = corpus.invalid_policy_document_test_cases.length + corpus.valid_policy_documents.length;
  let passed = 0;

  after(() => console.log(`iam-policy-validation corpus: ${passed}/${total} passed`));

  corpus.invalid_policy_document_test_cases.forEach(({ document, error_message }, index) => {
    test(`invalid #${index + 1}: ${error_message}`, () => {
      assert.equal(policyDocumentError(wire(document)), error_message, wire(document));
      passed++;
    });
  });
  corpus.valid_policy_documents.forEach((document, index) => {
    // Two "valid" documents of the corpus carry Sids with underscores. The corpus comes from moto, which does not
    // check Sid characters; AWS does (IAM User Guide, "IAM JSON policy elements: Sid": [A-Za-z0-9] only; CloudTrail
    // records of CreatePolicy failing with SID_MESSAGE), so for those two the expectation is AWS's refusal.
    const expected = hasNonAlphanumericSid(document) ? SID_MESSAGE : undefined;
    test(`valid #${index + 1}${expected ? ' (but for its Sid)' : ''}`, () => {
      assert.equal(policyDocumentError(wire(document)), expected, wire(document));
      passed++;
    });
  });
});

/** A 2012-10-17 document with the given statements. */
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allowListBucket = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket' };
const assumeByEc2 = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
const errorOf = (kind: PolicyKind, ...statements: object[]): string | undefined =>
  policyDocumentError(policy(...statements), kind);

describe('trust policies (AssumeRolePolicyDocument)', () => {
  test('a service, account or identity-provider principal with sts:AssumeRole* actions is accepted', () => {
    assert.equal(errorOf('trust', assumeByEc2), undefined);
    assert.equal(
      errorOf('trust', {
        Effect: 'Allow',
        Principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/a/b'] },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
      }),
      undefined,
    );
    assert.equal(
      errorOf('trust', {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
      undefined,
    );
    assert.equal(errorOf('trust', { ...assumeByEc2, Action: 'sts:*' }), undefined);
  });

  test('trust policies keep accepting the 2008-10-17 language version, and no version at all', () => {
    assert.equal(
      policyDocumentError(JSON.stringify({ Version: '2008-10-17', Statement: assumeByEc2 }), 'trust'),
      undefined,
    );
    assert.equal(policyDocumentError(JSON.stringify({ Statement: assumeByEc2 }), 'trust'), undefined);
  });

  test('invalid JSON is reported in the trust front end’s own words', () => {
    assert.equal(policyDocumentError('{"Version": "2012-10-17",}', 'trust'), 'This policy contains invalid Json');
  });

  test('Resource and NotResource are prohibited, whatever their value', () => {
    assert.equal(errorOf('trust', { ...assumeByEc2, Resource: '*' }), 'Has prohibited field Resource');
    assert.equal(errorOf('trust', { ...assumeByEc2, Resource: 'not an arn' }), 'Has prohibited field Resource');
    assert.equal(errorOf('trust', { ...assumeByEc2, NotResource: '*' }), 'Has prohibited field NotResource');
  });

  test('only STS AssumeRole actions may be granted', () => {
    const message = 'AssumeRole policy may only specify STS AssumeRole actions.';
    assert.equal(errorOf('trust', { ...assumeByEc2, Action: 's3:GetObject' }), message);
    assert.equal(errorOf('trust', { ...assumeByEc2, Action: ['sts:AssumeRole', 'sts:GetCallerIdentity'] }), message);
  });

  test('every statement needs a principal', () => {
    const message =
      'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!';
    assert.equal(errorOf('trust', { Effect: 'Allow', Action: 'sts:AssumeRole' }), message);
    assert.equal(errorOf('trust', assumeByEc2, { ...assumeByEc2, Principal: { AWS: [] } }), message);
  });

  test('malformed principal values are named with their upper-cased type', () => {
    assert.equal(
      errorOf('trust', { ...assumeByEc2, Principal: { Service: 'lambda' } }),
      'Invalid principal in policy: "SERVICE":"lambda"',
    );
    assert.equal(
      errorOf('trust', { ...assumeByEc2, Principal: { Service: '' } }),
      'Invalid principal in policy: "SERVICE":""',
    );
    assert.equal(
      errorOf('trust', { ...assumeByEc2, Principal: { AWS: 'arn:aws:iam::123456789012:role/*' } }),
      'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/*"',
    );
    assert.equal(
      errorOf('trust', { ...assumeByEc2, Principal: { AWS: 'arn:aws:iam::123456789012:group/admins' } }),
      'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:group/admins"',
    );
    assert.equal(
      errorOf('trust', { ...assumeByEc2, Principal: { Federated: 'example.com' } }),
      'Invalid principal in policy: "FEDERATED":"example.com"',
    );
  });

  test('the shared grammar still applies', () => {
    assert.equal(errorOf('trust', { ...assumeByEc2, Effect: 'Maybe' }), 'Syntax errors in policy.');
    assert.equal(errorOf('trust', { ...assumeByEc2, Principal: { Users: 'x' } }), 'Syntax errors in policy.');
    assert.equal(
      errorOf('trust', { ...assumeByEc2, Action: 'AssumeRole' }),
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
  });
});

describe('principals by policy kind', () => {
  const withPrincipal = { ...allowListBucket, Principal: { AWS: '123456789012' } };

  test('identity, session and SCP documents must not name a principal', () => {
    for (const kind of ['identity', 'session', 'scp'] as const) {
      assert.equal(errorOf(kind, withPrincipal), 'Policy document should not specify a principal.', kind);
      assert.equal(
        errorOf(kind, { ...allowListBucket, NotPrincipal: '*' }),
        'Policy document should not specify a principal.',
        kind,
      );
    }
  });

  test('resource-based policies take a principal and still need resources', () => {
    assert.equal(errorOf('resource', withPrincipal), undefined);
    assert.equal(
      errorOf('resource', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }),
      'Policy statement must contain resources.',
    );
  });
});

describe('documents beyond the corpus', () => {
  test('check order: the version is judged before a forbidden principal, which is judged before legacy parsing', () => {
    const unversioned = JSON.stringify({ Statement: { ...allowListBucket, Principal: '*' } });
    assert.equal(policyDocumentError(unversioned), 'Policy document must be version 2012-10-17 or greater.');
    assert.equal(
      errorOf('identity', { ...allowListBucket, Effect: 'allow', Principal: '*' }),
      'Policy document should not specify a principal.',
    );
  });

  test('the first malformed resource in document order is the one reported', () => {
    assert.equal(
      errorOf(
        'identity',
        { ...allowListBucket, Resource: ['arn:aws:s3:::ok', 'first'] },
        { ...allowListBucket, Resource: 'second' },
      ),
      'Resource first must be in ARN format or "*".',
    );
  });

  test('a wildcard service is a regex in the vendor', () => {
    assert.equal(
      errorOf('identity', { ...allowListBucket, Resource: 'arn:aws:s3*:::bucket' }),
      'Resource vendor must be fully qualified and cannot contain regexes.',
    );
  });

  test('S3 resources that name an account may be regional; other partitions are accepted', () => {
    assert.equal(
      errorOf('identity', { ...allowListBucket, Resource: 'arn:aws:s3:eu-west-1:123456789012:job/abc' }),
      undefined,
    );
    assert.equal(errorOf('identity', { ...allowListBucket, Resource: 'arn:aws-cn:s3:::bucket/*' }), undefined);
  });

  test('IAM resources: role paths pass, other paths do not', () => {
    assert.equal(
      errorOf('identity', { ...allowListBucket, Resource: 'arn:aws:iam::123456789012:role/service-role/x' }),
      undefined,
    );
    assert.match(
      errorOf('identity', { ...allowListBucket, Resource: 'arn:aws:iam::123456789012:bucket/x' }) ?? '',
      /^IAM resource path must either be "\*" or start with user\//,
    );
  });

  test('action vendors', () => {
    assert.equal(errorOf('identity', { ...allowListBucket, Action: 's3_x:Get' }), 'Vendor s3_x is not valid');
    assert.equal(
      errorOf('identity', { ...allowListBucket, Action: ':GetObject' }),
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
    assert.equal(errorOf('identity', { Effect: 'Deny', NotAction: ['s3:Get*', 'ec2:*'], Resource: '*' }), undefined);
  });

  test('condition shapes: qualifiers, IfExists, numbers and booleans; nested objects are not values', () => {
    const conditions = {
      'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['a*', 'b'] },
      NumericLessThan: { 's3:max-keys': 10 },
      Bool: { 'aws:SecureTransport': false },
      DateGreaterThan: { 'aws:EpochTime': 1500000000 },
      IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] },
    };
    assert.equal(errorOf('identity', { ...allowListBucket, Condition: conditions }), undefined);
    assert.equal(
      errorOf('identity', { ...allowListBucket, Condition: { StringEquals: { 'aws:username': [{}] } } }),
      'Syntax errors in policy.',
    );
    assert.equal(
      errorOf('identity', { ...allowListBucket, Condition: { stringequals: { 'aws:username': 'x' } } }),
      'Syntax errors in policy.',
    );
  });

  test('date values in list form and behind qualifiers are parsed too', () => {
    assert.equal(
      errorOf('identity', {
        ...allowListBucket,
        Condition: { 'ForAnyValue:DateEqualsIfExists': { 'aws:CurrentTime': ['2020-01-01', '2020-02-30'] } },
      }),
      'The policy failed legacy parsing',
    );
  });

  test('assertValidPolicyDocument throws a 400 MalformedPolicyDocument AwsError', () => {
    assert.doesNotThrow(() => assertValidPolicyDocument(policy(allowListBucket)));
    assert.throws(
      () => assertValidPolicyDocument('not json'),
      (error: unknown) =>
        error instanceof AwsError &&
        error.code === 'MalformedPolicyDocument' &&
        error.message === 'Syntax errors in policy.' &&
        error.httpStatus === 400,
    );
  });
});

describe('Date* condition values', () => {
  const accepted = [
    '2019-07-01T13:20:15Z',
    '2016-12-13T21:20:37.593194+00:00',
    '2016-12-13t2:00:00.593194+23',
    '2016-12-13T10:15:30,5-0530',
    '01T',
    'T10:15Z',
    '2016-W05-3',
    '2015-W53',
    '2016-366',
    '2016-02-29',
    '1500000000',
    '-292275054',
    '9223372036854775807',
  ];
  const rejected = [
    'sdfdsf',
    '234-13',
    '2016-W53',
    '2015-366',
    '2015-02-29',
    '2016-12-13T24:00',
    '2016-12-13t2:00:00.593194+1',
    '2016-12-13t2:00:00.1999999999+10:59',
    '2019-07-01Z',
    '9223372036854775808',
    '292278994-01-01',
    'true',
  ];
  for (const value of accepted) test(`accepts ${value}`, () => assert.equal(isValidPolicyDate(value), true));
  for (const value of rejected) test(`rejects ${value}`, () => assert.equal(isValidPolicyDate(value), false));
});

describe('statement IDs (Sid) are alphanumeric in the policies IAM stores', () => {
  const sid = (value: string) => ({ ...allowListBucket, Sid: value });

  test('identity policies refuse a Sid with anything but letters and digits', () => {
    for (const bad of ['read-only', 'read_only', 'Read Only', 'é1', 'a.b']) {
      assert.equal(errorOf('identity', sid(bad)), SID_MESSAGE, bad);
    }
    assert.equal(errorOf('identity', sid('ReadOnly2')), undefined);
    assert.equal(errorOf('identity', sid('')), undefined, 'an empty Sid matches [0-9A-Za-z]*');
  });

  test('role trust policies hold to the same rule', () => {
    assert.equal(errorOf('trust', { ...assumeByEc2, Sid: 'trusted_role_arns' }), SID_MESSAGE);
    assert.equal(errorOf('trust', { ...assumeByEc2, Sid: 'TrustRoleAndServiceToAssume' }), undefined);
  });

  test('the characters are judged before uniqueness', () => {
    assert.equal(errorOf('identity', sid('a-b'), sid('a-b')), SID_MESSAGE);
  });

  test("other services' policies are left to their own rules", () => {
    const spaced = { ...allowListBucket, Principal: { AWS: '123456789012' }, Sid: 'Enable IAM User Permissions' };
    assert.equal(errorOf('resource', spaced), undefined);
    assert.equal(errorOf('scp', sid('Deny all-regions')), undefined);
    assert.equal(errorOf('session', sid('session_scope')), undefined);
  });
});
