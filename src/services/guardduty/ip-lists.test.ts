// Lists through the handlers on every store backend: activation loads a file into ipListsOf's matchers,
// an unreadable Location ends in ERROR, deactivation and deletion take a list out of detection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../test/helpers/test-context.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { createDetector } from './detectors.js';
import { ipListsOf } from './ip-lists.js';
import {
  createIPSet,
  createThreatIntelSet,
  deleteThreatIntelSet,
  getIPSet,
  getThreatIntelSet,
  updateIPSet,
} from './lists.js';

for (const backend of storeBackends()) {
  describe(`GuardDuty lists on ${backend.name}`, { skip: backend.skip }, () => {
    test('trusted and threat lists become matchers once ACTIVE, and leave when deactivated or deleted', async () => {
      const store = await backend.open();
      const dir = await mkdtemp(join(tmpdir(), 'gd-lists-'));
      try {
        const runtime = makeTestRuntime(store, { config: { guarddutyListDir: dir } });
        const ctx = makeTestContext({ runtime, service: 'guardduty', operation: 'CreateIPSet', region: 'us-east-1' });
        const account = ctx.identity.accountId;
        const { DetectorId } = await createDetector(ctx, { Enable: true });
        const detectorId = DetectorId!;
        await writeFile(join(dir, 'trusted.txt'), '10.1.0.0/16\n');
        await writeFile(join(dir, 'threats.csv'), 'type,ip\nIPv4,192.0.2.66\n');
        const { IpSetId } = await createIPSet(ctx, {
          DetectorId: detectorId,
          Name: 'office',
          Format: 'TXT',
          Location: join(dir, 'trusted.txt'),
          Activate: true,
        });
        const { ThreatIntelSetId } = await createThreatIntelSet(ctx, {
          DetectorId: detectorId,
          Name: 'feed',
          Format: 'OTX_CSV',
          Location: `file://${join(dir, 'threats.csv')}`,
          Activate: true,
        });
        const missing = await createThreatIntelSet(ctx, {
          DetectorId: detectorId,
          Name: 'gone',
          Format: 'TXT',
          Location: join(dir, 'missing.txt'),
          Activate: true,
        });
        const statusOf = async (id: string, kind: 'ip' | 'threat') =>
          kind === 'ip'
            ? (await getIPSet(ctx, { DetectorId: detectorId, IpSetId: id })).Status
            : (await getThreatIntelSet(ctx, { DetectorId: detectorId, ThreatIntelSetId: id })).Status;
        await waitFor(async () => (await statusOf(IpSetId, 'ip')) === 'ACTIVE', { what: 'the IPSet to load' });
        await waitFor(async () => (await statusOf(ThreatIntelSetId, 'threat')) === 'ACTIVE', { what: 'the feed' });
        await waitFor(async () => (await statusOf(missing.ThreatIntelSetId, 'threat')) === 'ERROR', {
          what: 'the missing list to fail',
        });

        const lists = await ipListsOf(runtime, account, detectorId);
        assert.equal(lists.trusted('10.1.200.3'), true);
        assert.equal(lists.trusted('10.2.0.1'), false);
        assert.deepEqual(lists.threat('192.0.2.66'), { id: ThreatIntelSetId, name: 'feed' });
        assert.equal(lists.threat('192.0.2.67'), undefined);

        await updateIPSet(ctx, { DetectorId: detectorId, IpSetId, Activate: false });
        assert.equal(await statusOf(IpSetId, 'ip'), 'INACTIVE');
        assert.equal((await ipListsOf(runtime, account, detectorId)).trusted('10.1.200.3'), false);
        await deleteThreatIntelSet(ctx, { DetectorId: detectorId, ThreatIntelSetId });
        assert.equal((await ipListsOf(runtime, account, detectorId)).threat('192.0.2.66'), undefined);

        // An ACTIVE list not in this server's memory (as after a restart) is read again from its Location.
        await updateIPSet(ctx, { DetectorId: detectorId, IpSetId, Activate: true });
        await waitFor(async () => (await statusOf(IpSetId, 'ip')) === 'ACTIVE', { what: 'the IPSet to reload' });
        const fresh = makeTestRuntime(store, { config: { guarddutyListDir: dir } });
        assert.equal((await ipListsOf(fresh, account, detectorId)).trusted('10.1.0.9'), true);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await store.close();
      }
    });
  });
}
