// SigV4 signing keys (the HMAC chain date -> region -> service -> aws4_request) and a bounded cache of them.
import { createHmac } from 'node:crypto';
import { sha256HexOf } from './sigv4-canonical.js';

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secretAccessKey: string, dateStamp: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secretAccessKey)
    .update(dateStamp)
    .digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

export interface SigningKeyCacheStats {
  hits: number;
  misses: number;
  size: number;
  maxEntries: number;
}

/**
 * Signing keys by secret, day, region and service. A key is valid for a whole UTC day, so a busy
 * caller derives it once a day instead of four HMACs per request. The map is keyed by a digest of
 * the secret or by an id the caller gives for it (getFor), never the secret itself, and holds at most `maxEntries` keys: a hit moves its entry to
 * the back of the Map's insertion order and an insert past the limit drops the front (least recent).
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();
  private hits = 0;
  private misses = 0;
  /** The key of the entry at the back of `keys` (the most recently used), or '' when unknown. */
  private lastUsed = '';
  /** The entry returned last, by its parts: always the back of `keys`, so never the one an insert evicts. */
  private last: { id: string; dateStamp: string; region: string; service: string; key: Buffer } | undefined;

  constructor(readonly maxEntries = 1024) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get(secretAccessKey: string, dateStamp: string, region: string, service: string): Buffer {
    return this.getFor({ id: sha256HexOf(secretAccessKey), read: () => secretAccessKey }, dateStamp, region, service);
  }

  /**
   * The signing key for the secret that `secret.id` names: an id that is not the secret and changes whenever the
   * secret does (a stored key's id with its wrapped, randomly-IV'd ciphertext). `secret.read` runs only on a miss, so
   * a busy caller's secret is neither unwrapped nor hashed per request.
   */
  getFor(secret: { id: string; read(): string }, dateStamp: string, region: string, service: string): Buffer {
    // The most recent key again (one busy caller): compared field by field, without building the map key.
    const last = this.last;
    if (
      last !== undefined &&
      last.id === secret.id &&
      last.dateStamp === dateStamp &&
      last.region === region &&
      last.service === service
    ) {
      this.hits++;
      return last.key;
    }
    const cacheKey = secret.id + '/' + dateStamp + '/' + region + '/' + service;
    const cached = this.keys.get(cacheKey);
    if (cached) {
      this.hits++;
      // Already the most recent (a busy caller's usual case): moving it to the back would change nothing.
      if (cacheKey !== this.lastUsed) {
        this.keys.delete(cacheKey);
        this.keys.set(cacheKey, cached);
        this.lastUsed = cacheKey;
      }
      this.last = { id: secret.id, dateStamp, region, service, key: cached };
      return cached;
    }
    this.misses++;
    const key = deriveSigningKey(secret.read(), dateStamp, region, service);
    this.keys.set(cacheKey, key);
    this.lastUsed = cacheKey;
    this.last = { id: secret.id, dateStamp, region, service, key };
    if (this.keys.size > this.maxEntries) this.keys.delete(this.keys.keys().next().value as string);
    return key;
  }

  stats(): SigningKeyCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.keys.size, maxEntries: this.maxEntries };
  }

  clear(): void {
    this.keys.clear();
    this.lastUsed = '';
    this.last = undefined;
    this.hits = 0;
    this.misses = 0;
  }
}

/** The cache verifySignature uses unless told otherwise. */
export const defaultSigningKeyCache = new SigningKeyCache();
