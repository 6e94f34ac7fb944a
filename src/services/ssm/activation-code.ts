// Activation codes: 20 random characters shown once; only their scrypt hash is kept.
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';

/** 15 random bytes as base64: 20 characters (120 bits), the length and alphabet of AWS's codes. */
export function newActivationCode(): string {
  return randomBytes(15).toString('base64');
}

export function hashActivationCode(code: string): Promise<string> {
  return hashPassword(code);
}

/** Constant-time comparison against the stored hash; a code longer than AWS allows never matches. */
export async function activationCodeMatches(code: string, hash: string): Promise<boolean> {
  if (code.length < 20 || code.length > 250) return false;
  return verifyPassword(code, hash);
}
