// The SigV4 canonical request and string to sign, built from the request exactly as it arrived.
import * as crypto from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const HEX = '0123456789ABCDEF';
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const UNRESERVED_OR_SLASH = /^[A-Za-z0-9\-._~/]*$/;

function isUnreservedByte(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x2e || // .
    b === 0x5f || // _
    b === 0x7e // ~
  );
}

/**
 * RFC 3986 encoding as SigV4 defines it: every byte of the UTF-8 form except the unreserved
 * characters becomes %XX with upper-case hex. `keepSlash` leaves `/` alone, for paths.
 */
export function uriEncode(text: string, keepSlash = false): string {
  if ((keepSlash ? UNRESERVED_OR_SLASH : UNRESERVED).test(text)) return text;
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (isUnreservedByte(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Decodes a query-string component the way form decoders do (`+` is a space), keeping a malformed
 * `%` escape as literal text instead of failing: such a request can then only fail its signature check.
 */
export function queryDecode(text: string): string {
  const plus = text.indexOf('+') >= 0 ? text.replace(/\+/g, ' ') : text;
  if (plus.indexOf('%') < 0) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    const bytes: number[] = [];
    let i = 0;
    while (i < plus.length) {
      if (plus.charCodeAt(i) === 0x25 && i + 2 < plus.length) {
        const hi = hexValue(plus.charCodeAt(i + 1));
        const lo = hexValue(plus.charCodeAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          bytes.push((hi << 4) | lo);
          i += 3;
          continue;
        }
      }
      const codePoint = plus.codePointAt(i) as number;
      const char = String.fromCodePoint(codePoint);
      for (const b of Buffer.from(char, 'utf8')) bytes.push(b);
      i += char.length;
    }
    return Buffer.from(bytes).toString('utf8');
  }
}

/**
 * The canonical URI for every service but S3: the path as received, with empty and `.` segments
 * dropped and `..` applied (AWS normalises, as botocore and the JS SDK do before signing), then
 * URI-encoded once more, so `%20` on the wire is `%2520` here.
 */
export function canonicalUri(rawPath: string): string {
  if (rawPath === '/' || rawPath === '') return '/';
  let normalized = rawPath;
  if (rawPath[0] !== '/' || rawPath.includes('//') || rawPath.includes('/.')) {
    const segments: string[] = [];
    for (const segment of rawPath.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') segments.pop();
      else segments.push(segment);
    }
    const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
    normalized = (rawPath.startsWith('/') ? '/' : '') + segments.join('/') + trailing;
    if (normalized === '') return '/';
  }
  return uriEncode(normalized, true);
}

/**
 * The canonical query string: every parameter of the raw query decoded and re-encoded (RFC 3986),
 * sorted by encoded name then encoded value; `X-Amz-Signature` left out for presigned requests.
 */
export function canonicalQueryString(rawQuery: string, excludeSignature: boolean): string {
  if (rawQuery === '') return '';
  const pairs: string[][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const name = uriEncode(queryDecode(rawName));
    if (excludeSignature && name === 'X-Amz-Signature') continue;
    pairs.push([name, uriEncode(queryDecode(rawValue))]);
  }
  if (pairs.length > 1) {
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += (i === 0 ? '' : '&') + pairs[i][0] + '=' + pairs[i][1];
  return out;
}

const NEEDS_WHITESPACE_FOLDING = /^\s|\s$|\s\s|[\t\n\r\f\v]/;

/** A header value as signed: trimmed, with each run of whitespace inside folded to one space. */
export function canonicalHeaderValue(value: string): string {
  return NEEDS_WHITESPACE_FOLDING.test(value) ? value.trim().replace(/\s+/g, ' ') : value;
}

export interface CanonicalRequestParts {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
  signedHeaders: readonly string[];
  payloadHash: string;
  presigned: boolean;
}

/** The canonical request: method, URI, query, headers, signed header list and payload hash, one per line. */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  let headerBlock = '';
  for (const name of parts.signedHeaders) {
    // SignedHeaders is client text: a name like `constructor` must not reach the object's prototype.
    const value = Object.hasOwn(parts.headers, name) ? parts.headers[name] : undefined;
    headerBlock += name + ':' + (value === undefined ? '' : canonicalHeaderValue(value)) + '\n';
  }
  return (
    parts.method.toUpperCase() +
    '\n' +
    canonicalUri(parts.rawPath) +
    '\n' +
    canonicalQueryString(parts.rawQuery, parts.presigned) +
    '\n' +
    headerBlock +
    '\n' +
    parts.signedHeaders.join(';') +
    '\n' +
    parts.payloadHash
  );
}

/**
 * Hex SHA-256 in one call. `crypto.hash` (Node 20.12+) hashes without building a Hash object, about a third of
 * createHash's cost on inputs this small; on an older Node 20 the Hash object it is.
 */
export const sha256HexOf: (data: string | Buffer) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** The string to sign: algorithm, request time, credential scope and the hash of the canonical request. */
export function buildStringToSign(amzDate: string, credentialScope: string, canonicalRequest: string): string {
  return ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n' + sha256HexOf(canonicalRequest);
}

/** Hex SHA-256 of a request body. */
export function sha256Hex(body: Buffer): string {
  return body.length === 0 ? EMPTY_PAYLOAD_HASH : sha256HexOf(body);
}
