// SSH public keys as IAM takes them: ssh-rsa (OpenSSH's one-line format) or PEM, RSA of at least 2048 bits, with
// the MD5 fingerprint of the OpenSSH wire form. node:crypto parses and checks the key; only the OpenSSH framing
// (length-prefixed strings) is read here, with bounds checks.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { invalidPublicKey, unrecognizedPublicKeyEncoding } from '../errors.js';

/** IAM's documented floor for uploaded SSH keys. */
export const MIN_RSA_BITS = 2048;
/** Above this a modulus is refused before node:crypto sees it (16384 is OpenSSH's own limit for RSA). */
const MAX_RSA_BITS = 16384;
const RSA_TYPE = 'ssh-rsa';

export interface ParsedSshKey {
  /** The OpenSSH wire form: string "ssh-rsa", mpint e, mpint n. */
  blob: Buffer;
  /** MD5 of the blob, colon-separated lower-case hex, as `ssh-keygen -l -E md5` shows it. */
  fingerprint: string;
}

const INVALID = 'The public key is malformed or otherwise invalid.';

/** Reads the length-prefixed fields of an OpenSSH key blob; any overrun or leftover byte is an invalid key. */
function readFields(blob: Buffer, count: number): Buffer[] {
  const fields: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 4 > blob.length) throw invalidPublicKey(INVALID);
    const length = blob.readUInt32BE(at);
    at += 4;
    if (length > blob.length - at) throw invalidPublicKey(INVALID);
    fields.push(blob.subarray(at, at + length));
    at += length;
  }
  if (at !== blob.length) throw invalidPublicKey(INVALID);
  return fields;
}

/** An SSH mpint as the unsigned big-endian integer JWK wants: positive, without leading zero bytes. */
function unsignedMpint(value: Buffer): Buffer {
  if (value.length === 0 || (value[0]! & 0x80) !== 0) throw invalidPublicKey(INVALID);
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  return value.subarray(start);
}

function mpint(unsigned: Buffer): Buffer {
  return (unsigned[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), unsigned]) : unsigned;
}

function sshString(value: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return Buffer.concat([length, value]);
}

/** The OpenSSH wire form of an RSA public key. */
export function rsaBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const e = Buffer.from(jwk.e!, 'base64url');
  const n = Buffer.from(jwk.n!, 'base64url');
  return Buffer.concat([sshString(Buffer.from(RSA_TYPE)), sshString(mpint(e)), sshString(mpint(n))]);
}

function fromOpenSsh(base64: string): KeyObject {
  const blob = Buffer.from(base64, 'base64');
  // Base64 that does not round-trip (stray characters, bad padding) is not the key the caller meant.
  if (blob.toString('base64') !== base64) throw invalidPublicKey(INVALID);
  const [type, e, n] = readFields(blob, 3) as [Buffer, Buffer, Buffer];
  if (type.toString('latin1') !== RSA_TYPE) throw invalidPublicKey(INVALID);
  const modulus = unsignedMpint(n);
  if (modulus.length * 8 > MAX_RSA_BITS) throw invalidPublicKey(INVALID);
  const jwk = { kty: 'RSA', n: modulus.toString('base64url'), e: unsignedMpint(e).toString('base64url') };
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw invalidPublicKey(INVALID);
  }
}

function fromPem(pem: string): KeyObject {
  // Only public keys: createPublicKey would also derive one from a private key, which nobody should upload.
  const label = /^-----BEGIN ((?:RSA )?PUBLIC KEY)-----/.exec(pem)?.[1];
  if (label === undefined) throw unrecognizedPublicKeyEncoding();
  try {
    return createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw invalidPublicKey(INVALID);
  }
}

/** Parses an uploaded key (ssh-rsa or PEM), refusing any other encoding, any non-RSA key and short moduli. */
export function parseSshPublicKey(body: string): ParsedSshKey {
  const text = body.trim();
  let key: KeyObject;
  if (text.startsWith('-----BEGIN ')) {
    key = fromPem(text);
  } else {
    // `<type> <base64> [comment]`: IAM takes the ssh-rsa type only (no ssh-ed25519, no ecdsa-sha2-*).
    const m = /^(\S+) +([A-Za-z0-9+/]+={0,2})(?: .*)?$/.exec(text);
    if (!m || m[1] !== RSA_TYPE) throw unrecognizedPublicKeyEncoding();
    key = fromOpenSsh(m[2]!);
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalidPublicKey(INVALID);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw invalidPublicKey(`The public key must be at least ${MIN_RSA_BITS} bits long.`);
  }
  const blob = rsaBlob(key);
  return { blob, fingerprint: md5Fingerprint(blob) };
}

export function md5Fingerprint(blob: Buffer): string {
  return createHash('md5')
    .update(blob)
    .digest('hex')
    .replace(/(..)(?!$)/g, '$1:');
}

/** The key in the encoding GetSSHPublicKey asks for: `ssh-rsa <base64>` or an SPKI PEM block. */
export function encodeSshKey(blob: Buffer, encoding: 'SSH' | 'PEM'): string {
  if (encoding === 'SSH') return `${RSA_TYPE} ${blob.toString('base64')}`;
  const [, e, n] = readFields(blob, 3) as [Buffer, Buffer, Buffer];
  const key = createPublicKey({
    key: { kty: 'RSA', n: unsignedMpint(n).toString('base64url'), e: unsignedMpint(e).toString('base64url') },
    format: 'jwk',
  });
  return key.export({ type: 'spki', format: 'pem' }).toString();
}
