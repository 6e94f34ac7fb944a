// The audit_events row of a record: the record's JSON plus the columns LookupEvents filters on, all derived from it.
import type { Insertable } from 'kysely';
import { MAX_NESTING_DEPTH, valueTooDeep } from '../aws/protocols/nesting.js';
import type { AuditEventsTable } from '../store/schema.js';
import type { CloudTrailRecord } from './record.js';
import { truncateDeep } from './redact.js';
import { lookupUsername } from './user-identity.js';

/**
 * How deep a stored record may nest: the record, its requestParameters (or responseElements, additionalEventData),
 * then a value that redaction has already bounded at MAX_NESTING_DEPTH, the last level being its OMITTED marker.
 */
const RECORD_DEPTH_LIMIT = MAX_NESTING_DEPTH + 2;

/**
 * The record as it is written. Redaction already bounds the values a call carries; a record that is deeper all
 * the same (a future field, a builder that skipped redaction) is cut back rather than left to overflow the stack
 * in JSON.stringify here, or wherever the stored JSON is parsed and written again (LookupEvents, trail files).
 */
function storable(record: CloudTrailRecord): CloudTrailRecord {
  if (!valueTooDeep(record, RECORD_DEPTH_LIMIT)) return record;
  return { ...(truncateDeep(record, RECORD_DEPTH_LIMIT) as CloudTrailRecord), omitted: true };
}

/**
 * resource_names and resource_types are JSON arrays of strings, index-aligned (a resource without a type has '').
 * A JSON-encoded value such as `"arn:aws:iam::1:role/r"` only occurs in the array text as that whole element, so
 * LookupEvents can match one element with a substring test.
 */
export function auditRowOf(record: CloudTrailRecord): Insertable<AuditEventsTable> {
  const resources = record.resources ?? [];
  return {
    event_id: record.eventID,
    event_time: Date.parse(record.eventTime),
    recipient_account_id: record.recipientAccountId,
    event_source: record.eventSource,
    event_name: record.eventName,
    username: lookupUsername(record.userIdentity),
    access_key_id: record.userIdentity.accessKeyId ?? null,
    read_only: record.readOnly ? 1 : 0,
    resource_names: resources.length ? JSON.stringify(resources.map((r) => r.ARN)) : null,
    resource_types: resources.length ? JSON.stringify(resources.map((r) => r.type ?? '')) : null,
    record: JSON.stringify(storable(record)),
  };
}

/** The needle that finds one element of a resource_names/resource_types array by substring. */
export function resourceNeedle(value: string): string {
  return JSON.stringify(value);
}
