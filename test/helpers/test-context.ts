// Test helpers: a Runtime over a given store and a RequestContext as the pipeline would build, for calling handlers directly.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import type { CallerIdentity } from '../../src/aws/identity.js';
import type { ModelName } from '../../src/aws/model.js';
import { newRequestId } from '../../src/aws/ids.js';
import { partitionOf } from '../../src/aws/partitions.js';
import { createAuditWriter } from '../../src/audit/writer.js';
import { SecretBox, MASTER_KEY_BYTES } from '../../src/store/secrets.js';
import type { Store } from '../../src/store/store.js';
import type { RequestContext, Runtime, ServiceDescriptor } from '../../src/core/runtime.js';
import { SERVICES } from '../../src/services/registry.js';
import type { AuditNotes } from '../../src/audit/notes.js';
import { authorizationStores } from '../../src/core/stores.js';

export interface TestRuntimeOptions {
  /** Configuration overrides; dataDir should be a temporary directory when the code under test writes files. */
  config?: Partial<Config>;
  /** The services the runtime knows; all of Warden's when not given. */
  services?: readonly ServiceDescriptor[];
  secrets?: SecretBox;
}

/** A Runtime over store with a random master key, a real audit writer and a silent logger. */
export function makeTestRuntime(store: Store, opts: TestRuntimeOptions = {}): Runtime {
  const services = opts.services ?? SERVICES;
  return {
    config: loadConfig({ testMode: true, logLevel: 'silent' }, opts.config ?? {}),
    store,
    secrets: opts.secrets ?? new SecretBox(randomBytes(MASTER_KEY_BYTES)),
    audit: createAuditWriter(store),
    services: new Map(services.map((s) => [s.model, s])),
    ...authorizationStores(services),
    log: pino({ level: 'silent' }),
  };
}

/** The root user of accountId, signed with accessKeyId (if given), as authentication resolves it. */
export function rootIdentity(
  accountId: string,
  opts: { partition?: string; accessKeyId?: string } = {},
): CallerIdentity {
  const partition = opts.partition ?? 'aws';
  return {
    type: 'Root',
    accountId,
    partition,
    arn: `arn:${partition}:iam::${accountId}:root`,
    principalId: accountId,
    ...(opts.accessKeyId !== undefined ? { accessKeyId: opts.accessKeyId } : {}),
  };
}

export interface TestContextOptions {
  runtime: Runtime;
  /** Defaults to the root user of accountId. */
  identity?: CallerIdentity;
  /** Used when identity is not given; defaults to 123456789012. */
  accountId?: string;
  service?: ModelName;
  operation?: string;
  region?: string;
  sourceIp?: string;
  userAgent?: string;
  secureTransport?: boolean;
  receivedAt?: Date;
  requestId?: string;
  /** The notes object the handler writes to; pass one in to inspect it afterwards. */
  audit?: AuditNotes;
}

/** A RequestContext as the pipeline builds it after authentication, for calling a handler directly. */
export function makeTestContext(opts: TestContextOptions): RequestContext {
  const region = opts.region ?? opts.runtime.config.defaultRegion;
  const identity = opts.identity ?? rootIdentity(opts.accountId ?? '123456789012', { partition: partitionOf(region) });
  return {
    requestId: opts.requestId ?? newRequestId(),
    service: opts.service ?? 'sts',
    operation: opts.operation ?? 'GetCallerIdentity',
    region,
    partition: identity.partition,
    identity,
    sourceIp: opts.sourceIp ?? '127.0.0.1',
    userAgent: opts.userAgent ?? 'warden-test',
    secureTransport: opts.secureTransport ?? false,
    receivedAt: opts.receivedAt ?? new Date(),
    runtime: opts.runtime,
    audit: opts.audit ?? {},
  };
}
