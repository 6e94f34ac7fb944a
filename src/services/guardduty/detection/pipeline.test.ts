// The live pipeline on every store backend: records reach the account's detector in their Region, in order, bounded.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import type { Runtime } from '../../../core/runtime.js';
import { createDetector, updateDetector } from '../detectors.js';
import { findingsOf } from '../finding-store.js';
import { DetectorCache } from './detector-lookup.js';
import { TrailPipeline } from './pipeline.js';
import { ACCOUNT, IDENTITIES, trailRecord } from './record-fixture.js';
import { rootCredentialUsage } from './root-credential-usage.js';
import type { TrailDetection } from './types.js';

const rootCall = (eventName = 'ListUsers', region = 'us-east-1') =>
  trailRecord({ userIdentity: IDENTITIES.root, eventName, awsRegion: region });

async function detectorIn(runtime: Runtime, region = 'us-east-1'): Promise<string> {
  const ctx = makeTestContext({
    runtime,
    accountId: ACCOUNT,
    service: 'guardduty',
    operation: 'CreateDetector',
    region,
  });
  return (await createDetector(ctx, { Enable: true })).DetectorId!;
}

for (const backend of storeBackends()) {
  describe(`GuardDuty trail pipeline on ${backend.name}`, { skip: backend.skip }, () => {
    test("a record reaches its account's detector in its Region; repeats aggregate; others are unmonitored", async () => {
      const store = await backend.open();
      const runtime = makeTestRuntime(store);
      const pipeline = new TrailPipeline(runtime, new DetectorCache(store.db));
      pipeline.start();
      try {
        const id = await detectorIn(runtime);
        pipeline.enqueue(rootCall('ListUsers'));
        pipeline.enqueue(rootCall('GetUser'));
        pipeline.enqueue(rootCall('ListUsers', 'eu-west-1'));
        pipeline.enqueue(trailRecord({ recipientAccountId: '999999999999', userIdentity: IDENTITIES.root }));
        pipeline.enqueue({ junk: true } as never);
        pipeline.enqueue(trailRecord());
        await pipeline.idle();
        const findings = await findingsOf(store.db, ACCOUNT, id);
        assert.equal(findings.length, 1);
        assert.equal(findings[0]?.Type, 'Policy:IAMUser/RootCredentialUsage');
        assert.equal(findings[0]?.Service?.Count, 2);
        assert.equal(findings[0]?.Service?.Action?.AwsApiCallAction?.Api, 'GetUser', 'the latest call shows');
        assert.equal(findings[0]?.Service?.EventFirstSeen, '2026-01-01T12:00:00.000Z', 'event time, not the clock');
        assert.deepEqual(
          { ...pipeline.stats },
          { received: 6, analysed: 3, unmonitored: 3, dropped: 0, findings: 2, failures: 0, trusted: 0 },
        );
      } finally {
        await pipeline.stop();
        await store.close();
      }
    });

    test("a disabled detector analyses nothing; the change's own record clears the remembered lookup", async () => {
      const store = await backend.open();
      const runtime = makeTestRuntime(store);
      const pipeline = new TrailPipeline(runtime, new DetectorCache(store.db));
      pipeline.start();
      try {
        const id = await detectorIn(runtime);
        pipeline.enqueue(rootCall());
        await pipeline.idle();
        const ctx = makeTestContext({ runtime, accountId: ACCOUNT, service: 'guardduty', region: 'us-east-1' });
        await updateDetector(ctx, { DetectorId: id, Enable: false });
        pipeline.enqueue(
          trailRecord({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', readOnly: false }),
        );
        pipeline.enqueue(rootCall('GetUser'));
        await pipeline.idle();
        assert.equal((await findingsOf(store.db, ACCOUNT, id))[0]?.Service?.Count, 1);
        await updateDetector(ctx, { DetectorId: id, Enable: true });
        pipeline.enqueue(
          trailRecord({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', readOnly: false }),
        );
        pipeline.enqueue(rootCall('GetUser'));
        await pipeline.idle();
        assert.equal((await findingsOf(store.db, ACCOUNT, id))[0]?.Service?.Count, 2);
      } finally {
        await pipeline.stop();
        await store.close();
      }
    });

    test('a detection that throws is counted and the others still run', async () => {
      const store = await backend.open();
      const runtime = makeTestRuntime(store);
      const broken: TrailDetection = {
        name: 'broken',
        findingTypes: [],
        detect: () => Promise.reject(new Error('bug')),
      };
      const pipeline = new TrailPipeline(runtime, new DetectorCache(store.db), {
        detections: [broken, rootCredentialUsage],
      });
      pipeline.start();
      try {
        const id = await detectorIn(runtime);
        pipeline.enqueue(rootCall());
        await pipeline.idle();
        assert.equal(pipeline.stats.failures, 1);
        assert.equal((await findingsOf(store.db, ACCOUNT, id)).length, 1);
      } finally {
        await pipeline.stop();
        await store.close();
      }
    });
  });
}

test('a full queue drops records and counts them; stop discards what is queued', async () => {
  const warnings: unknown[] = [];
  const host = {
    log: { warn: (o: unknown) => warnings.push(o), error: () => {}, info: () => {} },
  } as unknown as Runtime;
  const cache = { get: () => Promise.resolve(undefined), forget: () => {} } as unknown as DetectorCache;
  const pipeline = new TrailPipeline(host, cache, { capacity: 2 });
  for (let i = 0; i < 5; i++) pipeline.enqueue(trailRecord());
  assert.equal(pipeline.size, 2);
  assert.equal(pipeline.stats.dropped, 3);
  assert.equal(warnings.length, 1, 'one warning a minute at most');
  await pipeline.stop();
  assert.equal(pipeline.size, 0);
  pipeline.enqueue(trailRecord());
  assert.equal(pipeline.stats.received, 5, 'a stopped pipeline takes nothing');
});
