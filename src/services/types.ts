// What a service folder implements: typed handlers per operation, called with the request's context.
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import type { Runtime } from '../runtime.js';

/** Everything a handler may know about the request it serves. */
export interface RequestContext {
  readonly requestId: string;
  readonly service: ModelName;
  readonly operation: string;
  /** The SigV4 signing region (or the configured default for unsigned calls). */
  readonly region: string;
  /** aws, aws-cn, aws-us-gov, ... derived from the region: ARNs Warden returns carry it. */
  readonly partition: string;
  readonly identity: CallerIdentity;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly secureTransport: boolean;
  readonly receivedAt: Date;
  readonly runtime: Runtime;
  /** What the audit record shows; handlers may fill responseElements or name resources. */
  readonly audit: AuditNotes;
}

export interface AuditNotes {
  /** Overrides the redacted input as requestParameters (null hides it, as AWS does for some reads). */
  requestParameters?: Record<string, unknown> | null;
  /** responseElements: AWS records them for writes, null for most reads. */
  responseElements?: Record<string, unknown> | null;
  resources?: { ARN: string; accountId: string; type?: string }[];
  /** Extra fields for the record (additionalEventData, serviceEventDetails, ...). */
  additionalEventData?: Record<string, unknown>;
}

export type Handler<I = any, O = any> = (ctx: RequestContext, input: I) => Promise<O>;

export interface ServiceProvider {
  readonly name: ModelName;
  /** Operations Warden implements; any other operation in the model answers NotImplemented (501). */
  readonly handlers: Readonly<Record<string, Handler>>;
  /** Operations callable without a signature (AssumeRoleWithWebIdentity, AssumeRoleWithSAML). */
  readonly unsigned?: ReadonlySet<string>;
}
