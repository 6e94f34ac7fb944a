// Wildcard and ARN matchers: the shapes with fast paths, ranges, segment rules, and the wildcard set algebra.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ArnMatcher, splitArn } from './arn.js';
import { Glob, globCovers, globsIntersect, STAR } from './glob.js';

describe('Glob', () => {
  const cases: [string, string, boolean][] = [
    ['s3:getobject', 's3:getobject', true],
    ['s3:getobject', 's3:getobjects', false],
    ['s3:get*', 's3:getobject', true],
    ['s3:get*', 's3:get', true],
    ['s3:get*', 's3:putobject', false],
    ['*object', 's3:getobject', true],
    ['*object', 's3:getobjectacl', false],
    ['s3:*object', 's3:getobject', true],
    ['s3:*object', 's3:object', true],
    ['s3:*object', 'ec2:getobject', false],
    ['*get*', 's3:getobject', true],
    ['*get*', 's3:putobject', false],
    ['s3:get?bject', 's3:getobject', true],
    ['s3:get?bject', 's3:getbject', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['a*b?c', 'abbxc', true],
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'x', false],
    ['?', '', false],
    ['**a**', 'xa', true],
  ];
  for (const [pattern, value, expected] of cases) {
    test(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(value)}`, () => {
      assert.equal(Glob.compile(pattern).test(value), expected);
    });
  }

  test('testRange matches a slice without slicing', () => {
    const g = Glob.compile('b*d');
    assert.equal(g.testRange('abcde', 1, 4), true);
    assert.equal(g.testRange('abcde', 1, 5), false);
    assert.equal(Glob.compile('bcd').testRange('abcde', 1, 4), true);
    assert.equal(Glob.compile('*cd').testRange('abcde', 0, 4), true);
    assert.equal(Glob.compile('ab*').testRange('xabz', 1, 4), true);
  });

  test('literal patterns treat * and ? as text', () => {
    const g = Glob.literal('a*b');
    assert.equal(g.test('a*b'), true);
    assert.equal(g.test('axb'), false);
    assert.equal(Glob.fromTokens(['a', STAR, '*']).test('axx*'), true);
    assert.equal(Glob.fromTokens(['a', STAR, '*']).test('axx'), false);
  });

  test('matchesEverything only for patterns of stars', () => {
    assert.equal(Glob.compile('**').matchesEverything, true);
    assert.equal(Glob.compile('*a').matchesEverything, false);
  });
});

describe('wildcard set algebra', () => {
  const codes = (p: string) => Glob.compile(p).codes;
  test('intersection', () => {
    assert.equal(globsIntersect(codes('bucket/*'), codes('*/AWSLogs/*')), true);
    assert.equal(globsIntersect(codes('bucket/*'), codes('other/*')), false);
    assert.equal(globsIntersect(codes('*'), codes('anything')), true);
    assert.equal(globsIntersect(codes('a?c'), codes('ab*')), true);
    assert.equal(globsIntersect(codes('a?c'), codes('abcd*')), false);
    assert.equal(globsIntersect(codes('*.iso'), codes('bucket/*')), true);
  });
  test('coverage', () => {
    assert.equal(globCovers(codes('bucket/*'), codes('bucket/private/*')), true);
    assert.equal(globCovers(codes('bucket/private/*'), codes('bucket/*')), false);
    assert.equal(globCovers(codes('*'), codes('*')), true);
    assert.equal(globCovers(codes('a?'), codes('a*')), false);
    assert.equal(globCovers(codes('a*'), codes('a?')), true);
    assert.equal(globCovers(codes('x'), codes('x')), true);
    assert.equal(globCovers(codes('*/AWSLogs/*'), codes('bucket/*')), false);
  });
});

describe('ArnMatcher', () => {
  test('a wildcard in the first five components never crosses a colon', () => {
    const m = ArnMatcher.compile('arn:aws:iam::*:role/admin');
    assert.equal(m.test('arn:aws:iam::123456789012:role/admin'), true);
    assert.equal(m.test('arn:aws:iam::123:456:role/admin'), false);
    assert.equal(m.test('arn:aws:iam::123456789012:role/admins'), false);
  });

  test('the resource component may hold colons and slashes', () => {
    const m = ArnMatcher.compile('arn:aws:logs:*:*:log-group:/aws/lambda/*');
    assert.equal(m.test('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*'), true);
    assert.equal(m.test('arn:aws:logs:us-east-1:123456789012:log-group:/aws/ecs/x'), false);
    assert.equal(ArnMatcher.compile('arn:aws:s3:::bucket/*').test('arn:aws:s3:::bucket/a:b/c'), true);
  });

  test('? in a component matches one character but not a colon', () => {
    const m = ArnMatcher.compile('arn:aws:kms:us-east-?:*:key/*');
    assert.equal(m.test('arn:aws:kms:us-east-1:123456789012:key/abc'), true);
    assert.equal(m.test('arn:aws:kms:us-east-12:123456789012:key/abc'), false);
  });

  test('patterns with fewer components match as a whole string', () => {
    assert.equal(ArnMatcher.compile('*').test('arn:aws:s3:::b'), true);
    assert.equal(ArnMatcher.compile('*').test('*'), true);
    assert.equal(ArnMatcher.compile('arn:aws:s3:::b').test('*'), false);
  });

  test('testValue reuses pre-split components', () => {
    const m = ArnMatcher.compile('arn:aws:sqs:*:123456789012:queue-*');
    const value = 'arn:aws:sqs:eu-west-1:123456789012:queue-a';
    assert.equal(m.testValue({ value, segments: () => splitArn(value) }), true);
    assert.equal(splitArn('arn:aws:s3'), null);
  });

  test('set algebra per component', () => {
    const req = (p: string) => Glob.compile(p).codes;
    const m = ArnMatcher.compile('arn:aws:s3:::*/AWSLogs/*');
    assert.equal(m.intersects(req('arn:aws:s3:::example-bucket/*')), true);
    assert.equal(m.covers(req('arn:aws:s3:::example-bucket/*')), false);
    assert.equal(ArnMatcher.compile('arn:aws:s3:::*').covers(req('arn:aws:s3:::example-bucket/*')), true);
    assert.equal(ArnMatcher.compile('*').covers(req('*')), true);
    assert.equal(ArnMatcher.compile('arn:aws:s3:::x').intersects(req('*')), true);
    assert.equal(ArnMatcher.compile('arn:aws:s3:::x').covers(req('*')), false);
  });
});
