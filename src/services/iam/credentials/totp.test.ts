// TOTP for virtual MFA: RFC 6238's test vector, consecutive-code search, the seed's base32 and the QR code image.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP, URI } from 'otpauth';
import {
  SEED_BYTES,
  base32Seed,
  codeForStep,
  findConsecutiveCodes,
  findStep,
  newSeed,
  otpauthUri,
  qrCodePng,
  stepAt,
} from './totp.js';

/** RFC 6238 appendix B's SHA-1 seed; at T = 59 s (step 1) the 8-digit code is 94287082. */
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');

describe('totp', () => {
  test("codes match RFC 6238's SHA-1 test vector (last six digits)", () => {
    assert.equal(stepAt(59_000), 1);
    assert.equal(codeForStep(RFC_SEED, 1), '287082');
    assert.equal(codeForStep(RFC_SEED, stepAt(1_111_111_109_000)), '081804');
  });

  test('seeds are 40 random bytes, handed out as 64 base32 characters an authenticator reads back', () => {
    const seed = newSeed();
    assert.equal(seed.length, SEED_BYTES);
    assert.notDeepEqual(seed, newSeed());
    const base32 = base32Seed(seed);
    assert.match(base32, /^[A-Z2-7]{64}$/);
    const app = TOTP.generate({ secret: Secret.fromBase32(base32), timestamp: 1_700_000_000_000 });
    assert.equal(app, codeForStep(seed, stepAt(1_700_000_000_000)));
  });

  test('findStep finds the step of a code within the window only', () => {
    const seed = newSeed();
    assert.equal(findStep(seed, codeForStep(seed, 100), 99, 101), 100);
    assert.equal(findStep(seed, codeForStep(seed, 103), 99, 101), undefined);
  });

  test('findConsecutiveCodes needs the code of step t - 1 then the code of t', () => {
    const seed = newSeed();
    const [a, b, c] = [codeForStep(seed, 50), codeForStep(seed, 51), codeForStep(seed, 52)];
    assert.equal(findConsecutiveCodes(seed, a, b, 48, 53), 51);
    assert.equal(findConsecutiveCodes(seed, b, c, 48, 53), 52);
    assert.equal(findConsecutiveCodes(seed, b, a, 48, 53), undefined, 'reversed');
    assert.equal(findConsecutiveCodes(seed, a, c, 48, 53), undefined, 'a step skipped');
    assert.equal(findConsecutiveCodes(seed, a, b, 52, 60), undefined, 'outside the window');
  });

  test('the otpauth URI names the device and the account and carries the seed', () => {
    const seed = newSeed();
    const uri = otpauthUri('alice-phone', '123456789012', seed);
    assert.match(uri, /^otpauth:\/\/totp\/alice-phone%40123456789012\?/);
    const parsed = URI.parse(uri) as TOTP;
    assert.equal(parsed.label, 'alice-phone@123456789012');
    assert.equal(parsed.secret.base32, base32Seed(seed));
    assert.equal(parsed.digits, 6);
    assert.equal(parsed.period, 30);
  });

  test('the QR code is a PNG image', async () => {
    const png = await qrCodePng('otpauth://totp/x@1?secret=ABC');
    assert.deepEqual(png.subarray(0, 8), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
    const width = png.readUInt32BE(16);
    assert.ok(width >= 100, `width ${width}`);
  });
});
