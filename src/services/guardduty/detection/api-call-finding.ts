// The parts every API-call finding shares, built from one CloudTrail record: the access key resource and the AWS_API_CALL action.
import { isIP } from 'node:net';
import type {
  AccessKeyDetails,
  AwsApiCallAction,
  RemoteIpDetails,
  Resource,
} from '../../../aws/generated/guardduty.js';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { NewFinding } from '../finding-store.js';
import type { DetectionScope } from './types.js';

/** GuardDuty's default severities: Low, Medium, High. */
export const SEVERITY = { LOW: 2, MEDIUM: 5, HIGH: 8 } as const;

/** Strings from a record go into findings capped: a record field a client made up must not grow storage. */
const MAX_TEXT = 1024;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : undefined;

/** The record's userIdentity as an object, whatever the record held (imported trails may hold anything). */
function identityOf(record: Readonly<CloudTrailRecord>): Record<string, unknown> {
  const id = (record as { userIdentity?: unknown }).userIdentity;
  return typeof id === 'object' && id !== null && !Array.isArray(id) ? (id as Record<string, unknown>) : {};
}

function issuerUserName(identity: Record<string, unknown>): string | undefined {
  const ctx = identity.sessionContext;
  if (typeof ctx !== 'object' || ctx === null) return undefined;
  const issuer = (ctx as Record<string, unknown>).sessionIssuer;
  if (typeof issuer !== 'object' || issuer === null) return undefined;
  return text((issuer as Record<string, unknown>).userName);
}

/** The last path segment of an ARN (`assumed-role/Role/session` → `session`). */
function arnTail(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const tail = arn.slice(arn.lastIndexOf('/') + 1);
  return tail === '' || tail === arn ? undefined : tail;
}

/**
 * AccessKeyDetails as GuardDuty fills them from userIdentity: the root user is `Root` with the account id as its
 * principal; an assumed role is named by its role (the session issuer) with the session's principal id (`AROA…:session`);
 * a federated user by the IAM user that federated it; a service by the service's domain (invokedBy).
 */
export function accessKeyDetailsOf(record: Readonly<CloudTrailRecord>): AccessKeyDetails {
  const identity = identityOf(record);
  const type = text(identity.type) ?? 'Unknown';
  const details: AccessKeyDetails = { UserType: type };
  const accessKeyId = text(identity.accessKeyId);
  if (accessKeyId) details.AccessKeyId = accessKeyId;
  const principalId = text(identity.principalId);
  switch (type) {
    case 'Root':
      details.PrincipalId = principalId ?? text(identity.accountId) ?? text(record.recipientAccountId);
      details.UserName = 'Root';
      break;
    case 'AssumedRole':
      details.PrincipalId = principalId;
      details.UserName = issuerUserName(identity) ?? arnTail(text(identity.arn));
      break;
    case 'FederatedUser':
      details.PrincipalId = principalId;
      details.UserName = issuerUserName(identity) ?? arnTail(text(identity.arn));
      break;
    case 'AWSService':
      details.PrincipalId = text(identity.invokedBy);
      details.UserName = text(identity.invokedBy);
      break;
    default:
      details.PrincipalId = principalId;
      details.UserName = text(identity.userName) ?? arnTail(text(identity.arn));
  }
  if (details.PrincipalId === undefined) delete details.PrincipalId;
  if (details.UserName === undefined) delete details.UserName;
  return details;
}

/** The caller's name as findings' descriptions word it (the user, role or service; `Root`). */
export function actorName(record: Readonly<CloudTrailRecord>): string {
  const d = accessKeyDetailsOf(record);
  return d.UserName ?? d.PrincipalId ?? d.AccessKeyId ?? 'an unknown caller';
}

/** The record's source address when it is an IP address (not an AWS service's domain), else undefined. */
export function remoteIpOf(record: Readonly<CloudTrailRecord>): string | undefined {
  const source = text(record.sourceIPAddress);
  return source !== undefined && isIP(source) !== 0 ? source : undefined;
}

function remoteIpDetails(ip: string): RemoteIpDetails {
  return isIP(ip) === 6 ? { IpAddressV6: ip } : { IpAddressV4: ip };
}

/** The resources the call acted on, by CloudTrail resource type (`AWS::CloudTrail::Trail` → ARN), bounded. */
function affectedResourcesOf(record: Readonly<CloudTrailRecord>): Record<string, string> {
  const out: Record<string, string> = {};
  const resources = (record as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) return out;
  for (const r of resources.slice(0, 20)) {
    if (typeof r !== 'object' || r === null) continue;
    const type = text((r as Record<string, unknown>).type);
    const arn = text((r as Record<string, unknown>).ARN);
    if (type && arn && !(type in out)) out[type] = arn;
  }
  return out;
}

/**
 * The AWS_API_CALL action: the API and its service, the caller's address (a `Remote IP`) or, for calls an AWS
 * service made on the account's behalf, its domain (`Domain`), the user agent and the call's error code.
 */
export function apiCallActionOf(record: Readonly<CloudTrailRecord>): AwsApiCallAction {
  const action: AwsApiCallAction = { Api: text(record.eventName) ?? 'Unknown' };
  const ip = remoteIpOf(record);
  const source = text(record.sourceIPAddress);
  if (ip) {
    action.CallerType = 'Remote IP';
    action.RemoteIpDetails = remoteIpDetails(ip);
  } else if (source) {
    action.CallerType = 'Domain';
    action.DomainDetails = { Domain: source };
  }
  const service = text(record.eventSource);
  if (service) action.ServiceName = service;
  const agent = text(record.userAgent);
  if (agent) action.UserAgent = agent;
  const error = text(record.errorCode);
  if (error) action.ErrorCode = error;
  action.AffectedResources = affectedResourcesOf(record);
  return action;
}

/** The finding's resource: the access key the call was made with. */
export function accessKeyResourceOf(record: Readonly<CloudTrailRecord>): Resource {
  return { ResourceType: 'AccessKey', AccessKeyDetails: accessKeyDetailsOf(record) };
}

/** Who made the call, for aggregation: the same identity with the same key is the same actor. */
export function actorKeyOf(record: Readonly<CloudTrailRecord>): string {
  const identity = identityOf(record);
  const who = text(identity.arn) ?? text(identity.principalId) ?? text(identity.invokedBy) ?? text(identity.type);
  return `${who ?? ''}\n${text(identity.accessKeyId) ?? ''}`;
}

export interface ApiCallFindingSpec {
  /** The documented finding type, `Policy:IAMUser/RootCredentialUsage`. */
  type: string;
  severity: number;
  title: string;
  description: string;
  /** What else a repeat must share beyond the actor to aggregate (the trail, the threat list). */
  key?: string;
  /** Service.AdditionalInfo's value (JSON-encoded by the builder); default `{}` as GuardDuty shows it. */
  additionalInfo?: Record<string, unknown>;
}

/** A finding of an API call: the access key targeted, the call as its action, aggregated by actor and type. */
export function apiCallFinding(
  scope: Pick<DetectionScope, 'at'>,
  record: Readonly<CloudTrailRecord>,
  spec: ApiCallFindingSpec,
): NewFinding {
  return {
    Type: spec.type,
    Severity: spec.severity,
    Title: spec.title,
    Description: spec.description,
    Resource: accessKeyResourceOf(record),
    Service: {
      Action: { ActionType: 'AWS_API_CALL', AwsApiCallAction: apiCallActionOf(record) },
      AdditionalInfo: { Value: JSON.stringify(spec.additionalInfo ?? {}), Type: 'default' },
      FeatureName: 'CloudTrail',
      ResourceRole: 'TARGET',
    },
    key: spec.key === undefined ? actorKeyOf(record) : `${actorKeyOf(record)}\n${spec.key}`,
    at: scope.at,
  };
}

/** The text GuardDuty's API-call descriptions name the caller's address with: the IP, or the service domain. */
export function sourceText(record: Readonly<CloudTrailRecord>): string {
  return text(record.sourceIPAddress) ?? 'an unknown address';
}
