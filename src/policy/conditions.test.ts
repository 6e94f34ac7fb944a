// Condition operators: every family, IfExists, set operators, missing and empty keys, and policy variables.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileConditions, conditionsHold, isKnownOperator, parseDate } from './conditions.js';
import type { ConditionEnv } from './conditions.js';
import { ConditionContext } from './context.js';
import type { ContextInput } from './context.js';

function env(context: ContextInput, missing?: string[]): ConditionEnv {
  const ctx = new ConditionContext(context);
  return { lookup: (key) => ctx.get(key), noteMissing: missing ? (k) => missing.push(k) : undefined };
}

/** Evaluates one Condition block against a context. */
function holds(block: Record<string, Record<string, unknown>>, context: ContextInput, variables = true): boolean {
  return conditionsHold(compileConditions(block, variables), env(context));
}

describe('String operators', () => {
  test('StringEquals is case-sensitive and ORs its values', () => {
    assert.equal(holds({ StringEquals: { 'aws:username': ['alice', 'bob'] } }, { 'aws:username': 'bob' }), true);
    assert.equal(holds({ StringEquals: { 'aws:username': 'alice' } }, { 'aws:username': 'Alice' }), false);
  });
  test('StringNotEquals needs the value to differ from every listed value', () => {
    assert.equal(holds({ StringNotEquals: { 'aws:username': ['alice', 'bob'] } }, { 'aws:username': 'carol' }), true);
    assert.equal(holds({ StringNotEquals: { 'aws:username': ['alice', 'bob'] } }, { 'aws:username': 'bob' }), false);
  });
  test('IgnoreCase variants', () => {
    assert.equal(holds({ StringEqualsIgnoreCase: { 'aws:username': 'ALICE' } }, { 'aws:username': 'alice' }), true);
    assert.equal(holds({ StringNotEqualsIgnoreCase: { 'aws:username': 'ALICE' } }, { 'aws:username': 'alice' }), false);
    assert.equal(holds({ StringNotEqualsIgnoreCase: { 'aws:username': 'ALICE' } }, { 'aws:username': 'bob' }), true);
  });
  test('StringLike and StringNotLike use * and ?', () => {
    assert.equal(holds({ StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/alice/x' }), true);
    assert.equal(holds({ StringLike: { 's3:prefix': 'home/?' } }, { 's3:prefix': 'home/ab' }), false);
    assert.equal(holds({ StringNotLike: { 's3:prefix': ['home/*', 'tmp/*'] } }, { 's3:prefix': 'etc/x' }), true);
    assert.equal(holds({ StringNotLike: { 's3:prefix': ['home/*', 'tmp/*'] } }, { 's3:prefix': 'tmp/x' }), false);
  });
  test('condition key names are case-insensitive, values are not', () => {
    assert.equal(holds({ StringEquals: { 'AWS:PrincipalTag/Team': 'red' } }, { 'aws:principaltag/team': 'red' }), true);
    assert.equal(
      holds({ StringEquals: { 'aws:PrincipalTag/Team': 'red' } }, { 'aws:PrincipalTag/Team': 'Red' }),
      false,
    );
  });
  test('several keys and operators are ANDed', () => {
    const block = { StringEquals: { a: '1', b: '2' }, StringLike: { c: 'x*' } };
    assert.equal(holds(block, { a: '1', b: '2', c: 'xy' }), true);
    assert.equal(holds(block, { a: '1', b: '3', c: 'xy' }), false);
    assert.equal(holds(block, { a: '1', b: '2', c: 'yy' }), false);
  });
});

describe('Numeric and Date operators', () => {
  test('all six numeric comparisons', () => {
    const n = (op: string, policy: string, value: string) =>
      holds({ [op]: { 'aws:MultiFactorAuthAge': policy } }, { 'aws:MultiFactorAuthAge': value });
    assert.equal(n('NumericEquals', '10', '10.0'), true);
    assert.equal(n('NumericNotEquals', '10', '11'), true);
    assert.equal(n('NumericNotEquals', '10', '10'), false);
    assert.equal(n('NumericLessThan', '10', '9.5'), true);
    assert.equal(n('NumericLessThan', '10', '10'), false);
    assert.equal(n('NumericLessThanEquals', '10', '10'), true);
    assert.equal(n('NumericGreaterThan', '10', '11'), true);
    assert.equal(n('NumericGreaterThanEquals', '10', '9'), false);
    assert.equal(n('NumericEquals', '10', 'ten'), false);
  });
  test('dates as ISO 8601 or epoch seconds', () => {
    const d = (op: string, policy: string, value: string) =>
      holds({ [op]: { 'aws:CurrentTime': policy } }, { 'aws:CurrentTime': value });
    assert.equal(d('DateLessThan', '2030-01-01T00:00:00Z', '2029-12-31T23:59:59Z'), true);
    assert.equal(d('DateGreaterThan', '2030-01-01T00:00:00Z', '2029-12-31T23:59:59Z'), false);
    assert.equal(d('DateEquals', '2020-01-01T00:00:00Z', '1577836800'), true);
    assert.equal(d('DateNotEquals', '1577836800', '2020-01-01T00:00:00Z'), false);
    assert.equal(d('DateLessThanEquals', '2020-01-01', '2020-01-01T00:00:00Z'), true);
    assert.equal(d('DateGreaterThanEquals', '2020-01-01T00:00:00Z', 'not a date'), false);
    assert.equal(parseDate('1577836800'), Date.UTC(2020, 0, 1));
  });
});

describe('Bool, Binary, IpAddress, Arn, Null', () => {
  test('Bool', () => {
    assert.equal(holds({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }), true);
    assert.equal(holds({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'TRUE' }), true);
    assert.equal(holds({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }), false);
  });
  test('BinaryEquals compares the base64 text', () => {
    assert.equal(holds({ BinaryEquals: { 'k:bin': 'QmluYXJ5' } }, { 'k:bin': 'QmluYXJ5' }), true);
    assert.equal(holds({ BinaryEquals: { 'k:bin': 'QmluYXJ5' } }, { 'k:bin': 'QmluYXJz' }), false);
  });
  test('IpAddress and NotIpAddress with IPv4 and IPv6 blocks', () => {
    const block = ['203.0.113.0/24', '2001:db8::/32'];
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': block } }, { 'aws:SourceIp': '203.0.113.7' }), true);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': block } }, { 'aws:SourceIp': '2001:db8::7' }), true);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': block } }, { 'aws:SourceIp': '198.51.100.1' }), false);
    assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': block } }, { 'aws:SourceIp': '198.51.100.1' }), true);
    assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': block } }, { 'aws:SourceIp': '2001:db8::7' }), false);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': block } }, { 'aws:SourceIp': 'garbage' }), false);
  });
  test('an address of the other family is outside every block: IpAddress fails, NotIpAddress holds', () => {
    const v4 = { 'aws:SourceIp': '203.0.113.7' };
    const v6 = { 'aws:SourceIp': '2001:db8::7' };
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '::/0' } }, v4), false);
    assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': '::/0' } }, v4), true);
    // AWS Private CA guide, "Using IPv6 addresses in IAM": all IPv6 addresses are outside an IPv4-only list.
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, v6), false);
    assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } }, v6), true);
  });
  test('Arn operators match per component', () => {
    const arn = 'arn:aws:iam::123456789012:role/ops/admin';
    assert.equal(
      holds({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } }, { 'aws:PrincipalArn': arn }),
      true,
    );
    assert.equal(holds({ ArnEquals: { 'aws:PrincipalArn': arn } }, { 'aws:PrincipalArn': arn }), true);
    assert.equal(holds({ ArnNotEquals: { 'aws:PrincipalArn': arn } }, { 'aws:PrincipalArn': arn }), false);
    assert.equal(
      holds({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/dev/*' } }, { 'aws:PrincipalArn': arn }),
      true,
    );
    assert.equal(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, { 'aws:SourceArn': 'not-an-arn' }), false);
  });
  test('Null tests presence', () => {
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, {}), true);
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': 'x' }), false);
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': 'x' }), true);
    assert.equal(holds({ Null: { 'aws:TagKeys': 'true' } }, { 'aws:TagKeys': [] }), true);
  });
});

describe('missing keys and IfExists', () => {
  test('positive operators fail and negated operators hold when the key is absent', () => {
    assert.equal(holds({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, {}), false);
    assert.equal(holds({ StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } }, {}), true);
    assert.equal(holds({ ArnNotLike: { 'aws:SourceArn': 'arn:*' } }, {}), true);
    assert.equal(holds({ NumericLessThan: { 'aws:MultiFactorAuthAge': '5' } }, {}), false);
    assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {}), true);
  });
  test('...IfExists holds when the key is absent and otherwise tests the value', () => {
    assert.equal(holds({ StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }, {}), true);
    assert.equal(holds({ StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }, { 'aws:SourceVpc': 'vpc-2' }), false);
    assert.equal(holds({ NumericLessThanIfExists: { n: '5' } }, { n: '4' }), true);
    assert.equal(holds({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, {}), true);
  });
  test('missing keys are reported in explain mode', () => {
    const missing: string[] = [];
    const conds = compileConditions({ StringEquals: { 'aws:SourceVpc': 'v', 'aws:username': 'u' } }, true);
    assert.equal(conditionsHold(conds, env({ 'aws:username': 'u' }, missing)), false);
    assert.deepEqual(missing, ['aws:SourceVpc']);
  });
});

describe('set operators', () => {
  test('ForAnyValue needs one request value to match; absent or empty keys fail', () => {
    const block = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } };
    assert.equal(holds(block, { 'aws:TagKeys': ['cost', 'team'] }), true);
    assert.equal(holds(block, { 'aws:TagKeys': ['cost'] }), false);
    assert.equal(holds(block, { 'aws:TagKeys': [] }), false);
    assert.equal(holds(block, {}), false);
  });
  test('ForAllValues needs every request value to match; absent or empty keys hold', () => {
    const block = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } };
    assert.equal(holds(block, { 'aws:TagKeys': ['env', 'team'] }), true);
    assert.equal(holds(block, { 'aws:TagKeys': ['env', 'cost'] }), false);
    assert.equal(holds(block, { 'aws:TagKeys': [] }), true);
    assert.equal(holds(block, {}), true);
    assert.equal(holds(block, { 'aws:TagKeys': 'env' }), true);
  });
  test('negated operators inside set operators', () => {
    const all = { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } };
    assert.equal(holds(all, { 'aws:TagKeys': ['a', 'b'] }), true);
    assert.equal(holds(all, { 'aws:TagKeys': ['a', 'secret'] }), false);
    const any = { 'ForAnyValue:StringNotLike': { 'aws:TagKeys': ['team*'] } };
    assert.equal(holds(any, { 'aws:TagKeys': ['team-a', 'cost'] }), true);
    assert.equal(holds(any, { 'aws:TagKeys': ['team-a'] }), false);
  });
  test('ForAnyValue ...IfExists holds for an absent key', () => {
    assert.equal(holds({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'x' } }, {}), true);
  });
  test('a single-valued operator on a multivalued key', () => {
    assert.equal(holds({ StringEquals: { k: 'b' } }, { k: ['a', 'b'] }), true);
    assert.equal(holds({ StringNotEquals: { k: 'b' } }, { k: ['a', 'b'] }), false);
    assert.equal(holds({ StringNotEquals: { k: 'c' } }, { k: ['a', 'b'] }), true);
  });
});

describe('operators', () => {
  test('unknown or malformed operators never match', () => {
    assert.equal(isKnownOperator('StringEqualz'), false);
    assert.equal(isKnownOperator('ForAllValues:NumericLessThanIfExists'), true);
    assert.equal(isKnownOperator('NullIfExists'), false);
    assert.equal(holds({ StringEqualz: { k: 'v' } }, { k: 'v' }), false);
    assert.equal(holds({ StringEquals: 'oops' } as never, { k: 'v' }), false);
  });
});

describe('policy variables in condition values', () => {
  test('String and Arn operators substitute variables', () => {
    const ctx = { 'aws:username': 'alice', 's3:prefix': 'home/alice/docs' };
    assert.equal(holds({ StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, ctx), true);
    assert.equal(holds({ StringEquals: { 'aws:username': '${aws:username}' } }, ctx), true);
    assert.equal(
      holds(
        { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::${aws:username}-*' } },
        { ...ctx, 'aws:SourceArn': 'arn:aws:s3:::alice-logs' },
      ),
      true,
    );
  });
  test('a default applies when the key is absent', () => {
    assert.equal(holds({ StringEquals: { team: "${aws:PrincipalTag/team, 'none'}" } }, { team: 'none' }), true);
    assert.equal(
      holds(
        { StringEquals: { team: "${aws:PrincipalTag/team, 'none'}" } },
        { team: 'red', 'aws:PrincipalTag/team': 'red' },
      ),
      true,
    );
  });
  test('an unresolvable variable makes its value match nothing', () => {
    assert.equal(holds({ StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home//x' }), false);
    assert.equal(holds({ StringNotEquals: { 's3:prefix': '${aws:username}' } }, { 's3:prefix': 'x' }), true);
  });
  test('escapes are literal characters, not wildcards', () => {
    assert.equal(holds({ StringLike: { k: 'a${*}b' } }, { k: 'a*b' }), true);
    assert.equal(holds({ StringLike: { k: 'a${*}b' } }, { k: 'axb' }), false);
    assert.equal(holds({ StringEquals: { k: '${$}{x}${?}' } }, { k: '${x}?' }), true);
  });
  test('variables only exist in 2012-10-17 policies', () => {
    assert.equal(
      holds({ StringEquals: { k: '${aws:username}' } }, { k: '${aws:username}', 'aws:username': 'a' }, false),
      true,
    );
  });
});
