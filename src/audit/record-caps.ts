// Size caps on an audit record, so no request — signed or not — can make its record, row or trail file large.
import type { CloudTrailRecord } from './cloudtrail-record.js';

/**
 * The caps, in UTF-16 code units for strings and UTF-8 bytes of JSON for objects and the whole record.
 *
 * - eventName: the longest modelled operation name is far shorter; only a name the client made up reaches this.
 * - userAgent, errorMessage, sourceIPAddress, awsRegion: ample for every real value (an SDK's user agent is a few
 *   hundred characters; validation messages quoting a value a few KB), small enough that a flood of them is not.
 * - accessKeyId: IAM's AccessKeyId shape allows at most 128 characters; a failed caller may send any string.
 * - requestParameters, responseElements, additionalEventData: 100 KB each, as CloudTrail caps them.
 * - the record: 256 KB, CloudTrail's event size limit since event version 1.05.
 *
 * CloudTrail truncates a field whose contents exceed the field's maximum and marks the event with `omitted: true`;
 * Warden does the same: a string is cut to its cap, an object field too large becomes `{ "omitted": true }`.
 */
export const RECORD_CAPS = {
  eventName: 128,
  userAgent: 1024,
  errorMessage: 4096,
  sourceIPAddress: 128,
  awsRegion: 64,
  accessKeyId: 128,
  objectFieldBytes: 100 * 1024,
  recordBytes: 256 * 1024,
} as const;

/** `text` cut to at most `max` UTF-16 code units, never splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end);
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** Past this depth jsonFitsWithin gives up (false) rather than recurse further; the exact measurement decides. */
const FITS_DEPTH_LIMIT = 64;

/**
 * True when value's JSON is certainly at most `limit` UTF-8 bytes, from a walk that never builds the JSON: a string
 * of n UTF-16 units takes at most 6n + 2 bytes (every unit escaped as `\uXXXX` is the worst case; no unit takes
 * more than 3 bytes unescaped), a number at most 25, true, false, null and undefined at most 5, each key as a
 * string, plus a colon or comma and brackets. False means "not known", never "too large": anything it does not
 * follow exactly (a toJSON, a class instance, depth past FITS_DEPTH_LIMIT) answers false and the caller measures.
 */
export function jsonFitsWithin(value: unknown, limit: number): boolean {
  return jsonBound(value, limit, 0) <= limit;
}

function jsonBound(value: unknown, budget: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
      return 25;
    case 'boolean':
      return 5;
    case 'undefined':
      // Left out of an object; `null` in an array.
      return 4;
    case 'object': {
      if (value === null) return 4;
      if (depth >= FITS_DEPTH_LIMIT) return Infinity;
      let total = 2;
      if (Array.isArray(value)) {
        for (const item of value) {
          total += jsonBound(item, budget - total, depth + 1) + 1;
          if (total > budget) return Infinity;
        }
        return total;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || 'toJSON' in value) return Infinity;
      for (const key in value) {
        total += 6 * key.length + 4 + jsonBound((value as Record<string, unknown>)[key], budget - total, depth + 1);
        if (total > budget) return Infinity;
      }
      return total;
    }
    default:
      // bigint (JSON.stringify throws), symbol and function (left out or null): measured exactly by the caller.
      return Infinity;
  }
}

type ObjectField = 'requestParameters' | 'responseElements' | 'additionalEventData';
type StringField = 'eventName' | 'userAgent' | 'errorMessage' | 'sourceIPAddress' | 'awsRegion';

const STRING_FIELDS: readonly StringField[] = [
  'eventName',
  'userAgent',
  'errorMessage',
  'sourceIPAddress',
  'awsRegion',
];
/** Given up first to last when the whole record is still too large. */
const OBJECT_FIELDS: readonly ObjectField[] = ['additionalEventData', 'responseElements', 'requestParameters'];
const OMITTED = Object.freeze({ omitted: true });
const OMITTED_BYTES = jsonBytes(OMITTED);
/** The record with every field within its cap; marked `omitted: true` when anything was cut. */
export function capRecord(record: CloudTrailRecord): CloudTrailRecord {
  let capped = false;
  const out: CloudTrailRecord = { ...record };
  for (const field of STRING_FIELDS) {
    const value = out[field];
    if (typeof value === 'string' && value.length > RECORD_CAPS[field]) {
      out[field] = capText(value, RECORD_CAPS[field]);
      capped = true;
    }
  }
  const keyId = out.userIdentity.accessKeyId;
  if (keyId !== undefined && keyId.length > RECORD_CAPS.accessKeyId) {
    out.userIdentity = { ...out.userIdentity, accessKeyId: capText(keyId, RECORD_CAPS.accessKeyId) };
    capped = true;
  }
  // A record whose whole JSON is within the smallest object cap has every field within its cap: for nearly every
  // record one bound (no JSON built: the row builds it once, row.ts) replaces a measurement per field and the whole.
  if (jsonFitsWithin(out, RECORD_CAPS.objectFieldBytes) || jsonBytes(out) <= RECORD_CAPS.objectFieldBytes) {
    if (capped) out.omitted = true;
    return out;
  }
  for (const field of OBJECT_FIELDS) {
    const value = out[field];
    if (value && jsonBytes(value) > RECORD_CAPS.objectFieldBytes) {
      out[field] = { ...OMITTED };
      capped = true;
    }
  }
  if (capped) out.omitted = true;
  // The rest of a record is bounded by the caps above and by what Warden itself wrote, except resources.
  if (jsonBytes(out) > RECORD_CAPS.recordBytes) {
    out.omitted = true;
    for (const field of OBJECT_FIELDS) {
      if (out[field] && jsonBytes(out[field]) > OMITTED_BYTES) out[field] = { ...OMITTED };
      if (jsonBytes(out) <= RECORD_CAPS.recordBytes) return out;
    }
    while (out.resources && out.resources.length > 0 && jsonBytes(out) > RECORD_CAPS.recordBytes) {
      out.resources = out.resources.slice(0, Math.floor(out.resources.length / 2));
    }
    if (out.resources?.length === 0) delete out.resources;
  }
  return out;
}
