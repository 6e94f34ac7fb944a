// LookupEvents page tokens: an opaque position, MAC'd so a token altered or reused with other filters is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../../store/secrets.js';
import { cloudTrailError } from './errors.js';

const KEY_LABEL = 'warden/cloudtrail/lookup-events-token/v1';

/** Where the next page starts: strictly after this (event_time, seq), newest first. */
export interface PagePosition {
  eventTime: number;
  seq: number;
}

function mac(secrets: SecretBox, scope: string, payload: string): Buffer {
  return createHmac('sha256', secrets.deriveKey(KEY_LABEL)).update(scope).update('\n').update(payload).digest();
}

/** scope binds the token to the account and filters it was issued for. */
export function encodeNextToken(secrets: SecretBox, scope: string, position: PagePosition): string {
  const payload = Buffer.from(JSON.stringify([position.eventTime, position.seq])).toString('base64url');
  return `${payload}.${mac(secrets, scope, payload).toString('base64url')}`;
}

export function invalidNextToken() {
  return cloudTrailError('InvalidNextTokenException', 'Invalid NextToken.');
}

export function decodeNextToken(secrets: SecretBox, scope: string, token: string): PagePosition {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw invalidNextToken();
  const expected = mac(secrets, scope, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidNextToken();
  const position: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!Array.isArray(position) || position.length !== 2 || !position.every((n) => Number.isSafeInteger(n))) {
    throw invalidNextToken();
  }
  return { eventTime: position[0] as number, seq: position[1] as number };
}
