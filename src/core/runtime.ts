// The request-time types every layer shares: the running server's parts, a request's context, handlers, services.
//
// They refer to each other (a Runtime holds the services, a service's handlers take a RequestContext, the context
// holds the Runtime), so they share this one file: split across files they would import each other in a cycle.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import type { Store } from '../store/store.js';
import type { SecretBox } from '../store/secrets.js';
import type { Migration } from '../store/store.js';
import type { AuditWriter } from '../audit/writer.js';
import type { AuditNotes } from './audit-notes.js';

/** The running server's shared parts: configuration, store, secrets, audit writer and services. */
export interface Runtime {
  readonly config: Config;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly audit: AuditWriter;
  /** Every service Warden knows (src/services/registry.ts), served or only modelled, by model name. */
  readonly services: ReadonlyMap<ModelName, ServiceDescriptor>;
  readonly log: Logger;
}

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

export type Handler<I = any, O = any> = (ctx: RequestContext, input: I) => Promise<O>;

/** What a service folder implements: typed handlers per operation, called with the request's context. */
export interface ServiceProvider {
  /** Operations Warden implements; any other operation in the model answers NotImplemented (501). */
  readonly handlers: Readonly<Record<string, Handler>>;
  /** Operations callable without a signature (AssumeRoleWithWebIdentity, AssumeRoleWithSAML). */
  readonly unsigned?: ReadonlySet<string>;
}

/** How billing and Cost Explorer name a service's API requests. */
export interface ServiceBilling {
  /** The SERVICE dimension value Cost Explorer shows: `AWS Key Management Service`. */
  readonly name: string;
  /** The usage type one API request counts under: `KMS-Requests` (it needs a list price in src/billing/price-list.ts). */
  readonly requestUsageType: string;
}

/**
 * One AWS service as Warden knows it. Each service folder exports one from its service.ts, and
 * src/services/registry.ts lists them: routing, IAM prefixes, CloudTrail event sources, billing, migrations and
 * generated types all derive from that one list.
 */
export interface ServiceDescriptor {
  /** Its vendored botocore model, models/<model>.json; also the SigV4 signing name requests are routed by. */
  readonly model: ModelName;
  /** The IAM service prefix: its actions are `<iamPrefix>:<Operation>`. */
  readonly iamPrefix: string;
  /** The eventSource of its calls' CloudTrail records: `kms.amazonaws.com`. */
  readonly eventSource: string;
  readonly billing: ServiceBilling;
  /** Its handlers. Absent while the service is only modelled: every operation answers 501 naming it. */
  readonly provider?: ServiceProvider;
  /**
   * Its schema migrations, applied with every other service's in id order. Ids are unique across Warden and never
   * renamed (a database records the ids it applied). The row types of its tables join the store's Database type
   * from its tables.ts (see src/store/schema.ts).
   */
  readonly migrations?: readonly Migration[];
}
