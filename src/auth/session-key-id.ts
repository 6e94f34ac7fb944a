// Temporary access key ids (ASIA...) that carry their account, laid out as AWS lays out its key ids.
import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const PREFIX = 'ASIA';
/** Ten bytes after the prefix: sixteen base32 characters. */
const BODY_BYTES = 10;
const ACCOUNT_SHIFT = 7n;
const ACCOUNT_MASK = 0xffffffffffn; // 40 bits: every 12-digit account id fits
const TOP_BIT = 1n << 47n;

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | undefined {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const digit = BASE32.indexOf(ch);
    if (digit < 0) return undefined;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return Buffer.from(out);
}

/**
 * A new `ASIA` key id for a session of `accountId`. AWS key ids hold the owning account in bits 46..7 of the first
 * six bytes after the prefix (what GetAccessKeyInfo and public decoders read); Warden's session key ids do the
 * same, so the account of a session key is known without storing the key anywhere. The other 39 bits are random.
 */
export function newSessionAccessKeyId(accountId: string): string {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`not an account id: ${accountId}`);
  const body = randomBytes(BODY_BYTES);
  const low7 = BigInt(body[5]! & 0x7f); // body holds BODY_BYTES (10) bytes
  const head = TOP_BIT | (BigInt(accountId) << ACCOUNT_SHIFT) | low7;
  for (let i = 0; i < 6; i++) body[i] = Number((head >> BigInt(8 * (5 - i))) & 0xffn);
  return PREFIX + base32(body);
}

/** The account id encoded in an access key id of AWS's current format, or undefined if it is not one. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!/^A[A-Z0-9]{3}[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  const body = unbase32(accessKeyId.slice(4));
  if (!body || body.length < 6) return undefined;
  let head = 0n;
  for (let i = 0; i < 6; i++) head = (head << 8n) | BigInt(body[i]!); // body.length >= 6, checked above
  const account = (head >> ACCOUNT_SHIFT) & ACCOUNT_MASK;
  return account.toString().padStart(12, '0');
}
