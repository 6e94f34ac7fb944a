// STS session credentials: a self-contained, encrypted session token that any node sharing the master key can verify.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { CallerIdentity } from '../aws/identity.js';
import type { ProtocolStyle } from '../aws/sigv4-errors.js';
import { authError } from '../aws/sigv4-errors.js';
import { newSecretAccessKey } from '../aws/ids.js';
import type { Runtime } from '../core/runtime.js';
import type { SecretBox } from '../store/secrets.js';
import { newSessionAccessKeyId } from './session-key-id.js';
import { sessionIdentity } from './session-identity.js';
import type { SessionPayload, SessionGrant } from './session-payload.js';
import { decodePayload, encodePayload } from './session-payload.js';

export type { SessionPayload, SessionGrant, SessionKind, SessionIssuerData } from './session-payload.js';

/** The HKDF label of the token key: tokens open only under the master key that sealed them. */
export const SESSION_TOKEN_KEY_LABEL = 'sts-session-token';
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The largest token accepted: far above what the packed-size limits let a session carry. */
const MAX_TOKEN_CHARS = 12_000;

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface ResolvedSession {
  secretAccessKey: string;
  identity: CallerIdentity;
  payload: SessionPayload;
}

const keys = new WeakMap<SecretBox, Buffer>();

function tokenKey(secrets: SecretBox): Buffer {
  let key = keys.get(secrets);
  if (key === undefined) keys.set(secrets, (key = secrets.deriveKey(SESSION_TOKEN_KEY_LABEL)));
  return key;
}

/** The key id and the format version are authenticated with the payload: a token only works with its own key id. */
function additionalData(accessKeyId: string): Buffer {
  return Buffer.from(`warden/sts-session/v${VERSION}\0${accessKeyId}`, 'utf8');
}

/**
 * Mints credentials for a session: an `ASIA` key id naming the account, a random secret, and the session token,
 * which is `base64(version | iv | AES-256-GCM(deflate(payload)) | tag)` under a key derived from the master key.
 * Nothing is stored: the token itself carries the secret and everything authorization needs.
 */
export function issueSessionCredentials(runtime: Pick<Runtime, 'secrets'>, grant: SessionGrant): IssuedCredentials {
  const accessKeyId = newSessionAccessKeyId(grant.accountId);
  const secretAccessKey = newSecretAccessKey();
  const payload: SessionPayload = { ...grant, accessKeyId, secretAccessKey };
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', tokenKey(runtime.secrets), iv);
  cipher.setAAD(additionalData(accessKeyId));
  const body = Buffer.concat([cipher.update(deflateRawSync(encodePayload(payload))), cipher.final()]);
  const token = Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]).toString('base64');
  return { accessKeyId, secretAccessKey, sessionToken: token, expiration: grant.expiration };
}

/** Opens a token; undefined when it was altered, sealed under another master key or for another key id. */
export function openSessionToken(
  runtime: Pick<Runtime, 'secrets'>,
  accessKeyId: string,
  sessionToken: string,
): SessionPayload | undefined {
  if (sessionToken.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(sessionToken)) return undefined;
  const bytes = Buffer.from(sessionToken, 'base64');
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', tokenKey(runtime.secrets), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(accessKeyId));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  let plain: Buffer;
  try {
    plain = inflateRawSync(Buffer.concat([decipher.update(body), decipher.final()]));
  } catch {
    return undefined;
  }
  const payload = decodePayload(plain);
  return payload?.accessKeyId === accessKeyId ? payload : undefined;
}

/**
 * Authenticates temporary credentials: the token must open for this key id (else InvalidClientTokenId, as AWS
 * answers a token that is not the key's) and the session must not have expired at `now`, the request's time (else
 * ExpiredToken). Returns the secret to verify the signature with and the caller the session stands for.
 */
export function resolveSessionToken(
  runtime: Pick<Runtime, 'secrets'>,
  accessKeyId: string,
  sessionToken: string,
  now: Date,
  style: ProtocolStyle = 'query',
): ResolvedSession {
  const payload = openSessionToken(runtime, accessKeyId, sessionToken);
  if (!payload) throw authError('invalidToken', style);
  if (now.getTime() >= payload.expiration.getTime()) throw authError('expiredToken', style);
  return { secretAccessKey: payload.secretAccessKey, identity: sessionIdentity(payload), payload };
}
