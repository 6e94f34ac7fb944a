// Small facts about a CloudTrail record detections share, each safe on any record however malformed.
import type { CloudTrailRecord } from '../../../audit/record.js';

/** Request parameters hold at most this much text per value a detection reads. */
const MAX_TEXT = 256;

/** An API call (not an event a service recorded on its own) with the fields detections read. */
export function isApiCall(record: Readonly<CloudTrailRecord>): boolean {
  return (
    typeof record === 'object' &&
    record !== null &&
    record.eventType === 'AwsApiCall' &&
    typeof record.eventName === 'string' &&
    typeof record.eventSource === 'string'
  );
}

/** A successful call of one of these operations of this event source. */
export function succeeded(
  record: Readonly<CloudTrailRecord>,
  eventSource: string,
  names: ReadonlySet<string>,
): boolean {
  return (
    isApiCall(record) &&
    record.eventSource === eventSource &&
    names.has(record.eventName) &&
    (record.errorCode === undefined || record.errorCode === null || record.errorCode === '')
  );
}

/** A request parameter as a string, capped. */
export function paramText(record: Readonly<CloudTrailRecord>, name: string): string | undefined {
  const params = record.requestParameters;
  if (typeof params !== 'object' || params === null) return undefined;
  const value = (params as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : undefined;
}

/** A request parameter as it was given (for booleans, numbers and lists). */
export function param(record: Readonly<CloudTrailRecord>, name: string): unknown {
  const params = record.requestParameters;
  if (typeof params !== 'object' || params === null) return undefined;
  return (params as Record<string, unknown>)[name];
}
