// The audit_events row of a record: the record's JSON plus the columns LookupEvents filters on, all derived from it.
import type { Insertable } from 'kysely';
import type { AuditEventsTable } from '../store/schema.js';
import type { CloudTrailRecord } from './record.js';
import { lookupUsername } from './user-identity.js';

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
    record: JSON.stringify(record),
  };
}

/** The needle that finds one element of a resource_names/resource_types array by substring. */
export function resourceNeedle(value: string): string {
  return JSON.stringify(value);
}
