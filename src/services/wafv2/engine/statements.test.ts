// Statement and FieldToMatch semantics, evaluated through compileWebAcl/evaluate as the integrator will call them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileWebAcl, evaluate, MemoryRateCounter, WebAclCompileError, type CompiledWebAcl } from './index.js';
import type { InspectedRequest } from '../../../core/traffic.js';
import type { Statement, ReferenceResolver } from './types.js';
import { acl, blockRule, none, request, resolver } from './test-support.js';

const compiled: CompiledWebAcl[] = [];
after(() => compiled.forEach((c) => c.dispose()));

function matches(statement: Statement, req: InspectedRequest, resolve: ReferenceResolver = resolver()): boolean {
  const c = compileWebAcl(acl([blockRule('r', 0, statement)]), resolve);
  compiled.push(c);
  return evaluate(c, req, { rateCounter: new MemoryRateCounter() }).action === 'BLOCK';
}

const byte = (SearchString: string, PositionalConstraint: string, FieldToMatch: object, tt = none): Statement => ({
  ByteMatchStatement: { SearchString, PositionalConstraint, FieldToMatch, TextTransformations: tt },
});

test('ByteMatch positional constraints', () => {
  const ua = (v: string) => request({ headers: [['User-Agent', v]] });
  const f = { SingleHeader: { Name: 'user-agent' } };
  assert.equal(matches(byte('BadBot', 'EXACTLY', f), ua('BadBot')), true);
  assert.equal(matches(byte('BadBot', 'EXACTLY', f), ua('BadBot/1')), false);
  assert.equal(matches(byte('Bad', 'STARTS_WITH', f), ua('BadBot')), true);
  assert.equal(matches(byte('Bot', 'ENDS_WITH', f), ua('BadBot')), true);
  assert.equal(matches(byte('dBo', 'CONTAINS', f), ua('BadBot')), true);
  // AWS's word examples: BadBot; ;BadBot and -BadBot; are words, BadBotX and _BadBot are not.
  for (const yes of ['BadBot', ';BadBot', 'BadBot;', '-BadBot;', 'x BadBot y'])
    assert.equal(matches(byte('BadBot', 'CONTAINS_WORD', f), ua(yes)), true, yes);
  for (const no of ['BadBotX', '_BadBot', 'aBadBot'])
    assert.equal(matches(byte('BadBot', 'CONTAINS_WORD', f), ua(no)), false, no);
  // SearchString may arrive as the blob's bytes.
  const bytes: Statement = {
    ByteMatchStatement: {
      SearchString: new TextEncoder().encode('admin'),
      PositionalConstraint: 'CONTAINS',
      FieldToMatch: { UriPath: {} },
      TextTransformations: none,
    },
  };
  assert.equal(matches(bytes, request({ uri: '/admin/x' })), true);
});

test('transformations apply before matching', () => {
  const s = byte('<script>', 'CONTAINS', { QueryString: {} }, [
    { Priority: 1, Type: 'URL_DECODE' },
    { Priority: 2, Type: 'LOWERCASE' },
  ]);
  assert.equal(matches(s, request({ query: 'q=%3CSCRIPT%3E' })), true);
  assert.equal(matches(byte('<script>', 'CONTAINS', { QueryString: {} }), request({ query: 'q=%3CSCRIPT%3E' })), false);
});

test('RegexMatch and RegexPatternSetReference, with a leading (?i)', () => {
  const s: Statement = {
    RegexMatchStatement: {
      RegexString: '(?i)^/wp-(admin|login)',
      FieldToMatch: { UriPath: {} },
      TextTransformations: none,
    },
  };
  assert.equal(matches(s, request({ uri: '/WP-Login.php' })), true);
  assert.equal(matches(s, request({ uri: '/blog' })), false);
  const arn = 'arn:aws:wafv2:us-east-1:111122223333:regional/regexpatternset/r/1';
  const ref: Statement = {
    RegexPatternSetReferenceStatement: { ARN: arn, FieldToMatch: { Method: {} }, TextTransformations: none },
  };
  assert.equal(
    matches(ref, request({ method: 'DELETE' }), resolver({ regexSets: { [arn]: ['^PUT$', '^DELETE$'] } })),
    true,
  );
  assert.throws(() => matches(ref, request()), WebAclCompileError);
});

test('SqliMatch and XssMatch use libinjection through libddwaf', () => {
  const sqli: Statement = {
    SqliMatchStatement: {
      FieldToMatch: { AllQueryArguments: {} },
      TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
    },
  };
  assert.equal(matches(sqli, request({ query: "id=1'%20OR%20'1'='1" })), true);
  assert.equal(matches(sqli, request({ query: 'id=1%20union%20select%20password%20from%20users' })), true);
  assert.equal(matches(sqli, request({ query: "name=O'Reilly&page=2" })), false);
  const xss: Statement = { XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: none } };
  assert.equal(matches(xss, request({ body: Buffer.from('comment=<script>alert(1)</script>') })), true);
  assert.equal(matches(xss, request({ body: Buffer.from('comment=2 < 3 and 4 > 1') })), false);
});

test('SizeConstraint compares the transformed value size in bytes', () => {
  const s = (op: string, size: number): Statement => ({
    SizeConstraintStatement: {
      FieldToMatch: { UriPath: {} },
      ComparisonOperator: op,
      Size: size,
      TextTransformations: none,
    },
  });
  assert.equal(matches(s('GT', 4), request({ uri: '/abcd' })), true);
  assert.equal(matches(s('GT', 5), request({ uri: '/abcd' })), false);
  assert.equal(matches(s('EQ', 5), request({ uri: '/abcd' })), true);
  assert.equal(matches(s('LE', 4), request({ uri: '/abcd' })), false);
});

test('Body oversize handling and JsonBody scopes, paths and invalid fallback', () => {
  const big = request({ body: Buffer.from('x'.repeat(10)), bodyTruncated: true });
  const body = (OversizeHandling: string): Statement => byte('nomatch', 'CONTAINS', { Body: { OversizeHandling } });
  assert.equal(matches(body('MATCH'), big), true);
  assert.equal(matches(body('NO_MATCH'), big), false);
  assert.equal(matches(body('CONTINUE'), big), false);
  const json = (scope: string, extra: object = {}): Statement =>
    byte('secret', 'EXACTLY', { JsonBody: { MatchPattern: { All: {} }, MatchScope: scope, ...extra } });
  const doc = request({ body: Buffer.from('{"user":{"secret":"x"},"list":["secret"]}') });
  assert.equal(matches(json('KEY'), doc), true);
  assert.equal(matches(json('VALUE'), doc), true);
  assert.equal(matches(json('VALUE'), request({ body: Buffer.from('{"secret":"x"}') })), false);
  const paths: Statement = byte('x', 'EXACTLY', {
    JsonBody: { MatchPattern: { IncludedPaths: ['/user'] }, MatchScope: 'VALUE' },
  });
  assert.equal(matches(paths, doc), true);
  const other: Statement = byte('x', 'EXACTLY', {
    JsonBody: { MatchPattern: { IncludedPaths: ['/list'] }, MatchScope: 'VALUE' },
  });
  assert.equal(matches(other, doc), false);
  const broken = request({ body: Buffer.from('{"a":"secret", oops') });
  assert.equal(matches(json('VALUE'), broken), true, 'unset: tokens up to the first failure');
  assert.equal(matches(json('ALL', { InvalidFallbackBehavior: 'NO_MATCH' }), broken), false);
  assert.equal(
    matches(json('ALL', { InvalidFallbackBehavior: 'MATCH' }), request({ body: Buffer.from('nope') })),
    true,
  );
  const asString = byte('oops', 'CONTAINS', {
    JsonBody: { MatchPattern: { All: {} }, MatchScope: 'ALL', InvalidFallbackBehavior: 'EVALUATE_AS_STRING' },
  });
  assert.equal(matches(asString, broken), true);
});

test('Headers, Cookies, query arguments, method and header order', () => {
  const req = request({
    method: 'POST',
    query: 'Action=Go&x=1',
    headers: [
      ['Host', 'h'],
      ['X-Api', 'k1'],
      ['Cookie', 'session=abc; theme=dark'],
    ],
  });
  const headers = (MatchScope: string, MatchPattern: object, s: string) =>
    byte(s, 'EXACTLY', { Headers: { MatchPattern, MatchScope, OversizeHandling: 'CONTINUE' } });
  assert.equal(matches(headers('KEY', { All: {} }, 'X-Api'), req), true);
  assert.equal(matches(headers('VALUE', { All: {} }, 'X-Api'), req), false);
  assert.equal(matches(headers('VALUE', { IncludedHeaders: ['x-api'] }, 'k1'), req), true);
  assert.equal(matches(headers('VALUE', { ExcludedHeaders: ['X-API'] }, 'k1'), req), false);
  const cookies = (MatchScope: string, MatchPattern: object, s: string) =>
    byte(s, 'EXACTLY', { Cookies: { MatchPattern, MatchScope, OversizeHandling: 'CONTINUE' } });
  assert.equal(matches(cookies('VALUE', { IncludedCookies: ['theme'] }, 'dark'), req), true);
  assert.equal(matches(cookies('KEY', { ExcludedCookies: ['session'] }, 'session'), req), false);
  assert.equal(matches(byte('Go', 'EXACTLY', { SingleQueryArgument: { Name: 'action' } }), req), true);
  assert.equal(matches(byte('1', 'EXACTLY', { AllQueryArguments: {} }), req), true);
  assert.equal(matches(byte('POST', 'EXACTLY', { Method: {} }), req), true);
  assert.equal(
    matches(byte('Host:X-Api:Cookie', 'EXACTLY', { HeaderOrder: { OversizeHandling: 'CONTINUE' } }), req),
    true,
  );
  const many = request({ headers: Array.from({ length: 201 }, (_, i) => [`h${i}`, 'v'] as const) });
  assert.equal(matches(headers('KEY', { All: {} }, 'none'), many), false);
  assert.equal(
    matches(
      byte('none', 'EXACTLY', { Headers: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'MATCH' } }),
      many,
    ),
    true,
  );
});

test('UriFragment and JA3/JA4 are never present: their FallbackBehavior decides', () => {
  assert.equal(matches(byte('x', 'EXACTLY', { UriFragment: { FallbackBehavior: 'MATCH' } }), request()), true);
  assert.equal(matches(byte('x', 'EXACTLY', { UriFragment: {} }), request()), false);
  assert.equal(matches(byte('x', 'EXACTLY', { JA3Fingerprint: { FallbackBehavior: 'NO_MATCH' } }), request()), false);
  assert.equal(matches(byte('x', 'EXACTLY', { JA4Fingerprint: { FallbackBehavior: 'MATCH' } }), request()), true);
});

test('IPSetReference on the peer address and on a forwarded header (FIRST, LAST, ANY, fallback)', () => {
  const arn = 'arn:aws:wafv2:us-east-1:111122223333:regional/ipset/s/1';
  const r = resolver({ ipSets: { [arn]: ['127.0.0.2/32', '10.0.0.0/8'] } });
  assert.equal(matches({ IPSetReferenceStatement: { ARN: arn } }, request({ clientIp: '127.0.0.2' }), r), true);
  assert.equal(matches({ IPSetReferenceStatement: { ARN: arn } }, request({ clientIp: '127.0.0.3' }), r), false);
  const fwd = (Position: string, FallbackBehavior = 'NO_MATCH'): Statement => ({
    IPSetReferenceStatement: {
      ARN: arn,
      IPSetForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior, Position },
    },
  });
  const xff = request({ clientIp: '1.1.1.1', headers: [['X-Forwarded-For', '192.0.2.1, 10.1.2.3']] });
  assert.equal(matches(fwd('FIRST'), xff, r), false);
  assert.equal(matches(fwd('LAST'), xff, r), true);
  assert.equal(matches(fwd('ANY'), xff, r), true);
  assert.equal(matches(fwd('FIRST', 'MATCH'), request({ clientIp: '1.1.1.1' }), r), true);
  assert.equal(matches(fwd('FIRST', 'MATCH'), request({ headers: [['X-Forwarded-For', 'garbage']] }), r), true);
});

test('And, Or, Not', () => {
  const get = byte('GET', 'EXACTLY', { Method: {} });
  const admin = byte('/admin', 'STARTS_WITH', { UriPath: {} });
  const req = request({ uri: '/admin/x' });
  assert.equal(matches({ AndStatement: { Statements: [get, admin] } }, req), true);
  assert.equal(matches({ AndStatement: { Statements: [get, { NotStatement: { Statement: admin } }] } }, req), false);
  assert.equal(matches({ OrStatement: { Statements: [{ NotStatement: { Statement: get } }, admin] } }, req), true);
});

test('Geo and ASN matching without a database are refused at compile time; with one they match', () => {
  const geo: Statement = { GeoMatchStatement: { CountryCodes: ['FR'] } };
  assert.throws(() => matches(geo, request()), /geolocation database/);
  const db = {
    country: (ip: string) => (ip === '127.0.0.2' ? 'FR' : 'US'),
    asn: (ip: string) => (ip === '127.0.0.2' ? 64500 : undefined),
  };
  const c = compileWebAcl(
    acl([blockRule('g', 0, geo), blockRule('a', 1, { AsnMatchStatement: { AsnList: [64500] } })]),
    resolver(),
    { geo: db },
  );
  compiled.push(c);
  assert.equal(evaluate(c, request(), { rateCounter: new MemoryRateCounter() }).terminatingRuleId, 'g');
  assert.equal(
    evaluate(c, request({ clientIp: '127.0.0.3' }), { rateCounter: new MemoryRateCounter() }).action,
    'ALLOW',
  );
});

test('every injection probe is answered from one libddwaf run, several matching at once', () => {
  const sqli: Statement = {
    SqliMatchStatement: {
      FieldToMatch: { QueryString: {} },
      TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
    },
  };
  const xss: Statement = { XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: none } };
  const both = request({ query: "id=1'%20OR%20'1'='1", body: Buffer.from('<script>alert(1)</script>') });
  assert.equal(matches({ AndStatement: { Statements: [sqli, xss] } }, both), true);
  assert.equal(matches({ AndStatement: { Statements: [xss, sqli] } }, both), true);
  assert.equal(
    matches({ AndStatement: { Statements: [sqli, xss] } }, request({ query: "id=1'%20OR%20'1'='1" })),
    false,
  );
});
