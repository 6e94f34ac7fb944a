import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAddress } from './addresses.js';
import { isAcceptedRegex } from './regexes.js';

test('CIDRs: version, prefix bounds and IPv6 canonical form', () => {
  assert.equal(normalizeAddress('IPV4', '192.0.2.44/32'), '192.0.2.44/32');
  assert.equal(normalizeAddress('IPV6', '1111:0000:0000:0000:0000:0000:0000:0111/128'), '1111:0:0:0:0:0:0:111/128');
  assert.equal(normalizeAddress('IPV6', '::ffff:192.0.2.1/128'), '0:0:0:0:0:ffff:c000:201/128');
  for (const bad of ['192.0.2.44', '192.0.2.0/0', '192.0.2.0/33', '::1/128', '300.0.0.0/8']) {
    assert.throws(() => normalizeAddress('IPV4', bad), /field: IP_ADDRESS/);
  }
  assert.throws(() => normalizeAddress('IPV6', '10.0.0.0/8'), /field: IP_ADDRESS/);
});

test('regexes: RE2 has no backreferences or lookaround; an escaped backslash is not one', () => {
  assert.equal(isAcceptedRegex('^/admin(/.*)?$'), true);
  assert.equal(isAcceptedRegex('\\\\1'), true);
  assert.equal(isAcceptedRegex('(a)\\1'), false);
  assert.equal(isAcceptedRegex('foo(?=bar)'), false);
  assert.equal(isAcceptedRegex('(?<!x)y'), false);
  assert.equal(isAcceptedRegex('['), false);
  assert.equal(isAcceptedRegex('a'.repeat(201)), false);
});
