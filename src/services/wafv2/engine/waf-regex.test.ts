// WAF regexes on re2js: PCRE semantics as AWS reads them, refusals, and correct answers on patterns that backtrack.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileWafRegex, toRe2Syntax, WafRegexError, MAX_PROGRAM_SIZE } from './waf-regex.js';
import { compileWebAcl, evaluate, MemoryRateCounter, WebAclCompileError, type CompiledWebAcl } from './index.js';
import type { Statement, ReferenceResolver, TextTransformation } from './types.js';
import { acl, blockRule, none, request, resolver } from './test-support.js';
import type { InspectedRequest } from '../../../core/traffic.js';

/** Hang guard only: a backtracking engine would take minutes on these inputs; nothing asserts how fast they run. */
const GUARD = { timeout: 60_000 };

const compiled: CompiledWebAcl[] = [];
after(() => compiled.forEach((c) => c.dispose()));

function blocks(statement: Statement, req: InspectedRequest, resolve: ReferenceResolver = resolver()): boolean {
  const c = compileWebAcl(acl([blockRule('r', 0, statement)]), resolve);
  compiled.push(c);
  return evaluate(c, req, { rateCounter: new MemoryRateCounter() }).action === 'BLOCK';
}

const regexOn = (RegexString: string, FieldToMatch: object, tt: TextTransformation[] = none): Statement => ({
  RegexMatchStatement: { RegexString, FieldToMatch, TextTransformations: tt },
});
const ua = (v: string) => request({ headers: [['User-Agent', v]] });
const UA = { SingleHeader: { Name: 'user-agent' } };
const matches = (pattern: string, value: string) => compileWafRegex(pattern).test(value);

test("AWS's example B[a@]dB[o0]t: a search anywhere in the value, case-sensitive", () => {
  for (const yes of ['BadBot', 'B@dB0t', 'Mozilla B@dBot/1.0'])
    assert.equal(blocks(regexOn('B[a@]dB[o0]t', UA), ua(yes)), true);
  for (const no of ['badbot', 'BADBOT', 'B4dBot']) assert.equal(blocks(regexOn('B[a@]dB[o0]t', UA), ua(no)), false);
});

test('(?i) anywhere, (?i:…) groups, and (?-i) switch case-insensitivity as in PCRE', () => {
  assert.equal(blocks(regexOn('(?i)B[a@]dB[o0]t', UA), ua('xx bAdbOT')), true);
  assert.equal(matches('admin(?i)/LOGIN', 'admin/login'), true);
  assert.equal(matches('admin(?i)/LOGIN', 'ADMIN/login'), false);
  assert.equal(matches('(?i:ab)c', 'ABc'), true);
  assert.equal(matches('(?i:ab)c', 'ABC'), false);
  assert.equal(matches('(?i)a(?-i)b', 'Ab'), true);
  assert.equal(matches('(?i)a(?-i)b', 'AB'), false);
});

test('text transformations apply before the regex', () => {
  const s = regexOn('^/admin/<script>', { UriPath: {} }, [
    { Priority: 0, Type: 'URL_DECODE' },
    { Priority: 1, Type: 'LOWERCASE' },
  ]);
  assert.equal(blocks(s, request({ uri: '/ADMIN/%3CSCRIPT%3E' })), true);
  assert.equal(blocks(regexOn('^/admin/<script>', { UriPath: {} }), request({ uri: '/ADMIN/%3CSCRIPT%3E' })), false);
});

test('anchors: ^ and $ are the value ends, $ also before a final newline; (?m) makes them line anchors', () => {
  assert.equal(matches('^ab$', 'ab'), true);
  assert.equal(matches('^ab$', 'ab\n'), true);
  assert.equal(matches('^ab$', 'ab\nc'), false);
  assert.equal(matches('^ab$', 'xab'), false);
  assert.equal(matches('^b$', 'a\nb\nc'), false);
  assert.equal(matches('(?m)^b$', 'a\nb\nc'), true);
  assert.equal(matches('(?m:^b$)', 'a\nb\nc'), true);
  assert.equal(matches('(?m:x)^b$', 'a\nb\nc'), false, '(?m:…) ends with its group');
  assert.equal(matches('ab\\z', 'ab\n'), false);
  assert.equal(matches('ab\\Z', 'ab\n'), true);
  assert.equal(matches('ab\\Z', 'ab\nc'), false);
  assert.equal(matches('\\$5', 'costs $5'), true, 'an escaped $ is a literal');
  assert.equal(matches('[$]5', 'costs $5'), true, 'a $ in a class is a literal');
  assert.equal(matches('a.b', 'a\nb'), false);
  assert.equal(matches('(?s)a.b', 'a\nb'), true);
});

test("PCRE's class escapes keep their PCRE meaning", () => {
  assert.equal(matches('a\\sb', 'a\u000bb'), true, 'PCRE \\s includes VT');
  assert.equal(matches('a\\Sb', 'a\u000bb'), false);
  assert.equal(matches('a\\vb', 'a\nb'), true, 'PCRE \\v is vertical space, not only VT');
  assert.equal(matches('a\\hb', 'a\u00a0b'), true);
  assert.equal(matches('a\\hb', 'a\nb'), false);
  assert.equal(matches('a\\Hb', 'a\nb'), true);
  assert.equal(matches('a[\\h-]b', 'a-b'), true);
  assert.equal(matches('a[^\\H]b', 'a\tb'), true);
  assert.equal(matches('a[^\\H]b', 'axb'), false);
  assert.equal(matches('a\\Nb', 'a\nb'), false);
  assert.equal(matches('a\\eb', 'a\u001bb'), true);
  assert.equal(matches('a(?#comment)b', 'ab'), true);
  assert.equal(matches('\\Q(a+)$\\E', 'x(a+)$y'), true, '\\Q…\\E is literal, its $ included');
  assert.equal(matches('[]a]', ']'), true);
  assert.equal(matches('[[:digit:]]x', '7x'), true);
  assert.equal(matches('\\bexec\\b', 'a exec b'), true);
  assert.equal(matches('\\bexec\\b', 'execute'), false);
  assert.equal(matches('caf\\x{e9}', 'café'), true);
  assert.equal(toRe2Syntax('^/api/v[0-9]+/users$'), '^/api/v[0-9]+/users(?:\\n?\\z)');
});

test('constructs AWS does not support are refused', () => {
  const refused = [
    '(a)\\1', // backreference
    '(?<n>a)\\k<n>',
    'foo(?=bar)', // lookaround
    'foo(?!bar)',
    '(?<=x)y',
    '(?<!x)y',
    '(?>a+)b', // atomic group
    'a++b', // possessive quantifiers
    'a*+b',
    '(?(1)a|b)', // conditional
    '(?R)', // recursion and subroutines
    '(a)(?1)',
    '(*ACCEPT)a', // backtracking control verbs
    'a(*SKIP)b',
    '(?C1)a', // callouts
    'a\\Cb', // \C, \R, \K
    'a\\Rb',
    'a\\Kb',
    'a{1001}', // large quantifiers
    '(?:(?:a{30}){30}){30}',
    '[',
    '(a',
    'a)',
    'a\\',
  ];
  for (const p of refused) assert.throws(() => compileWafRegex(p), WafRegexError, p);
});

test('a pattern whose program is over the limit is refused; one within it compiles', () => {
  assert.ok(compileWafRegex('(?:a|b){300}c'));
  assert.throws(() => compileWafRegex('(?:[ab]|aa){500}c'), /more than 1000 instructions/);
  assert.equal(MAX_PROGRAM_SIZE, 1000);
});

test('backtracking-pathological patterns give the right answer on long inputs', GUARD, () => {
  const as = (n: number) => 'a'.repeat(n);
  assert.equal(matches('(a+)+$', `${as(29)}!`), false);
  assert.equal(matches('(a+)+$', `!${as(10_000)}`), true);
  assert.equal(matches('(a|aa)+$', `${as(5000)}!`), false);
  assert.equal(matches('(a|aa)+$', as(5000)), true);
  assert.equal(matches('(.*a){20}', as(19)), false);
  assert.equal(matches('(.*a){20}', `${'b'.repeat(10_000)}${as(19)}`), false);
  assert.equal(matches('(.*a){20}', as(20)), true);
  assert.equal(matches('(.*a){20}b', `${as(8192)}`), false);
  assert.equal(matches('(x+x+)+y', 'x'.repeat(8192)), false);
  assert.equal(matches('^(\\w+\\s?)*$', `${'word '.repeat(2000)}!`), false);
});

test('through the engine: a pathological URI is answered, and the set matches whatever pattern hits', GUARD, () => {
  const evil = regexOn('^(a+)+$', { UriPath: {} });
  assert.equal(
    blocks(evil, request({ uri: `/${'a'.repeat(29)}` })),
    false,
    'the leading / keeps ^(a+)+$ from matching',
  );
  assert.equal(blocks(regexOn('(a+)+$', { UriPath: {} }), request({ uri: `/${'a'.repeat(29)}!` })), false);
  assert.equal(blocks(regexOn('(a+)+$', { UriPath: {} }), request({ uri: `/${'a'.repeat(29)}` })), true);
  const arn = 'arn:aws:wafv2:us-east-1:111122223333:regional/regexpatternset/r/1';
  const ref: Statement = {
    RegexPatternSetReferenceStatement: {
      ARN: arn,
      FieldToMatch: { QueryString: {} },
      TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
    },
  };
  const sets = resolver({ regexSets: { [arn]: ['(a|aa)+$', '(?i)union\\s+select'] } });
  assert.equal(blocks(ref, request({ query: `q=${'a'.repeat(3000)}!` }), sets), false);
  assert.equal(blocks(ref, request({ query: `q=${'a'.repeat(3000)}` }), sets), true);
  assert.equal(blocks(ref, request({ query: 'id=1%20UNION%09SELECT%20x' }), sets), true);
});

test('a web ACL naming a pattern the engine cannot run fails to compile', () => {
  assert.throws(() => blocks(regexOn('foo(?=bar)', UA), ua('x')), WebAclCompileError);
});
