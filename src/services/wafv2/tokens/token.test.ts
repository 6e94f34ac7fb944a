// aws-waf-token: signing, verification, expiry by immunity time, domain rules, tampering and malformed cookies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkToken,
  MAX_TOKEN_CHARS,
  readToken,
  signToken,
  tokenCookie,
  tokenDomainOf,
  tokenLabels,
  type WafToken,
} from './token.js';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);
const NOW = 1_800_000_000;
const base: WafToken = { domain: 'shop.example.com', challengeAt: NOW - 100, captchaAt: 0, id: 'AAAAAAAAAAAAAAAA' };
const ctx = { host: 'shop.example.com', tokenDomains: [] as string[], nowSec: NOW };

test('a signed token reads back as it was signed', () => {
  const read = readToken(key, signToken(key, base));
  assert.deepEqual(read, { kind: 'valid', token: base });
});

test('a token signed under another key, or altered anywhere, is invalid', () => {
  assert.deepEqual(readToken(otherKey, signToken(key, base)), { kind: 'invalid' });
  const good = signToken(key, base);
  const [payload, mac] = good.split('.') as [string, string];
  const forged = Buffer.from(
    Buffer.from(payload, 'base64url')
      .toString()
      .replace(`${NOW - 100}`, `${NOW + 10_000}`),
  ).toString('base64url');
  assert.deepEqual(readToken(key, `${forged}.${mac}`), { kind: 'invalid' });
  const flipped = mac.startsWith('A') ? `B${mac.slice(1)}` : `A${mac.slice(1)}`;
  assert.deepEqual(readToken(key, `${payload}.${flipped}`), { kind: 'invalid' });
  assert.deepEqual(readToken(key, `${payload}.${mac.slice(0, -2)}`), { kind: 'invalid' });
});

test('malformed and oversized cookie values are invalid, an empty one absent, and none throws', () => {
  for (const v of [
    'x',
    '.',
    'a.b.c',
    'abc.',
    '.abc',
    '!!.??',
    'a'.repeat(MAX_TOKEN_CHARS + 1),
    `${'A'.repeat(40)}.${'B'.repeat(43)}`,
  ])
    assert.deepEqual(readToken(key, v), { kind: 'invalid' }, v.slice(0, 20));
  assert.deepEqual(readToken(key, undefined), { kind: 'absent' });
  assert.deepEqual(readToken(key, ''), { kind: 'absent' });
  // A correctly signed payload of the wrong shape is refused too.
  const sign = (payload: string) =>
    `${Buffer.from(payload).toString('base64url')}.${signToken(key, base).split('.')[1]}`;
  assert.deepEqual(readToken(key, sign('2|x|1|1|AAAAAAAAAAAAAAAA')), { kind: 'invalid' });
});

test('the challenge timestamp expires after the immunity time; a CAPTCHA solve also satisfies a challenge', () => {
  const read = readToken(key, signToken(key, base));
  assert.deepEqual(checkToken(read, 'CHALLENGE', 300, ctx), { status: 'accepted', solvedAt: NOW - 100 });
  assert.deepEqual(checkToken(read, 'CHALLENGE', 60, ctx), { status: 'rejected', reason: 'expired' });
  assert.deepEqual(checkToken(read, 'CHALLENGE', 300, { ...ctx, nowSec: NOW + 201 }), {
    status: 'rejected',
    reason: 'expired',
  });
  assert.deepEqual(checkToken(read, 'CAPTCHA', 300, ctx), { status: 'rejected', reason: 'not_solved' });
  const captcha = readToken(key, signToken(key, { ...base, challengeAt: 0, captchaAt: NOW - 10 }));
  assert.equal(checkToken(captcha, 'CAPTCHA', 60, ctx).status, 'accepted');
  assert.equal(checkToken(captcha, 'CHALLENGE', 300, ctx).status, 'accepted');
  assert.deepEqual(checkToken(captcha, 'CAPTCHA', 60, { ...ctx, nowSec: NOW + 51 }), {
    status: 'rejected',
    reason: 'expired',
  });
});

test('a timestamp from the future beyond clock skew is invalid', () => {
  const read = readToken(key, signToken(key, { ...base, challengeAt: NOW + 3600 }));
  assert.deepEqual(checkToken(read, 'CHALLENGE', 300, ctx), { status: 'rejected', reason: 'invalid' });
});

test('the token domain must be the host, or a TokenDomains entry or its subdomain', () => {
  const read = readToken(key, signToken(key, base));
  assert.deepEqual(checkToken(read, 'CHALLENGE', 300, { ...ctx, host: 'evil.example.net' }), {
    status: 'rejected',
    reason: 'domain_mismatch',
  });
  assert.equal(
    checkToken(read, 'CHALLENGE', 300, { ...ctx, host: 'api.example.com', tokenDomains: ['example.com'] }).status,
    'accepted',
  );
  assert.equal(
    checkToken(read, 'CHALLENGE', 300, { ...ctx, host: 'api.example.com', tokenDomains: ['ample.com'] }).status,
    'rejected',
  );
});

test('labels follow AWS: token: for challenge checks, captcha: for CAPTCHA checks, reason labels with rejected', () => {
  assert.deepEqual(tokenLabels('CHALLENGE', { status: 'accepted', solvedAt: 1 }), ['awswaf:managed:token:accepted']);
  assert.deepEqual(tokenLabels('CAPTCHA', { status: 'absent' }), ['awswaf:managed:captcha:absent']);
  assert.deepEqual(tokenLabels('CAPTCHA', { status: 'rejected', reason: 'expired' }), [
    'awswaf:managed:captcha:rejected',
    'awswaf:managed:captcha:rejected:expired',
  ]);
});

test('the cookie is found among several Cookie headers; the host loses its port', () => {
  assert.equal(tokenCookie([['Cookie', 'a=1; aws-waf-token=abc.def; b=2']]), 'abc.def');
  assert.equal(
    tokenCookie([
      ['cookie', 'a=1'],
      ['COOKIE', ' aws-waf-token=x.y'],
    ]),
    'x.y',
  );
  assert.equal(tokenCookie([['Cookie', 'not-aws-waf-token=1']]), undefined);
  assert.equal(tokenDomainOf('Shop.Example.com:8080'), 'shop.example.com');
  assert.equal(tokenDomainOf('[::1]:80'), '[::1]');
  assert.equal(tokenDomainOf('bad host'), '');
  assert.equal(tokenDomainOf(undefined), '');
});
