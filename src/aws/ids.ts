// Identifiers in AWS's formats: account ids, access key ids, secrets, unique principal ids, request ids.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomString(alphabet: string, length: number): string {
  // Rejection-free: every alphabet here has a length that divides 256 or is sampled with randomInt.
  let out = '';
  if (256 % alphabet.length === 0) {
    const bytes = randomBytes(length);
    for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  } else {
    for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  }
  return out;
}

/** A random 12-digit account id that does not start with 0 (AWS's never do). */
export function newAccountId(): string {
  return String(randomInt(1, 10)) + String(randomInt(0, 1e11)).padStart(11, '0');
}

export type AccessKeyPrefix = 'AKIA' | 'ASIA';

/** 20 characters: the prefix then 16 of the base32 alphabet, as AWS issues them. */
export function newAccessKeyId(prefix: AccessKeyPrefix = 'AKIA'): string {
  return prefix + randomString(BASE32, 16);
}

/** 40 characters of the base64 alphabet, as AWS secret access keys are. */
export function newSecretAccessKey(): string {
  return randomString(SECRET_ALPHABET, 40);
}

export type UniqueIdPrefix = 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'AIPA' | 'ANVA' | 'ASCA';

/** 21 characters: the entity prefix then 17 upper-case letters and digits (AIDA..., AROA..., ...). */
export function newUniqueId(prefix: UniqueIdPrefix): string {
  return prefix + randomString(UPPER_ALNUM, 17);
}

export function newRequestId(): string {
  return randomUUID();
}
