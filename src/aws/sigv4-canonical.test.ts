// Tests for the SigV4 canonical request pieces and the string to sign.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  buildCanonicalRequest,
  buildStringToSign,
  canonicalHeaderValue,
  canonicalQueryString,
  canonicalUri,
  queryDecode,
  sha256Hex,
  uriEncode,
} from './sigv4-canonical.js';
import { deriveSigningKey } from './sigv4-key-cache.js';

describe('uriEncode', () => {
  test('leaves only the unreserved characters alone', () => {
    assert.equal(uriEncode('AZaz09-._~'), 'AZaz09-._~');
    assert.equal(
      uriEncode(' !"#$%&\'()*+,/:;=?@[]'),
      '%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D',
    );
    assert.equal(uriEncode('a/b c', true), 'a/b%20c');
  });

  test('encodes the UTF-8 bytes with upper-case hex', () => {
    assert.equal(uriEncode('é'), '%C3%A9');
    assert.equal(uriEncode('😀'), '%F0%9F%98%80');
  });
});

describe('queryDecode', () => {
  test('decodes escapes and form-encoded spaces', () => {
    assert.equal(queryDecode('a%20b+c%2B'), 'a b c+');
    assert.equal(queryDecode('%C3%A9'), 'é');
  });

  test('keeps malformed escapes as text', () => {
    assert.equal(queryDecode('100%'), '100%');
    assert.equal(queryDecode('%zz%41'), '%zzA');
    assert.equal(queryDecode('%E9'), '\uFFFD');
  });
});

describe('canonicalUri', () => {
  test('the root', () => {
    assert.equal(canonicalUri('/'), '/');
    assert.equal(canonicalUri(''), '/');
  });

  test('encodes the received path once more', () => {
    assert.equal(canonicalUri('/detector/abc%20def/x'), '/detector/abc%2520def/x');
    assert.equal(canonicalUri('/a%2Fb'), '/a%252Fb');
    assert.equal(canonicalUri('/a:b@c'), '/a%3Ab%40c');
  });

  test('normalises empty and dot segments, keeping a trailing slash', () => {
    assert.equal(canonicalUri('//a//b/'), '/a/b/');
    assert.equal(canonicalUri('/a/./b/../c'), '/a/c');
    assert.equal(canonicalUri('/../..'), '/');
    assert.equal(canonicalUri('/a/..'), '/');
    assert.equal(canonicalUri('/.well-known/x'), '/.well-known/x');
  });
});

describe('canonicalQueryString', () => {
  test('sorts by name then value and re-encodes', () => {
    assert.equal(canonicalQueryString('b=2&a=z&a=y&A=1', false), 'A=1&a=y&a=z&b=2');
    assert.equal(canonicalQueryString('k=a+b&j=%7e&i=!', false), 'i=%21&j=~&k=a%20b');
    assert.equal(canonicalQueryString('flag&x=', false), 'flag=&x=');
    assert.equal(canonicalQueryString('', false), '');
    assert.equal(canonicalQueryString('a=1&&b=2', false), 'a=1&b=2');
  });

  test('sorts by the encoded form, byte order', () => {
    // '%2A' (encoded '*') sorts before 'A'; 'Z' before 'a'.
    assert.equal(canonicalQueryString('a=1&Z=1&*=1', false), '%2A=1&Z=1&a=1');
  });

  test('leaves out X-Amz-Signature only for presigned requests', () => {
    const raw = 'X-Amz-Signature=abc&Action=Get&X-Amz-Date=20261128T000000Z';
    assert.equal(canonicalQueryString(raw, true), 'Action=Get&X-Amz-Date=20261128T000000Z');
    assert.equal(canonicalQueryString(raw, false), 'Action=Get&X-Amz-Date=20261128T000000Z&X-Amz-Signature=abc');
  });
});

test('canonicalHeaderValue trims and folds whitespace', () => {
  assert.equal(canonicalHeaderValue('plain value'), 'plain value');
  assert.equal(canonicalHeaderValue('  a   b \t c  '), 'a b c');
  assert.equal(canonicalHeaderValue('a\n b'), 'a b');
});

test('sha256Hex of the empty body is the well-known constant', () => {
  assert.equal(sha256Hex(Buffer.alloc(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test("AWS's published get-vanilla example signs to its published signature", () => {
  // From the SigV4 test suite AWS published: GET / on example.amazonaws.com, service "service".
  const canonical = buildCanonicalRequest({
    method: 'GET',
    rawPath: '/',
    rawQuery: '',
    headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
    signedHeaders: ['host', 'x-amz-date'],
    payloadHash: sha256Hex(Buffer.alloc(0)),
    presigned: false,
  });
  assert.equal(
    canonical,
    'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  const stringToSign = buildStringToSign('20150830T123600Z', '20150830/us-east-1/service/aws4_request', canonical);
  assert.equal(
    stringToSign,
    'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n' +
      'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
  );
  const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'service');
  assert.equal(
    createHmac('sha256', key).update(stringToSign).digest('hex'),
    '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  );
});

test('signed header names are looked up on the headers themselves, never their prototype', () => {
  const canonical = buildCanonicalRequest({
    method: 'get',
    rawPath: '/',
    rawQuery: '',
    headers: { host: 'h' },
    signedHeaders: ['constructor', 'host', 'missing'],
    payloadHash: 'p',
    presigned: false,
  });
  assert.equal(canonical, 'GET\n/\n\nconstructor:\nhost:h\nmissing:\n\nconstructor;host;missing\np');
});
