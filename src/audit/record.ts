// Builds the CloudTrail record (eventVersion 1.11) of one API call from what the request pipeline knew about it.
import { randomUUID } from 'node:crypto';
import type { AwsError } from '../aws/error.js';
import type { CallerIdentity } from '../aws/identity.js';
import { loadModel, type ModelName } from '../aws/model.js';
import { parseArn } from '../aws/arn.js';
import type { AuditNotes } from './notes.js';
import { isReadOnlyOperation } from './read-only.js';
import { capRecord } from './record-caps.js';
import { newEventId } from './event-id.js';
import { isoSeconds, redactByShape, redactLoose } from './redact.js';
import {
  federatedUserIdentity,
  signedUserIdentity,
  unauthenticatedUserIdentity,
  type UnauthenticatedCaller,
  type UserIdentityElement,
} from './user-identity.js';
import type { CloudTrailRecord, RecordResource, TlsDetails } from './cloudtrail-record.js';

export type { CloudTrailRecord, RecordResource, TlsDetails } from './cloudtrail-record.js';

export const EVENT_VERSION = '1.11';

/** Everything the pipeline knows of a call once it has been answered. */
export interface AuditInput {
  requestId: string;
  service: ModelName;
  /** The service's CloudTrail eventSource (its descriptor's: `kms.amazonaws.com`). */
  eventSource: string;
  /** The operation, or the name the client asked for when it is not one. */
  operation: string;
  region: string;
  /** The authenticated caller; absent when authentication failed or never happened. */
  identity?: CallerIdentity;
  /** What is known of a caller whose authentication failed. */
  failedCaller?: UnauthenticatedCaller;
  sourceIp: string;
  userAgent: string;
  /** When the request arrived. */
  time: Date;
  /** The decoded input (model member names); absent when decoding never happened or failed. */
  input?: Record<string, unknown>;
  /** The handler's output (model member names). */
  output?: unknown;
  error?: AwsError;
  /** The handler's overrides; its values are redacted by name but their keys are written as given. */
  notes?: AuditNotes;
  /** Only for calls that arrived over TLS. */
  tls?: TlsDetails;
}

function userIdentityOf(input: AuditInput): UserIdentityElement {
  if (input.identity && input.identity.type !== 'Anonymous') return signedUserIdentity(input.identity);
  if (input.identity) return input.error ? { type: 'Unknown' } : federatedUserIdentity(input.operation, input.output);
  return unauthenticatedUserIdentity(input.failedCaller);
}

/**
 * The account the event belongs to: the caller's, else (unsigned federation calls) the account of the role
 * asked for, else whatever authentication learned before it failed.
 */
function recipientOf(input: AuditInput): string {
  if (input.identity && input.identity.type !== 'Anonymous' && input.identity.accountId)
    return input.identity.accountId;
  const roleArn = input.input?.RoleArn;
  if (typeof roleArn === 'string') {
    const account = parseArn(roleArn)?.accountId;
    if (account) return account;
  }
  return input.failedCaller?.accountId ?? input.identity?.accountId ?? '';
}

function asObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.keys(value).length === 0 ? null : (value as Record<string, unknown>);
}

function requestParametersOf(input: AuditInput): Record<string, unknown> | null {
  const notes = input.notes;
  if (notes && 'requestParameters' in notes) return asObject(redactLoose(notes.requestParameters));
  if (!input.input) return null;
  const shape = loadModel(input.service).operations[input.operation]?.input?.shape;
  return shape ? asObject(redactByShape(loadModel(input.service), shape, input.input)) : null;
}

function responseElementsOf(input: AuditInput, readOnly: boolean): Record<string, unknown> | null {
  const notes = input.notes;
  if (notes && 'responseElements' in notes) return asObject(redactLoose(notes.responseElements));
  // CloudTrail records what a write returned; reads and failures have no responseElements.
  if (input.error || readOnly || input.output === undefined) return null;
  const shape = loadModel(input.service).operations[input.operation]?.output?.shape;
  return shape ? asObject(redactByShape(loadModel(input.service), shape, input.output)) : null;
}

function resourcesOf(notes: AuditNotes | undefined): RecordResource[] | undefined {
  if (!notes?.resources || notes.resources.length === 0) return undefined;
  return notes.resources.map((r) => ({
    accountId: r.accountId,
    ...(r.type !== undefined ? { type: r.type } : {}),
    ARN: r.ARN,
  }));
}

/**
 * The record delivered to the caller's account (or, for unsigned calls, the account of the role asked for), every
 * field within its cap: names, user agents, messages and parameters a client made up must not fill memory or disk.
 */
export function buildAuditRecord(input: AuditInput): CloudTrailRecord {
  const readOnly = isReadOnlyOperation(input.operation);
  const additional = asObject(redactLoose(input.notes?.additionalEventData));
  const resources = resourcesOf(input.notes);
  // Key order follows the records AWS writes, so files read the same.
  const record: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentityOf(input),
    eventTime: isoSeconds(input.time),
    eventSource: input.eventSource,
    eventName: input.operation,
    awsRegion: input.region,
    sourceIPAddress: input.sourceIp,
    userAgent: input.userAgent,
    ...(input.error ? { errorCode: input.error.code, errorMessage: input.error.message } : {}),
    requestParameters: requestParametersOf(input),
    responseElements: responseElementsOf(input, readOnly),
    ...(additional ? { additionalEventData: additional } : {}),
    requestID: input.requestId,
    eventID: newEventId(input.time.getTime()),
    readOnly,
    ...(resources ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: recipientOf(input),
    eventCategory: 'Management',
    ...(input.tls ? { tlsDetails: input.tls } : {}),
  };
  return capRecord(record);
}

/**
 * Every record the call produces: the caller's, plus one for each other account owning a resource the call
 * named, as CloudTrail delivers cross-account events to both sides under one sharedEventID.
 */
export function buildAuditRecords(input: AuditInput): CloudTrailRecord[] {
  const primary = buildAuditRecord(input);
  const others = [...new Set((primary.resources ?? []).map((r) => r.accountId))].filter(
    (account) => account !== '' && account !== primary.recipientAccountId && /^\d{12}$/.test(account),
  );
  if (others.length === 0) return [primary];
  const sharedEventID = randomUUID();
  const withShared = (record: CloudTrailRecord, recipient: string, eventID: string): CloudTrailRecord => {
    // Rebuilt key by key so sharedEventID sits where AWS writes it, after recipientAccountId.
    const { eventCategory, tlsDetails, ...head } = record;
    void eventCategory;
    return {
      ...head,
      eventID,
      recipientAccountId: recipient,
      sharedEventID,
      eventCategory: 'Management',
      ...(tlsDetails ? { tlsDetails } : {}),
    };
  };
  return [
    withShared(primary, primary.recipientAccountId, primary.eventID),
    ...others.map((account) => withShared(primary, account, newEventId(input.time.getTime()))),
  ];
}
