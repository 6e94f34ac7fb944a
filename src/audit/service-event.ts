// Records of events a service notices on its own (a Shield attack starting), not calls: CloudTrail's AwsServiceEvent.
import { randomUUID } from 'node:crypto';
import type { CloudTrailRecord, RecordResource } from './cloudtrail-record.js';
import { EVENT_VERSION } from './record.js';
import { capRecord } from './record-caps.js';
import { newEventId } from './event-id.js';

export interface ServiceEventInput {
  /** The service's host name, which CloudTrail shows as the caller, source and user agent alike. */
  readonly eventSource: string;
  readonly eventName: string;
  readonly region: string;
  readonly recipientAccountId: string;
  readonly time: Date;
  readonly details: Record<string, unknown>;
  readonly resources?: readonly RecordResource[];
}

export function buildServiceEventRecord(input: ServiceEventInput): CloudTrailRecord {
  return capRecord({
    eventVersion: EVENT_VERSION,
    userIdentity: { type: 'AWSService', invokedBy: input.eventSource },
    eventTime: input.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: input.eventSource,
    eventName: input.eventName,
    awsRegion: input.region,
    sourceIPAddress: input.eventSource,
    userAgent: input.eventSource,
    requestParameters: null,
    responseElements: null,
    requestID: randomUUID(),
    eventID: newEventId(input.time.getTime()),
    readOnly: false,
    ...(input.resources && input.resources.length > 0 ? { resources: [...input.resources] } : {}),
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: input.recipientAccountId,
    eventCategory: 'Management',
    serviceEventDetails: input.details,
  });
}
