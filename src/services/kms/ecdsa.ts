// ECDSA over a precomputed digest (KMS MessageType DIGEST), which node:crypto cannot do: curve arithmetic in
// BigInt (Jacobian coordinates), signatures DER-encoded as KMS returns them.
import { randomBytes, type KeyObject } from 'node:crypto';

interface Curve {
  p: bigint;
  a: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
}

const h = (hex: string): bigint => BigInt(`0x${hex}`);

/** Curve parameters (SEC 2 / FIPS 186-4) by the curve names node:crypto reports. */
const CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: {
    p: h('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    a: h('ffffffff00000001000000000000000000000000fffffffffffffffffffffffc'),
    n: h('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    gx: h('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
    gy: h('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
  },
  secp384r1: {
    p: h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff'),
    a: h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc'),
    n: h('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
    gx: h('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
    gy: h('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f'),
  },
  secp521r1: {
    p: (1n << 521n) - 1n,
    a: (1n << 521n) - 4n,
    n: h(
      '01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    ),
    gx: h(
      '00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66',
    ),
    gy: h(
      '011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650',
    ),
  },
  secp256k1: {
    p: h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f'),
    a: 0n,
    n: h('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'),
    gx: h('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'),
    gy: h('483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8'),
  },
};

type Jacobian = [bigint, bigint, bigint];
const INFINITY: Jacobian = [0n, 1n, 0n];

const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** Inverse modulo a prime (Fermat). */
const inv = (a: bigint, m: bigint): bigint => modPow(a, m - 2n, m);

function double(c: Curve, [x, y, z]: Jacobian): Jacobian {
  if (z === 0n || y === 0n) return INFINITY;
  const { p } = c;
  const y2 = (y * y) % p;
  const s = (4n * x * y2) % p;
  const z2 = (z * z) % p;
  const m = mod(3n * x * x + c.a * z2 * z2, p);
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * y2 * y2, p);
  return [x3, y3, (2n * y * z) % p];
}

function add(c: Curve, a: Jacobian, b: Jacobian): Jacobian {
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const { p } = c;
  const z1z1 = (a[2] * a[2]) % p;
  const z2z2 = (b[2] * b[2]) % p;
  const u1 = (a[0] * z2z2) % p;
  const u2 = (b[0] * z1z1) % p;
  const s1 = (a[1] * z2z2 * b[2]) % p;
  const s2 = (b[1] * z1z1 * a[2]) % p;
  if (u1 === u2) return s1 === s2 ? double(c, a) : INFINITY;
  const hh = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const h2 = (hh * hh) % p;
  const h3 = (h2 * hh) % p;
  const x3 = mod(r * r - h3 - 2n * u1 * h2, p);
  const y3 = mod(r * (u1 * h2 - x3) - s1 * h3, p);
  return [x3, y3, (hh * a[2] * b[2]) % p];
}

function multiply(c: Curve, point: Jacobian, k: bigint): Jacobian {
  let result = INFINITY;
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    result = double(c, result);
    if ((k >> i) & 1n) result = add(c, result, point);
  }
  return result;
}

function affineX(c: Curve, [x, , z]: Jacobian): bigint | undefined {
  if (z === 0n) return undefined;
  return (x * inv((z * z) % c.p, c.p)) % c.p;
}

const bitLength = (n: bigint): number => n.toString(2).length;

/** The digest as an integer, truncated to the order's bit length (FIPS 186-4 §6.4). */
function digestInt(c: Curve, digest: Buffer): bigint {
  let e = digest.length === 0 ? 0n : BigInt(`0x${digest.toString('hex')}`);
  const excess = digest.length * 8 - bitLength(c.n);
  if (excess > 0) e >>= BigInt(excess);
  return e;
}

const fromB64 = (s: string): bigint => BigInt(`0x${Buffer.from(s, 'base64url').toString('hex') || '0'}`);

function curveOf(key: KeyObject): Curve {
  const curve = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
  if (!curve) throw new Error('unsupported curve');
  return curve;
}

function derInt(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derLength(n: number): Buffer {
  return n < 0x80 ? Buffer.from([n]) : Buffer.from([0x81, n]);
}

/** A DER SEQUENCE of two INTEGERs, or undefined when the bytes are not exactly that. */
function parseDerSignature(sig: Buffer): [bigint, bigint] | undefined {
  let i = 0;
  const readLength = (): number | undefined => {
    const first = sig[i++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    if (first !== 0x81) return undefined;
    return sig[i++];
  };
  if (sig[i++] !== 0x30) return undefined;
  const total = readLength();
  if (total === undefined || i + total !== sig.length) return undefined;
  const ints: bigint[] = [];
  for (let k = 0; k < 2; k++) {
    if (sig[i++] !== 0x02) return undefined;
    const len = readLength();
    if (len === undefined || len === 0 || i + len > sig.length) return undefined;
    ints.push(BigInt(`0x${sig.subarray(i, i + len).toString('hex')}`));
    i += len;
  }
  return i === sig.length ? [ints[0], ints[1]] : undefined;
}

/** Signs a digest with an EC private key; the signature is DER (r, s). */
export function ecdsaSignDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const c = curveOf(privateKey);
  const d = fromB64(privateKey.export({ format: 'jwk' }).d as string);
  const e = digestInt(c, digest);
  const g: Jacobian = [c.gx, c.gy, 1n];
  for (;;) {
    const k = mod(BigInt(`0x${randomBytes(Math.ceil(bitLength(c.n) / 8) + 8).toString('hex')}`), c.n - 1n) + 1n;
    const x = affineX(c, multiply(c, g, k));
    if (x === undefined) continue;
    const r = x % c.n;
    if (r === 0n) continue;
    const s = (inv(k, c.n) * mod(e + r * d, c.n)) % c.n;
    if (s === 0n) continue;
    const body = Buffer.concat([derInt(r), derInt(s)]);
    return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
  }
}

/** Verifies a DER ECDSA signature over a digest with an EC public key. */
export function ecdsaVerifyDigest(publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const c = curveOf(publicKey);
  const rs = parseDerSignature(signature);
  if (!rs) return false;
  const [r, s] = rs;
  if (r < 1n || r >= c.n || s < 1n || s >= c.n) return false;
  const jwk = publicKey.export({ format: 'jwk' });
  const q: Jacobian = [fromB64(jwk.x as string), fromB64(jwk.y as string), 1n];
  const w = inv(s, c.n);
  const u1 = (digestInt(c, digest) * w) % c.n;
  const u2 = (r * w) % c.n;
  const x = affineX(c, add(c, multiply(c, [c.gx, c.gy, 1n], u1), multiply(c, q, u2)));
  return x !== undefined && x % c.n === r;
}

/** d·G for a private key, as affine coordinates (for checking the curve constants against node:crypto). */
export function publicPointOf(privateKey: KeyObject): { x: bigint; y: bigint } {
  const c = curveOf(privateKey);
  const d = fromB64(privateKey.export({ format: 'jwk' }).d as string);
  const [x, y, z] = multiply(c, [c.gx, c.gy, 1n], d);
  const zi = inv(z, c.p);
  return { x: (x * zi * zi) % c.p, y: (y * zi * zi * zi) % c.p };
}
