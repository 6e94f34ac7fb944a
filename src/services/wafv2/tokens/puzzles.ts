// What a client solves for a token: a signed proof-of-work nonce (Challenge) and a sealed CAPTCHA answer, both short-lived.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';

/** How long an issued puzzle can be solved: long enough for a person, short enough that harvested puzzles go stale. */
export const PUZZLE_TTL_SEC = 300;
/** Leading zero bits the challenge's SHA-256 must have: about 65 000 hashes, well under a second in a browser. */
export const DEFAULT_DIFFICULTY = 16;
/** The CAPTCHA's characters: no pair a person would confuse (no O/0, I/1, S/5, B/8, Z/2, G/6). */
export const CAPTCHA_ALPHABET = 'ACEFHJKLMNPRTUVWXY347';
export const CAPTCHA_LENGTH = 6;
const MAX_RETURN_CHARS = 2048;
const MAX_NONCE_CHARS = 4096;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CAPTCHA_AAD = Buffer.from('warden/wafv2-captcha/v1');
const B64URL = /^[A-Za-z0-9_-]+$/;

/** Where to send the client back after it solved: the request's own path and query when they are a plain local path. */
export function returnPathOf(uri: string, query: string, reserved: string): string {
  const path = query === '' ? uri : `${uri}?${query}`;
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  if (path.length > MAX_RETURN_CHARS || !/^[\x21-\x7e]+$/.test(path) || path.startsWith(reserved)) return '/';
  return path;
}

export interface Solved {
  /** The path the puzzle was issued for, to send the client back to. */
  readonly returnTo: string;
}

interface Issued {
  readonly host: string;
  readonly returnTo: string;
  readonly nowSec: number;
}

/** Checks what every puzzle payload must hold: this host, issued within the TTL (and not from the future). */
function fresh(
  p: { h?: unknown; t?: unknown; u?: unknown },
  host: string,
  nowSec: number,
): p is { h: string; t: number; u: string } {
  return (
    p.h === host &&
    typeof p.t === 'number' &&
    typeof p.u === 'string' &&
    p.t <= nowSec + 30 &&
    nowSec - p.t <= PUZZLE_TTL_SEC
  );
}

function nonceMac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update('warden/wafv2-challenge-nonce/v1\0').update(payload).digest();
}

/** A challenge nonce: `<base64url JSON>.<base64url HMAC>`, binding the host, issue time, difficulty and return path. */
export function issueChallenge(key: Buffer, at: Issued, difficulty = DEFAULT_DIFFICULTY): string {
  const payload = JSON.stringify({
    h: at.host,
    t: at.nowSec,
    d: difficulty,
    u: at.returnTo,
    r: randomBytes(12).toString('base64url'),
  });
  return `${Buffer.from(payload).toString('base64url')}.${nonceMac(key, payload).toString('base64url')}`;
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** The proof of work: SHA-256 of `<nonce>:<counter>` (the decimal counter the client found). */
export function workDigest(nonce: string, counter: string): Buffer {
  return createHash('sha256').update(`${nonce}:${counter}`).digest();
}

/** Verifies a challenge answer; undefined when the nonce is forged, stale, for another host, or the work falls short. */
export function verifyChallenge(
  key: Buffer,
  nonce: string,
  counter: string,
  host: string,
  nowSec: number,
): Solved | undefined {
  if (nonce.length > MAX_NONCE_CHARS || !/^[0-9]{1,15}$/.test(counter)) return undefined;
  const [p64, m64, extra] = nonce.split('.');
  if (p64 === undefined || m64 === undefined || extra !== undefined || !B64URL.test(p64) || !B64URL.test(m64))
    return undefined;
  const payload = Buffer.from(p64, 'base64url').toString('utf8');
  const given = Buffer.from(m64, 'base64url');
  const expected = nonceMac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const p = JSON.parse(payload) as { h?: unknown; t?: unknown; u?: unknown; d?: unknown };
  const difficulty = p.d;
  if (typeof difficulty !== 'number' || !fresh(p, host, nowSec)) return undefined;
  if (leadingZeroBits(workDigest(nonce, counter)) < difficulty) return undefined;
  return { returnTo: p.u };
}

export interface CaptchaPuzzle {
  /** The sealed puzzle the page carries and posts back: base64url(iv | AES-256-GCM ciphertext | tag). */
  readonly sealed: string;
  /** The characters to draw. */
  readonly answer: string;
}

interface CaptchaPayload {
  readonly h: string;
  readonly t: number;
  readonly u: string;
  readonly a: string;
  readonly r: string;
}

/** A fresh CAPTCHA: random characters, sealed with the host, issue time and return path so only this server can check it. */
export function issueCaptcha(key: Buffer, at: Issued): CaptchaPuzzle {
  let answer = '';
  for (let i = 0; i < CAPTCHA_LENGTH; i++) answer += CAPTCHA_ALPHABET[randomInt(CAPTCHA_ALPHABET.length)];
  const payload: CaptchaPayload = {
    h: at.host,
    t: at.nowSec,
    u: at.returnTo,
    a: answer,
    r: randomBytes(12).toString('base64url'),
  };
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(CAPTCHA_AAD);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]);
  return { sealed: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url'), answer };
}

/** Opens a sealed CAPTCHA; undefined when altered or sealed under another key. */
export function openCaptcha(key: Buffer, sealed: string): CaptchaPayload | undefined {
  if (sealed.length > MAX_NONCE_CHARS || !B64URL.test(sealed)) return undefined;
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES + 2) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(CAPTCHA_AAD);
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as CaptchaPayload;
  } catch {
    return undefined;
  }
}

/**
 * Each solved CAPTCHA is accepted once per process: its random id is remembered until the puzzle would have expired.
 * Bounded: past the cap the oldest ids are forgotten (those puzzles are the nearest to expiring anyway).
 */
export class SolvedPuzzles {
  readonly #seen = new Map<string, number>();
  constructor(private readonly cap = 50_000) {}

  /** Records the id; false when it was already used. */
  claim(id: string, expiresAtSec: number, nowSec: number): boolean {
    if (this.#seen.has(id)) return false;
    if (this.#seen.size >= this.cap) {
      for (const [k, exp] of this.#seen) {
        if (this.#seen.size < this.cap && exp > nowSec) break;
        this.#seen.delete(k);
      }
    }
    this.#seen.set(id, expiresAtSec);
    return true;
  }
}

/** Checks a person's answer to a sealed CAPTCHA (case and spaces ignored); undefined when wrong, stale, foreign or reused. */
export function verifyCaptcha(
  key: Buffer,
  sealed: string,
  guess: string,
  host: string,
  nowSec: number,
  solved: SolvedPuzzles,
): Solved | undefined {
  const p = openCaptcha(key, sealed);
  if (!p || !fresh(p, host, nowSec) || typeof p.a !== 'string' || typeof p.r !== 'string') return undefined;
  const given = Buffer.from(guess.replace(/\s+/g, '').toUpperCase().slice(0, 64));
  const want = Buffer.from(p.a);
  if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
  if (!solved.claim(p.r, p.t + PUZZLE_TTL_SEC, nowSec)) return undefined;
  return { returnTo: p.u };
}
