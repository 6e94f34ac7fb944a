// The encoded authorization message of a denial: the decision's details, sealed so only Warden can read them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SecretBox } from '../store/secrets.js';

/** The decoded message, in the shape STS DecodeAuthorizationMessage documents. */
export interface AuthorizationMessage {
  allowed: boolean;
  explicitDeny: boolean;
  matchedStatements: { items: MatchedStatementItem[] };
  failures: { items: FailureItem[] };
  context: {
    principal: { id: string; name?: string; arn: string };
    action: string;
    resource: string;
    conditions: { items: ConditionItem[] };
  };
}

export interface MatchedStatementItem {
  statementId: string;
  effect: 'ALLOW' | 'DENY';
  /** Warden's additions: which policy and where in it. */
  sourcePolicyId: string;
  sourcePolicyType: string;
  statementIndex: number;
}

export interface FailureItem {
  /** The policy type that did not allow (permissions boundary, session policy, ...). */
  policyType: string;
  reason: string;
}

export interface ConditionItem {
  key: string;
  values: { items: { value: string }[] };
}

const VERSION = 'w1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('warden/authorization-message/v1');
const keys = new WeakMap<SecretBox, Buffer>();

function keyOf(secrets: SecretBox): Buffer {
  let key = keys.get(secrets);
  if (key === undefined) keys.set(secrets, (key = secrets.deriveKey('authorization-message')));
  return key;
}

/** Compresses and seals the message (AES-256-GCM under a key derived from the master key): `w1.<base64url>`. */
export function encodeAuthorizationMessage(secrets: SecretBox, message: AuthorizationMessage): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secrets), iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(deflateRawSync(JSON.stringify(message))), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/** Opens a message from {@link encodeAuthorizationMessage}; undefined if it was altered, truncated or not Warden's. */
export function decodeAuthorizationMessage(secrets: SecretBox, encoded: string): AuthorizationMessage | undefined {
  const dot = encoded.indexOf('.');
  if (dot < 0 || encoded.slice(0, dot) !== VERSION) return undefined;
  const payload = encoded.slice(dot + 1);
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  const bytes = Buffer.from(payload, 'base64url');
  // Only the exact text Warden issued: base64 decoding would otherwise ignore stray trailing characters.
  if (bytes.length < IV_BYTES + TAG_BYTES || bytes.toString('base64url') !== payload) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secrets), bytes.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(AAD);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(inflateRawSync(plain).toString('utf8')) as AuthorizationMessage;
  } catch {
    return undefined;
  }
}
