// What a handler adds to its call's CloudTrail record (a RequestContext's `audit`, src/core/runtime.ts).

export interface AuditNotes {
  /** Overrides the redacted input as requestParameters (null hides it, as AWS does for some reads). */
  requestParameters?: Record<string, unknown> | null;
  /** responseElements: AWS records them for writes, null for most reads. */
  responseElements?: Record<string, unknown> | null;
  resources?: { ARN: string; accountId: string; type?: string }[];
  /** Extra fields for the record (additionalEventData, serviceEventDetails, ...). */
  additionalEventData?: Record<string, unknown>;
}
