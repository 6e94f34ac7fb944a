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
  // record one measurement replaces one per field and one of the whole.
  if (jsonBytes(out) <= RECORD_CAPS.objectFieldBytes) {
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
