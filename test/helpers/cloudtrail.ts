// Test support for CloudTrail's tests: a migrated store with two accounts, a runtime writing to a temporary folder.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreBackend } from './test-stores.js';
import { migrate } from '../../src/store/migrate.js';
import { cloudtrailMigration } from '../../src/services/cloudtrail/migrations/0002_cloudtrail.js';
import type { Store } from '../../src/store/store.js';
import type { RequestContext, Runtime } from '../../src/core/runtime.js';
import type { CallerIdentity } from '../../src/aws/identity.js';
import { recordCall } from '../../src/audit/record-call.js';
import type { AuditInput } from '../../src/audit/record.js';
import { makeTestContext, makeTestRuntime, rootIdentity } from './test-context.js';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';

export interface CloudTrailFixture {
  store: Store;
  runtime: Runtime;
  dataDir: string;
  /** A context for calling a handler as the root user of account (default ACCOUNT) in region (default us-east-1). */
  ctx(opts?: { accountId?: string; region?: string; identity?: CallerIdentity; receivedAt?: Date }): RequestContext;
  /** Appends (and commits) the audit record of a call, as the pipeline does after answering it. */
  record(input: Partial<AuditInput>): Promise<void>;
  close(): Promise<void>;
}

/** Opens a fixture over an already open store (several fixtures may share one database, as nodes do). */
export async function fixtureOn(store: Store, dataDir: string, ownsDataDir: boolean): Promise<CloudTrailFixture> {
  await migrate(store, [cloudtrailMigration]);
  for (const id of [ACCOUNT, OTHER_ACCOUNT]) {
    const exists = await store.db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) {
      await store.db
        .insertInto('accounts')
        .values({ id, email: `${id}@example.com`, name: id, status: 'ACTIVE', created_at: Date.now() })
        .execute();
    }
  }
  const runtime = makeTestRuntime(store, { config: { dataDir } });
  return {
    store,
    runtime,
    dataDir,
    ctx(opts = {}) {
      const region = opts.region ?? 'us-east-1';
      return makeTestContext({
        runtime,
        service: 'cloudtrail',
        region,
        identity: opts.identity ?? rootIdentity(opts.accountId ?? ACCOUNT),
        receivedAt: opts.receivedAt,
      });
    },
    async record(input) {
      const service = input.service ?? 'sts';
      await recordCall(runtime, {
        requestId: randomUUID(),
        service,
        eventSource: runtime.services.get(service)!.eventSource,
        operation: 'GetCallerIdentity',
        region: 'us-east-1',
        identity: rootIdentity(ACCOUNT),
        sourceIp: '192.0.2.1',
        userAgent: 'test',
        time: new Date(),
        input: {},
        ...input,
      });
    },
    async close() {
      await runtime.audit.close();
      await store.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function openFixture(backend: StoreBackend): Promise<CloudTrailFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'warden-cloudtrail-'));
  return fixtureOn(await backend.open(), dataDir, true);
}
