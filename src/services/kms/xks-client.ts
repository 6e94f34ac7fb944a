// The client of the External Key Store (XKS) Proxy API v1: SigV4-signed JSON POSTs over HTTPS to an external key
// store proxy (GetHealthStatus, GetKeyMetadata, Encrypt, Decrypt), with the proxy's answers checked and its failures
// classified as the specification lists them (github.com/aws/aws-kms-xksproxy-api-spec).
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { isIP, type LookupFunction } from 'node:net';
import { readFile } from 'node:fs/promises';
import { signRequest } from '../../aws/sigv4-sign.js';
import { EGRESS_REFUSED, guardedLookup, xksEgressFor, type XksEgress } from './xks-egress.js';

/** The proxy's error names (the spec's error table), and the failures KMS meets before any answer. */
export type XksFailureKind =
  | 'ValidationException'
  | 'InvalidStateException'
  | 'InvalidCiphertextException'
  | 'InvalidKeyUsageException'
  | 'AuthenticationFailedException'
  | 'AccessDeniedException'
  | 'KeyNotFoundException'
  | 'InvalidUriPathException'
  | 'ThrottlingException'
  | 'UnsupportedOperationException'
  | 'DependencyTimeoutException'
  | 'InternalException'
  /** No TCP connection (refused, unresolvable, unreachable). */
  | 'Unreachable'
  /** Not attempted: the proxy's address is not one the operator allows (./xks-egress.ts); answered as Unreachable. */
  | 'Refused'
  /** No TLS connection: the certificate is untrusted, expired or names another host, or the handshake failed. */
  | 'Tls'
  /** No answer in the time allotted. */
  | 'Timeout'
  /** An answer that is not what the API specifies (no JSON, a missing or ill-formed field, an unknown error). */
  | 'Malformed'
  /** GetHealthStatus answered, but every external key manager in its fleet is UNAVAILABLE. */
  | 'AllUnavailable';

const PROXY_ERRORS: ReadonlySet<string> = new Set([
  'ValidationException',
  'InvalidStateException',
  'InvalidCiphertextException',
  'InvalidKeyUsageException',
  'AuthenticationFailedException',
  'AccessDeniedException',
  'KeyNotFoundException',
  'InvalidUriPathException',
  'ThrottlingException',
  'UnsupportedOperationException',
  'DependencyTimeoutException',
  'InternalException',
]);

/** A proxy call that failed; its kind decides the KMS error (./xks-errors.ts). Carries no secret and no plaintext. */
export class XksFailure extends Error {
  constructor(readonly kind: XksFailureKind) {
    super(`external key store proxy call failed: ${kind}`);
  }
}

/** Where the proxy is and how KMS authenticates to it: one external key store's configuration. */
export interface XksProxy {
  /** https://host, as XksProxyUriEndpoint holds it. */
  uriEndpoint: string;
  /** [/prefix]/kms/xks/v1, as XksProxyUriPath holds it. */
  uriPath: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The KMS Region calling: the SigV4 credential scope's region. */
  region: string;
}

/** Operator settings of the transport (Warden's configuration). */
export interface XksTransport {
  /** Per-request deadline; AWS allows a proxy 250 ms. */
  timeoutMs: number;
  /** A PEM file of certificate authorities trusted for proxies besides Node's bundled public ones. */
  caFile?: string;
  /** `host:port:address:port[,…]`: connect to another address and port for a proxy host, as curl's --connect-to. */
  connectTo?: string;
  /** Which proxy addresses may be connected to; public addresses only when absent. */
  egress?: XksEgress;
}

/** Who and what caused the call: the spec's requestMetadata. */
export interface RequestMetadata {
  awsPrincipalArn?: string;
  kmsKeyArn?: string;
  kmsOperation: string;
  kmsRequestId: string;
}

/** The most a proxy answer may hold: the largest valid one (a 4300-byte plaintext, base64) with ample room. */
const MAX_RESPONSE_BYTES = 64 * 1024;

const caFiles = new Map<string, Promise<string[]>>();

/** The trusted roots: Node's public ones plus the operator's file, read once (asynchronously) per path. */
function trustedRoots(caFile: string | undefined): Promise<string[]> | undefined {
  if (caFile === undefined) return undefined;
  let roots = caFiles.get(caFile);
  if (!roots) {
    roots = readFile(caFile, 'utf8').then((pem) => [...rootCertificates, pem]);
    caFiles.set(caFile, roots);
    roots.catch(() => caFiles.delete(caFile));
  }
  return roots;
}

/** The address and port to connect to for host:port, from the connect-to table (else the host itself). */
export function connectTarget(
  connectTo: string | undefined,
  host: string,
  port: number,
): { host: string; port: number } {
  for (const entry of (connectTo ?? '').split(',')) {
    const m = /^\s*([^:\s]+):(\d+):([^:\s]+):(\d+)\s*$/.exec(entry);
    if (m && m[1]!.toLowerCase() === host.toLowerCase() && Number(m[2]) === port) {
      return { host: m[3]!, port: Number(m[4]) };
    }
  }
  return { host, port };
}

function classifyNetworkError(err: unknown): XksFailureKind {
  const e = err as { name?: string; code?: string };
  if (e.code === EGRESS_REFUSED) return 'Refused';
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'ABORT_ERR') return 'Timeout';
  const code = e.code ?? '';
  if (/CERT|SSL|TLS|EPROTO|ALTNAME|SELF_SIGNED|UNABLE_TO/.test(code)) return 'Tls';
  return 'Unreachable';
}

/**
 * How the connection to target may resolve its address: unchecked for a host name the operator allowed, refused
 * at once for an IP address the rule refuses, else through a lookup that keeps only allowed addresses.
 */
function egressLookup(
  egress: XksEgress,
  host: string,
  port: number,
  target: { host: string; port: number },
): LookupFunction | undefined {
  if (egress.allowsName(host, port) || egress.allowsName(target.host, target.port)) return undefined;
  const literal = target.host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(literal) !== 0) {
    if (!egress.allowsAddress(literal, target.port)) throw new XksFailure('Refused');
    return undefined;
  }
  return guardedLookup(egress, target.port);
}

/** One signed POST to the proxy; the parsed JSON answer of a 200, else the failure as the spec classifies it. */
async function post(
  proxy: XksProxy,
  transport: XksTransport,
  suffix: string,
  payload: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let url: URL;
  try {
    url = new URL(proxy.uriEndpoint);
  } catch {
    throw new XksFailure('Unreachable');
  }
  const port = url.port === '' ? 443 : Number(url.port);
  const path = `${proxy.uriPath}${suffix}`;
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const hostHeader = port === 443 ? url.hostname : `${url.hostname}:${port}`;
  const headers: Record<string, string> = { host: hostHeader, 'content-type': 'application/json' };
  const signature = signRequest({ method: 'POST', path, headers, body }, proxy, {
    region: proxy.region,
    service: 'kms-xks-proxy',
    now: new Date(),
  });
  const target = connectTarget(transport.connectTo, url.hostname, port);
  const lookup = egressLookup(transport.egress ?? xksEgressFor(undefined), url.hostname, port, target);
  const ca = await trustedRoots(transport.caFile)?.catch(() => {
    throw new XksFailure('Tls');
  });
  const signal = AbortSignal.timeout(transport.timeoutMs);
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        method: 'POST',
        host: target.host,
        port: target.port,
        path,
        servername: url.hostname,
        headers: { ...headers, ...signature, 'content-length': String(body.length) },
        minVersion: 'TLSv1.2',
        signal,
        ...(lookup ? { lookup } : {}),
        ...(ca ? { ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy();
            reject(new XksFailure('Malformed'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(new XksFailure(classifyNetworkError(err))));
      },
    );
    req.on('error', (err) => reject(err instanceof XksFailure ? err : new XksFailure(classifyNetworkError(err))));
    req.end(body);
  });
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new XksFailure('Malformed');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new XksFailure('Malformed');
  const object = json as Record<string, unknown>;
  if (answer.status === 200) return object;
  const name = object['errorName'];
  throw new XksFailure(typeof name === 'string' && PROXY_ERRORS.has(name) ? (name as XksFailureKind) : 'Malformed');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A base64 field of the answer, decoded; Malformed when absent or not base64. */
function base64Field(object: Record<string, unknown>, name: string): Buffer {
  const value = object[name];
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) throw new XksFailure('Malformed');
  return Buffer.from(value, 'base64');
}

const b64 = (b: Buffer) => b.toString('base64');

/** GetHealthStatus: resolves when the proxy answers and at least one external key manager can serve. */
export async function getHealthStatus(
  proxy: XksProxy,
  transport: XksTransport,
  metadata: RequestMetadata,
): Promise<void> {
  const answer = await post(proxy, transport, '/health', {
    requestMetadata: { kmsRequestId: metadata.kmsRequestId, kmsOperation: metadata.kmsOperation },
  });
  const fleet = answer['ekmFleetDetails'];
  if (!Array.isArray(fleet) || fleet.length === 0 || fleet.length > 10) throw new XksFailure('Malformed');
  const statuses = fleet.map((e) => (e as { healthStatus?: unknown } | null)?.healthStatus);
  if (statuses.some((s) => s !== 'ACTIVE' && s !== 'DEGRADED' && s !== 'UNAVAILABLE')) {
    throw new XksFailure('Malformed');
  }
  if (statuses.every((s) => s === 'UNAVAILABLE')) throw new XksFailure('AllUnavailable');
}

export interface XksKeyMetadata {
  keySpec: string;
  keyUsage: string[];
  keyStatus: string;
}

/** GetKeyMetadata of an external key. */
export async function getKeyMetadata(
  proxy: XksProxy,
  transport: XksTransport,
  xksKeyId: string,
  metadata: RequestMetadata,
): Promise<XksKeyMetadata> {
  const answer = await post(proxy, transport, `/keys/${xksKeyId}/metadata`, {
    requestMetadata: {
      awsPrincipalArn: metadata.awsPrincipalArn,
      kmsOperation: metadata.kmsOperation,
      kmsRequestId: metadata.kmsRequestId,
    },
  });
  const { keySpec, keyUsage, keyStatus } = answer;
  if (
    typeof keySpec !== 'string' ||
    typeof keyStatus !== 'string' ||
    !Array.isArray(keyUsage) ||
    keyUsage.length > 10 ||
    !keyUsage.every((u) => typeof u === 'string')
  ) {
    throw new XksFailure('Malformed');
  }
  return { keySpec, keyUsage: keyUsage as string[], keyStatus };
}

export interface XksSealed {
  ciphertext: Buffer;
  initializationVector: Buffer;
  authenticationTag: Buffer;
  ciphertextMetadata?: Buffer;
}

/** Encrypt (AES_GCM) under an external key. */
export async function xksEncrypt(
  proxy: XksProxy,
  transport: XksTransport,
  xksKeyId: string,
  metadata: RequestMetadata,
  plaintext: Buffer,
  aad: Buffer,
): Promise<XksSealed> {
  const answer = await post(proxy, transport, `/keys/${xksKeyId}/encrypt`, {
    requestMetadata: metadata,
    additionalAuthenticatedData: b64(aad),
    plaintext: b64(plaintext),
    encryptionAlgorithm: 'AES_GCM',
  });
  const sealed: XksSealed = {
    ciphertext: base64Field(answer, 'ciphertext'),
    initializationVector: base64Field(answer, 'initializationVector'),
    authenticationTag: base64Field(answer, 'authenticationTag'),
  };
  if (answer['ciphertextMetadata'] !== undefined) sealed.ciphertextMetadata = base64Field(answer, 'ciphertextMetadata');
  // AES-GCM keeps the length; the IV is 12 or 16 bytes, the tag 16, any metadata at most 20 (the spec's bounds).
  if (
    sealed.ciphertext.length !== plaintext.length ||
    (sealed.initializationVector.length !== 12 && sealed.initializationVector.length !== 16) ||
    sealed.authenticationTag.length !== 16 ||
    (sealed.ciphertextMetadata?.length ?? 0) > 20
  ) {
    throw new XksFailure('Malformed');
  }
  return sealed;
}

/** Decrypt (AES_GCM) under an external key. */
export async function xksDecrypt(
  proxy: XksProxy,
  transport: XksTransport,
  xksKeyId: string,
  metadata: RequestMetadata,
  sealed: XksSealed,
  aad: Buffer,
): Promise<Buffer> {
  const answer = await post(proxy, transport, `/keys/${xksKeyId}/decrypt`, {
    requestMetadata: metadata,
    ciphertext: b64(sealed.ciphertext),
    ...(sealed.ciphertextMetadata ? { ciphertextMetadata: b64(sealed.ciphertextMetadata) } : {}),
    encryptionAlgorithm: 'AES_GCM',
    additionalAuthenticatedData: b64(aad),
    authenticationTag: b64(sealed.authenticationTag),
    initializationVector: b64(sealed.initializationVector),
  });
  const plaintext = base64Field(answer, 'plaintext');
  if (plaintext.length !== sealed.ciphertext.length) throw new XksFailure('Malformed');
  return plaintext;
}
