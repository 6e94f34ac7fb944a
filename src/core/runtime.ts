// The request-time types every layer shares: the running server's parts, a request's context, handlers, providers.
//
// They refer to each other (a Runtime holds the providers, a provider's handlers take a RequestContext, the context
// holds the Runtime), so they share this one file: split across files they would import each other in a cycle.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import type { Store } from '../store/store.js';
import type { SecretBox } from '../store/secrets.js';
import type { AuditWriter } from '../audit/writer.js';
import type { AuditNotes } from './audit-notes.js';

/** The running server's shared parts: configuration, store, secrets, audit writer and services. */
export interface Runtime {
  readonly config: Config;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly audit: AuditWriter;
  readonly services: ReadonlyMap<ModelName, ServiceProvider>;
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
  readonly name: ModelName;
  /** Operations Warden implements; any other operation in the model answers NotImplemented (501). */
  readonly handlers: Readonly<Record<string, Handler>>;
  /** Operations callable without a signature (AssumeRoleWithWebIdentity, AssumeRoleWithSAML). */
  readonly unsigned?: ReadonlySet<string>;
}
