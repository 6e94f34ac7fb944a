// SigV4 request authentication: reads the signature from the Authorization header or a presigned query, and verifies it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from './http.js';
import { ALGORITHM, UNSIGNED_PAYLOAD, buildCanonicalRequest, buildStringToSign, sha256Hex } from './sigv4-canonical.js';
import { authError, type ProtocolStyle } from './sigv4-errors.js';
import { SigningKeyCache, defaultSigningKeyCache, deriveSigningKey } from './sigv4-key-cache.js';
import {
  PRESIGNED_EXPIRES_LIMIT_SECONDS,
  checkRequestTime,
  formatAmzDate,
  parseAmzDate,
  type SignatureTime,
} from './sigv4-time.js';

export { authError, authErrorCode } from './sigv4-errors.js';
export type { AuthFailureKind, DetailedFailure, FixedMessageFailure, ProtocolStyle } from './sigv4-errors.js';
export { SigningKeyCache, defaultSigningKeyCache, deriveSigningKey } from './sigv4-key-cache.js';
export type { SigningKeyCacheStats } from './sigv4-key-cache.js';
export { CLOCK_SKEW_SECONDS, PRESIGNED_MAX_SECONDS, checkRequestTime, formatAmzDate } from './sigv4-time.js';

export interface ParsedSignature extends SignatureTime {
  accessKeyId: string;
  /** When the request was signed (X-Amz-Date, else the Date header). */
  date: Date;
  /** That time as signed in the string to sign: `20261128T011000Z`. */
  amzDate: string;
  /** The credential scope's day, `20261128`. */
  dateStamp: string;
  region: string;
  /** The signing name in the scope: `sts`, `iam`, `kms`, ... */
  service: string;
  /** `20261128/us-east-1/sts/aws4_request` */
  credentialScope: string;
  /** Lower-case header names, in the order the client listed (and signed) them (frozen: it may be shared). */
  signedHeaders: readonly string[];
  /** Hex HMAC the client sent. */
  signature: string;
  /** X-Amz-Security-Token: present for temporary (STS-issued) credentials. */
  securityToken?: string;
  /** True when the signature came in the query string (a presigned URL) rather than the Authorization header. */
  presigned: boolean;
  /** X-Amz-Expires of a presigned request, when given. */
  expiresSeconds?: number;
  protocolStyle: ProtocolStyle;
}

export interface ParseOptions {
  /**
   * When given, the request time is checked during parsing, before the access key is looked up,
   * which is the order AWS checks in. verifySignature checks it again either way.
   */
  now?: Date;
  /** The signing name this endpoint expects (`sts`); a credential scoped to another service fails. */
  service?: string;
  /** Whether this endpoint accepts the scope's region; a rejected region fails as AWS's does. */
  acceptRegion?: (region: string) => boolean;
}

const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];
const SIGNATURE_FORMAT = /^[0-9a-f]{64}$/;
/** Scratch space for the constant-time comparison of two 64-digit signatures (synchronous, so never shared). */
const EXPECTED_BYTES = Buffer.alloc(64);
const SENT_BYTES = Buffer.alloc(64);

function queryValue(query: HttpRequest['query'], name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

function dateFormatMessage(value: string): string {
  return `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`;
}

/**
 * Reads the SigV4 signature of a request: from `Authorization: AWS4-HMAC-SHA256 Credential=...,
 * SignedHeaders=..., Signature=...`, or from the X-Amz-* query parameters of a presigned URL. Throws
 * the AwsError AWS answers with, in the codes of `protocolStyle`, when either is missing or malformed.
 */
export function parseSignature(
  req: HttpRequest,
  protocolStyle: ProtocolStyle,
  options: ParseOptions = {},
): ParsedSignature {
  const authorization = req.headers['authorization'];
  if (authorization !== undefined && authorization !== '') {
    if (queryValue(req.query, 'X-Amz-Algorithm') !== undefined) {
      throw authError(
        'invalidSignature',
        protocolStyle,
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
      );
    }
    return parseAuthorizationHeader(req, authorization, protocolStyle, options);
  }
  if (PRESIGN_PARAMS.some((name) => req.query[name] !== undefined)) {
    return parsePresignedQuery(req, protocolStyle, options);
  }
  throw authError('missingToken', protocolStyle);
}

/** What the Authorization header's scheme and its `key=value` components say; later duplicates win. */
export interface AuthorizationFields {
  algorithm: string;
  credential: string | undefined;
  signature: string | undefined;
  signedHeaders: string | undefined;
}

const SEPARATOR = /[\s,]/;
const SEPARATORS = /[\s,]+/;
const SDK_AUTHORIZATION = /^(AWS4-[^\s,]+) Credential=([^\s,=]+), SignedHeaders=([^\s,=]+), Signature=([^\s,=]+)$/;

/**
 * Reads `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`: the scheme up to the first separator,
 * then each `key=value` component, keeping only the three it needs (no Map per request).
 */
export function readAuthorizationFields(
  trimmed: string,
  authorization: string,
  style: ProtocolStyle,
): AuthorizationFields {
  // What every SDK sends, read with one match; anything else (other spacing, order, extra or repeated components)
  // takes the general reading below, which gives the same fields for this form.
  const sdk = SDK_AUTHORIZATION.exec(trimmed);
  if (sdk !== null) return { algorithm: sdk[1]!, credential: sdk[2], signedHeaders: sdk[3], signature: sdk[4] };
  const algorithmEnd = trimmed.search(SEPARATOR);
  const fields: AuthorizationFields = {
    algorithm: algorithmEnd < 0 ? trimmed : trimmed.slice(0, algorithmEnd),
    credential: undefined,
    signature: undefined,
    signedHeaders: undefined,
  };
  if (algorithmEnd < 0) return fields;
  for (const piece of trimmed.slice(algorithmEnd + 1).split(SEPARATORS)) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq < 0) {
      throw authError(
        'incompleteSignature',
        style,
        `'${piece}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
      );
    }
    const key = piece.slice(0, eq);
    if (key === 'Credential') fields.credential = piece.slice(eq + 1);
    else if (key === 'Signature') fields.signature = piece.slice(eq + 1);
    else if (key === 'SignedHeaders') fields.signedHeaders = piece.slice(eq + 1);
  }
  return fields;
}

function parseAuthorizationHeader(
  req: HttpRequest,
  authorization: string,
  style: ProtocolStyle,
  options: ParseOptions,
): ParsedSignature {
  const trimmed = authorization.trim();
  // Anything but a SigV4-family scheme (Basic, Bearer, SigV2's "AWS key:sig") is no AWS authentication at all.
  if (!trimmed.startsWith('AWS4-')) throw authError('missingToken', style);

  const fields = readAuthorizationFields(trimmed, authorization, style);
  const algorithm = fields.algorithm;
  const { credential, signature, signedHeaders } = fields;
  const amzDateHeader = req.headers['x-amz-date'];
  const dateHeader = amzDateHeader ?? req.headers['date'];
  let missing = '';
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === undefined) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!dateHeader) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing) throw authError('incompleteSignature', style, missing + 'Authorization=' + authorization);

  // X-Amz-Date is signed as sent; a plain Date header (RFC 7231) is signed in the basic format.
  let date = parseAmzDate(dateHeader as string);
  let amzDate = dateHeader as string;
  if (!date && amzDateHeader === undefined) {
    const ms = Date.parse(dateHeader as string);
    if (!Number.isNaN(ms)) {
      date = new Date(ms);
      amzDate = formatAmzDate(date);
    }
  }
  if (!date) throw authError('incompleteSignature', style, dateFormatMessage(dateHeader as string));

  return finishParse(
    {
      algorithm,
      credential: credential as string,
      signature: signature as string,
      signedHeaders: signedHeaders as string,
      date,
      amzDate,
      securityToken: req.headers['x-amz-security-token'],
      presigned: false,
      headers: req.headers,
    },
    style,
    options,
  );
}

function parsePresignedQuery(req: HttpRequest, style: ProtocolStyle, options: ParseOptions): ParsedSignature {
  let missing = '';
  for (const name of PRESIGN_PARAMS) {
    if (!queryValue(req.query, name)) missing += `AWS query-string parameters must include '${name}'. `;
  }
  if (missing) throw authError('incompleteSignature', style, missing + 'Re-examine the query-string parameters.');

  const amzDate = queryValue(req.query, 'X-Amz-Date') as string;
  const date = parseAmzDate(amzDate);
  if (!date) throw authError('incompleteSignature', style, dateFormatMessage(amzDate));

  let expiresSeconds: number | undefined;
  const expires = queryValue(req.query, 'X-Amz-Expires');
  if (expires !== undefined) {
    if (!/^-?\d+$/.test(expires)) {
      throw authError('incompleteSignature', style, 'X-Amz-Expires should be a number');
    }
    expiresSeconds = Number(expires);
    if (expiresSeconds < 0) throw authError('incompleteSignature', style, 'X-Amz-Expires must be non-negative');
    if (expiresSeconds > PRESIGNED_EXPIRES_LIMIT_SECONDS) {
      throw authError(
        'incompleteSignature',
        style,
        `X-Amz-Expires must be less than a week (in seconds) that is ${PRESIGNED_EXPIRES_LIMIT_SECONDS}`,
      );
    }
  }

  return finishParse(
    {
      algorithm: queryValue(req.query, 'X-Amz-Algorithm') as string,
      credential: queryValue(req.query, 'X-Amz-Credential') as string,
      signature: queryValue(req.query, 'X-Amz-Signature') as string,
      signedHeaders: queryValue(req.query, 'X-Amz-SignedHeaders') as string,
      date,
      amzDate,
      securityToken: queryValue(req.query, 'X-Amz-Security-Token'),
      presigned: true,
      expiresSeconds,
      headers: req.headers,
    },
    style,
    options,
  );
}

interface RawSignature {
  algorithm: string;
  credential: string;
  signature: string;
  signedHeaders: string;
  date: Date;
  amzDate: string;
  securityToken: string | undefined;
  presigned: boolean;
  expiresSeconds?: number;
  /** The request's headers (lower-case names), to check that the ones that steer it are signed. */
  headers: HttpRequest['headers'];
}

/** Its value is the canonical request's payload line (see payloadHash), so it is signed whether listed or not. */
const PAYLOAD_HASH_HEADER = 'x-amz-content-sha256';

function isSigned(name: string, signedHeaders: readonly string[], signed: ReadonlySet<string> | undefined): boolean {
  return signed === undefined ? signedHeaders.includes(name) : signed.has(name);
}

/**
 * The first header present on the request that must be signed but is not, as AWS names it in its refusal: every
 * `x-amz-*` header (X-Amz-Target picks the operation, X-Amz-Security-Token the session), and on JSON protocols the
 * Content-Type, which picks the codec. A presigned URL's Content-Type is left to whoever sends it: the URL is handed
 * to clients that add their own, and its JSON body is what the signature covers.
 */
function unsignedSteeringHeader(raw: RawSignature, signedHeaders: readonly string[], style: ProtocolStyle) {
  // A handful of names is searched faster in the array than by building a Set per request; a long list gets its Set.
  const signed = signedHeaders.length > 16 ? new Set(signedHeaders) : undefined;
  if (
    style === 'json' &&
    !raw.presigned &&
    raw.headers['content-type'] !== undefined &&
    !isSigned('content-type', signedHeaders, signed)
  ) {
    return 'Content-Type';
  }
  for (const name of Object.keys(raw.headers)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-amz-') && lower !== PAYLOAD_HASH_HEADER && !isSigned(lower, signedHeaders, signed)) {
      return lower;
    }
  }
  return undefined;
}

/*
 * One-entry memos of the last Credential and SignedHeaders texts read: a client signs request after request with the
 * same ones (only the day moves the credential), so their splitting is done once, not per request.
 */
let lastSignedHeadersText: string | undefined;
let lastSignedHeaders: readonly string[] = [];
let lastCredentialText: string | undefined;
let lastCredentialParts: readonly string[] = [];
let lastScopeCredential: string | undefined;
let lastCredentialScope = '';

/** SignedHeaders as lower-case names, frozen (it may be handed to several requests). */
function signedHeaderList(text: string): readonly string[] {
  if (text !== lastSignedHeadersText) {
    lastSignedHeaders = Object.freeze(text === '' ? [] : text.toLowerCase().split(';'));
    lastSignedHeadersText = text;
  }
  return lastSignedHeaders;
}

/** The Credential's slash-separated elements (key id, day, region, service, terminator when well formed). */
function credentialParts(credential: string): readonly string[] {
  if (credential !== lastCredentialText) {
    lastCredentialParts = Object.freeze(credential.split('/'));
    lastCredentialText = credential;
  }
  return lastCredentialParts;
}

/** `20261128/us-east-1/sts/aws4_request` of a well-formed Credential. */
function credentialScopeOf(credential: string, dateStamp: string, region: string, service: string): string {
  if (credential !== lastScopeCredential) {
    lastCredentialScope = `${dateStamp}/${region}/${service}/aws4_request`;
    lastScopeCredential = credential;
  }
  return lastCredentialScope;
}

/**
 * The checks both forms share, in AWS's order: time, host and steering headers signed, algorithm, credential shape,
 * scope.
 */
function finishParse(raw: RawSignature, style: ProtocolStyle, options: ParseOptions): ParsedSignature {
  if (options.now) {
    const time: SignatureTime = {
      date: raw.date,
      amzDate: raw.amzDate,
      presigned: raw.presigned,
      expiresSeconds: raw.expiresSeconds,
      protocolStyle: style,
    };
    checkRequestTime(time, options.now);
  }

  const signedHeaders = signedHeaderList(raw.signedHeaders);
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) {
    throw authError(
      'invalidSignature',
      style,
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  const unsigned = unsignedSteeringHeader(raw, signedHeaders, style);
  if (unsigned !== undefined) {
    throw authError('invalidSignature', style, `'${unsigned}' must be a 'SignedHeader' in the AWS Authorization.`);
  }

  if (raw.algorithm !== ALGORITHM) {
    throw authError(
      'incompleteSignature',
      style,
      `Unsupported AWS 'algorithm': '${raw.algorithm}' (only ${ALGORITHM} for now). `,
    );
  }

  const scope = credentialParts(raw.credential);
  if (scope.length !== 5) {
    throw authError(
      'incompleteSignature',
      style,
      'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,' +
        ` got '${raw.credential}'`,
    );
  }
  const accessKeyId = scope[0]!;
  const dateStamp = scope[1]!;
  const region = scope[2]!;
  const service = scope[3]!;
  const terminator = scope[4]!;
  const requestDay = raw.amzDate.slice(0, 8);
  let wrongScope = '';
  if (region === '' || (options.acceptRegion && !options.acceptRegion(region))) {
    wrongScope += 'Credential should be scoped to a valid region. ';
  }
  if (options.service !== undefined && service !== options.service) {
    wrongScope += `Credential should be scoped to correct service: '${options.service}'. `;
  }
  if (terminator !== 'aws4_request') {
    wrongScope += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  }
  if (dateStamp !== requestDay) {
    wrongScope +=
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
      `'${dateStamp}' != '${requestDay}', from '${raw.amzDate}'.`;
  }
  if (wrongScope) throw authError('invalidSignature', style, wrongScope);

  const parsed: ParsedSignature = {
    accessKeyId,
    date: raw.date,
    amzDate: raw.amzDate,
    dateStamp,
    region,
    service,
    credentialScope: credentialScopeOf(raw.credential, dateStamp, region, service),
    signedHeaders,
    signature: raw.signature,
    presigned: raw.presigned,
    protocolStyle: style,
  };
  if (raw.securityToken !== undefined) parsed.securityToken = raw.securityToken;
  if (raw.expiresSeconds !== undefined) parsed.expiresSeconds = raw.expiresSeconds;
  return parsed;
}

/**
 * The secret a signature is checked against: its text, or (for a stored key) an id naming it that is not secret and
 * changes with it, and a way to read the text that runs only when the signing key for the id is not cached.
 */
export type SigningSecret = string | { id: string; read(): string };

export interface VerifyOptions {
  /** The signing-key cache to use, or false to derive the key every time (for benchmarks). */
  cache?: SigningKeyCache | false;
  /**
   * Whether `x-amz-content-sha256: UNSIGNED-PAYLOAD` is accepted, leaving the body outside the
   * signature as S3 allows. Defaults to true; the SDKs never send it to the services Warden serves.
   */
  allowUnsignedPayload?: boolean;
}

/**
 * The payload hash line of the canonical request. A declared x-amz-content-sha256 is what the client
 * signed, but a declared hash the body does not have is refused: trusting it would leave the body unsigned.
 */
function payloadHash(parsed: ParsedSignature, req: HttpRequest, allowUnsigned: boolean): string {
  const declared = req.headers['x-amz-content-sha256'];
  if (declared === undefined) return sha256Hex(req.body);
  if (declared === UNSIGNED_PAYLOAD && allowUnsigned) return declared;
  const actual = sha256Hex(req.body);
  if (declared !== actual) throw authError('signatureMismatch', parsed.protocolStyle);
  return actual;
}

/** The signature the request should carry, as lower-case hex: for diagnostics and benchmarks. */
export function computeSignature(
  parsed: ParsedSignature,
  req: HttpRequest,
  secretAccessKey: SigningSecret,
  options: VerifyOptions = {},
): string {
  return signatureDigest(parsed, req, secretAccessKey, options);
}

/**
 * The expected signature as lower-case hex. Node 20 makes a hex string from a digest faster than a Buffer, and the
 * hex is what the client sends, so the two are compared as hex text (in constant time, by verifySignature).
 */
function signatureDigest(
  parsed: ParsedSignature,
  req: HttpRequest,
  secret: SigningSecret,
  options: VerifyOptions,
): string {
  const canonicalRequest = buildCanonicalRequest({
    method: req.method,
    rawPath: req.path,
    rawQuery: req.rawQuery,
    headers: req.headers,
    signedHeaders: parsed.signedHeaders,
    payloadHash: payloadHash(parsed, req, options.allowUnsignedPayload ?? true),
    presigned: parsed.presigned,
  });
  const stringToSign = buildStringToSign(parsed.amzDate, parsed.credentialScope, canonicalRequest);
  const cache = options.cache ?? defaultSigningKeyCache;
  const { dateStamp, region, service } = parsed;
  let signingKey: Buffer;
  if (typeof secret === 'string') {
    signingKey =
      cache === false
        ? deriveSigningKey(secret, dateStamp, region, service)
        : cache.get(secret, dateStamp, region, service);
  } else {
    signingKey =
      cache === false
        ? deriveSigningKey(secret.read(), dateStamp, region, service)
        : cache.getFor(secret, dateStamp, region, service);
  }
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

/**
 * Verifies a parsed signature with the access key's secret: the request time against `now`, then
 * the HMAC of the canonical request, compared in constant time. Throws AWS's error on any mismatch.
 */
export function verifySignature(
  parsed: ParsedSignature,
  req: HttpRequest,
  secret: SigningSecret,
  now: Date,
  options: VerifyOptions = {},
): void {
  checkRequestTime(parsed, now);
  const expected = signatureDigest(parsed, req, secret, options);
  // Both are 64 lower-case hex digits here, so their latin1 bytes are equal exactly when the HMACs are.
  if (!SIGNATURE_FORMAT.test(parsed.signature)) throw authError('signatureMismatch', parsed.protocolStyle);
  EXPECTED_BYTES.write(expected, 'latin1');
  SENT_BYTES.write(parsed.signature, 'latin1');
  if (!timingSafeEqual(EXPECTED_BYTES, SENT_BYTES)) {
    throw authError('signatureMismatch', parsed.protocolStyle);
  }
}
