// TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps) for virtual MFA devices, via otpauth; seeds, codes and the QR code.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

export const TOTP_PERIOD_MS = 30_000;

/** AWS's virtual MFA seeds are 40 random bytes: 64 characters of base32. */
export const SEED_BYTES = 40;

export function newSeed(): Buffer {
  return randomBytes(SEED_BYTES);
}

function secretOf(seed: Uint8Array): Secret {
  // A copy: a Buffer may be a view into a larger shared pool.
  return new Secret({ buffer: new Uint8Array(seed).buffer });
}

/** The seed as authenticator apps take it: RFC 4648 base32, no padding. */
export function base32Seed(seed: Uint8Array): string {
  return secretOf(seed).base32;
}

/** The TOTP time step at a moment (epoch milliseconds). */
export function stepAt(ms: number): number {
  return Math.floor(ms / TOTP_PERIOD_MS);
}

/** The 6-digit code of one time step. */
export function codeForStep(seed: Uint8Array, step: number): string {
  return TOTP.generate({ secret: secretOf(seed), timestamp: step * TOTP_PERIOD_MS });
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The step within [first, last] whose code is `code` (the latest, if several match), or undefined. */
export function findStep(seed: Uint8Array, code: string, first: number, last: number): number | undefined {
  let found: number | undefined;
  // Every candidate is computed and compared, matched or not, so the time taken says nothing about the code.
  for (let step = first; step <= last; step++) {
    if (sameCode(codeForStep(seed, step), code)) found = step;
  }
  return found;
}

/**
 * The step t within [first, last] where code2 is the code of t and code1 the code of t - 1 (two consecutive codes
 * read off the device, as EnableMFADevice and ResyncMFADevice take them), or undefined.
 */
export function findConsecutiveCodes(
  seed: Uint8Array,
  code1: string,
  code2: string,
  first: number,
  last: number,
): number | undefined {
  let found: number | undefined;
  for (let step = first; step <= last; step++) {
    const second = sameCode(codeForStep(seed, step), code2);
    const previous = sameCode(codeForStep(seed, step - 1), code1);
    if (second && previous) found = step;
  }
  return found;
}

/**
 * The otpauth:// URI IAM's QR code carries: otpauth://totp/<device name>@<account alias or id>?secret=<base32>
 * (with the RFC 6238 defaults spelled out, which every authenticator app reads).
 */
export function otpauthUri(deviceName: string, accountLabel: string, seed: Uint8Array): string {
  return new TOTP({ issuer: '', label: `${deviceName}@${accountLabel}`, secret: secretOf(seed) }).toString();
}

/** A PNG image of the QR code for uri. */
export function qrCodePng(uri: string): Promise<Buffer> {
  return QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M' });
}
