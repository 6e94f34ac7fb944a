// recordFinding on every store backend: repeats aggregate into one finding, ARCHIVE filters suppress new findings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../test/helpers/test-context.js';
import { createDetector } from './detectors.js';
import { createFilter } from './filters.js';
import { findingsOf, recordFinding, type NewFinding } from './finding-store.js';

const rootUse = (user: string): NewFinding => ({
  Type: 'Policy:IAMUser/RootCredentialUsage',
  Severity: 2,
  Title: 'root used',
  Description: 'root used',
  Resource: { ResourceType: 'AccessKey', AccessKeyDetails: { UserName: user, UserType: 'Root' } },
  key: user,
});

for (const backend of storeBackends()) {
  describe(`GuardDuty findings on ${backend.name}`, { skip: backend.skip }, () => {
    test('a repeat of the same type and key adds to Count and moves EventLastSeen', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const ctx = makeTestContext({
          runtime,
          service: 'guardduty',
          operation: 'CreateDetector',
          region: 'us-east-1',
        });
        const { DetectorId } = await createDetector(ctx, { Enable: true });
        const ref = { accountId: ctx.identity.accountId, region: 'us-east-1', id: DetectorId! };
        const first = await recordFinding(runtime, ref, { ...rootUse('root'), at: Date.UTC(2026, 0, 1) });
        const again = await recordFinding(runtime, ref, { ...rootUse('root'), at: Date.UTC(2026, 0, 2) });
        const other = await recordFinding(runtime, ref, rootUse('someone-else'));
        assert.equal(again.Id, first.Id);
        assert.equal(again.Service?.Count, 2);
        assert.equal(again.Service?.EventFirstSeen, new Date(Date.UTC(2026, 0, 1)).toISOString());
        assert.equal(again.Service?.EventLastSeen, new Date(Date.UTC(2026, 0, 2)).toISOString());
        assert.notEqual(other.Id, first.Id);
        const stored = await findingsOf(store.db, ref.accountId, ref.id);
        assert.equal(stored.length, 2);
        const one = stored.find((f) => f.Id === first.Id)!;
        assert.equal(one.Service?.Count, 2);
        assert.equal(one.Arn, `arn:aws:guardduty:us-east-1:${ref.accountId}:detector/${ref.id}/finding/${first.Id}`);
        assert.equal(one.SchemaVersion, '2.0');
        assert.equal(one.Partition, 'aws');
      } finally {
        await store.close();
      }
    });

    test('an ARCHIVE filter archives matching new findings; a NOOP filter and non-matching findings do not', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const ctx = makeTestContext({ runtime, service: 'guardduty', operation: 'CreateFilter', region: 'us-east-1' });
        const { DetectorId } = await createDetector(ctx, { Enable: true });
        const ref = { accountId: ctx.identity.accountId, region: 'us-east-1', id: DetectorId! };
        await createFilter(ctx, {
          DetectorId: DetectorId!,
          Name: 'noop-all',
          Action: 'NOOP',
          FindingCriteria: { Criterion: { severity: { Gte: 0 } } },
        });
        await createFilter(ctx, {
          DetectorId: DetectorId!,
          Name: 'suppress-breakglass',
          Action: 'ARCHIVE',
          FindingCriteria: { Criterion: { 'resource.accessKeyDetails.userName': { Equals: ['breakglass'] } } },
        });
        const suppressed = await recordFinding(runtime, ref, rootUse('breakglass'));
        const kept = await recordFinding(runtime, ref, rootUse('root'));
        assert.equal(suppressed.Service?.Archived, true);
        assert.equal(kept.Service?.Archived, false);
      } finally {
        await store.close();
      }
    });
  });
}
