// The shape of one CloudTrail record (eventVersion 1.11) as Warden writes it; record.ts builds them.
import type { UserIdentityElement } from './user-identity.js';

export interface RecordResource {
  accountId: string;
  type?: string;
  ARN: string;
}

export interface TlsDetails {
  tlsVersion: string;
  cipherSuite: string;
  clientProvidedHostHeader: string;
}

export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: UserIdentityElement;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: RecordResource[];
  /** An API call, or an event a service recorded on its own (a Shield attack), as CloudTrail types them. */
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  sharedEventID?: string;
  eventCategory: 'Management';
  tlsDetails?: TlsDetails;
  /** What an AwsServiceEvent is about, in the service's own words. */
  serviceEventDetails?: Record<string, unknown>;
  /** Present (true) when a field was cut to its cap (src/audit/record-caps.ts), as CloudTrail marks truncation. */
  omitted?: true;
}
