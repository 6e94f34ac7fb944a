// The `aws-waf-token` cookie: an HMAC-signed record of when a client last solved a challenge and a CAPTCHA, for one domain.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'aws-waf-token';
/** Longer cookie values are refused unread; a Warden token is about 150 characters. */
export const MAX_TOKEN_CHARS = 1024;
/** A timestamp this far ahead of the verifier's clock is still accepted (nodes' clocks differ slightly). */
const CLOCK_SKEW_SEC = 30;
const FORMAT = '1';
const DOMAIN = /^[a-z0-9.\-[\]:]{1,253}$/;
const ID = /^[A-Za-z0-9_-]{16}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

export interface WafToken {
  /** The token domain: the request's host when the token was issued. */
  readonly domain: string;
  /** Epoch seconds of the last solved challenge (a solved CAPTCHA counts as one too); 0 when never. */
  readonly challengeAt: number;
  /** Epoch seconds of the last solved CAPTCHA; 0 when never. */
  readonly captchaAt: number;
  /** Random, fixed for the token's life: what tells one client session from another. */
  readonly id: string;
}

export type TokenKind = 'CAPTCHA' | 'CHALLENGE';
export type RejectReason = 'not_solved' | 'expired' | 'domain_mismatch' | 'invalid';
export type TokenStatus =
  | { readonly status: 'absent' }
  | { readonly status: 'accepted'; readonly solvedAt: number }
  | { readonly status: 'rejected'; readonly reason: RejectReason };

/** A cookie as read: absent, present but unusable (malformed or forged), or a token whose signature verified. */
export type TokenRead =
  { readonly kind: 'absent' } | { readonly kind: 'invalid' } | { readonly kind: 'valid'; readonly token: WafToken };

export function newTokenId(): string {
  return randomBytes(12).toString('base64url');
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(`warden/aws-waf-token/v${FORMAT}\0`).update(payload).digest();
}

/** `<base64url payload>.<base64url HMAC>`; the payload is `1|domain|challengeAt|captchaAt|id`. */
export function signToken(key: Buffer, token: WafToken): string {
  const payload = [FORMAT, token.domain, token.challengeAt, token.captchaAt, token.id].join('|');
  return `${Buffer.from(payload).toString('base64url')}.${mac(key, payload).toString('base64url')}`;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0|[1-9][0-9]{0,10})$/.test(text)) return undefined;
  return Number(text);
}

/** Verifies a cookie value in constant time over the MAC; anything malformed or oversized is `invalid`, never an error. */
export function readToken(key: Buffer, value: string | undefined): TokenRead {
  if (value === undefined || value === '') return { kind: 'absent' };
  if (value.length > MAX_TOKEN_CHARS) return { kind: 'invalid' };
  const dot = value.indexOf('.');
  if (dot <= 0 || value.indexOf('.', dot + 1) >= 0) return { kind: 'invalid' };
  const p64 = value.slice(0, dot);
  const m64 = value.slice(dot + 1);
  if (!B64URL.test(p64) || !B64URL.test(m64)) return { kind: 'invalid' };
  const payload = Buffer.from(p64, 'base64url').toString('utf8');
  const given = Buffer.from(m64, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'invalid' };
  const [format, domain, challengeAt, captchaAt, id, extra] = payload.split('|');
  const challenge = seconds(challengeAt);
  const captcha = seconds(captchaAt);
  if (format !== FORMAT || extra !== undefined || challenge === undefined || captcha === undefined)
    return { kind: 'invalid' };
  if (domain === undefined || !DOMAIN.test(domain) || id === undefined || !ID.test(id)) return { kind: 'invalid' };
  return { kind: 'valid', token: { domain, challengeAt: challenge, captchaAt: captcha, id } };
}

/**
 * The request's host as a token domain: the Host header lower-cased without its port ('' when absent).
 * Only the characters a host name or IP literal may hold are kept meaningful; anything else cannot match a token.
 */
export function tokenDomainOf(host: string | undefined): string {
  if (!host) return '';
  const h = host.trim().toLowerCase();
  let name = h;
  if (h.startsWith('[')) name = h.slice(0, h.indexOf(']') + 1);
  else if (h.indexOf(':') >= 0 && h.indexOf(':') === h.lastIndexOf(':')) name = h.slice(0, h.indexOf(':'));
  return DOMAIN.test(name) ? name : '';
}

/** AWS accepts a token whose domain is the request's host, or one of the web ACL's TokenDomains or a subdomain of one. */
export function domainAccepted(tokenDomain: string, host: string, tokenDomains: readonly string[]): boolean {
  if (tokenDomain === host && host !== '') return true;
  for (const raw of tokenDomains) {
    const d = raw.toLowerCase().replace(/^\./, '');
    if (d !== '' && (tokenDomain === d || tokenDomain.endsWith(`.${d}`))) return true;
  }
  return false;
}

export interface CheckContext {
  readonly host: string;
  readonly tokenDomains: readonly string[];
  readonly nowSec: number;
}

/** The token's status for a CAPTCHA or challenge check with the rule's immunity time, as AWS's token labels report it. */
export function checkToken(read: TokenRead, kind: TokenKind, immunitySec: number, ctx: CheckContext): TokenStatus {
  if (read.kind === 'absent') return { status: 'absent' };
  if (read.kind === 'invalid') return { status: 'rejected', reason: 'invalid' };
  const t = read.token;
  if (!domainAccepted(t.domain, ctx.host, ctx.tokenDomains)) return { status: 'rejected', reason: 'domain_mismatch' };
  const solvedAt = kind === 'CAPTCHA' ? t.captchaAt : Math.max(t.challengeAt, t.captchaAt);
  if (solvedAt === 0) return { status: 'rejected', reason: 'not_solved' };
  if (solvedAt > ctx.nowSec + CLOCK_SKEW_SEC) return { status: 'rejected', reason: 'invalid' };
  if (ctx.nowSec - solvedAt > immunitySec) return { status: 'rejected', reason: 'expired' };
  return { status: 'accepted', solvedAt };
}

/** `awswaf:managed:token:` (challenge) or `awswaf:managed:captcha:` labels for one status, as AWS names them. */
export function tokenLabels(kind: TokenKind, s: TokenStatus): readonly string[] {
  const ns = kind === 'CAPTCHA' ? 'awswaf:managed:captcha:' : 'awswaf:managed:token:';
  if (s.status !== 'rejected') return [`${ns}${s.status}`];
  return [`${ns}rejected`, `${ns}rejected:${s.reason}`];
}

/** The `aws-waf-token` cookie's value among the request's Cookie headers (the first one, as AWS reads it). */
export function tokenCookie(headers: readonly (readonly [string, string])[]): string | undefined {
  for (const [name, value] of headers) {
    if (name.length !== 6 || name.toLowerCase() !== 'cookie') continue;
    for (const part of value.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== TOKEN_COOKIE) continue;
      return part.slice(eq + 1).trim();
    }
  }
  return undefined;
}
