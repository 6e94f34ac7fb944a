// The publisher on both store dialects, with two nodes sharing one database: each finding is exported exactly once
// however the nodes' passes interleave, and a destination whose key goes away stops being PUBLISHING.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Runtime } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestRuntime } from '../../../test/helpers/test-context.js';
import { recordFinding } from './finding-store.js';
import { publishNow } from './publisher.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const DETECTOR = 'd'.repeat(32);
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

async function setUp(runtime: Runtime, dataDir: string): Promise<void> {
  const now = Date.now();
  const scope = accountScope(runtime.store.db, ACCOUNT);
  await scope
    .insertInto('guardduty_detectors')
    .values({
      region: REGION,
      id: DETECTOR,
      status: 'ENABLED',
      publishing_frequency: 'SIX_HOURS',
      features: '[]',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const policy = {
    Statement: [{ Effect: 'Allow', Principal: { Service: 'guardduty.amazonaws.com' }, Action: 'kms:*', Resource: '*' }],
  };
  await scope
    .insertInto('kms_keys')
    .values({
      key_id: '11111111-2222-3333-4444-555555555555',
      region: REGION,
      arn: KEY_ARN,
      description: '',
      key_spec: 'SYMMETRIC_DEFAULT',
      key_usage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      key_state: 'Enabled',
      policy: JSON.stringify(policy),
      multi_region: 0,
      primary_region: null,
      created_at: now,
      deletion_at: null,
      pending_window_days: null,
      rotation_enabled: 0,
      rotation_period_days: null,
      next_rotation_at: null,
      on_demand_rotation_at: null,
      current_version: null,
      expiration_model: null,
      valid_to: null,
    })
    .execute();
  await scope
    .insertInto('guardduty_publishing_destinations')
    .values({
      detector_id: DETECTOR,
      id: 'p'.repeat(32),
      region: REGION,
      destination_arn: 'arn:aws:s3:::nodes-bucket',
      kms_key_arn: KEY_ARN,
      status: 'PENDING_VERIFICATION',
      failure_started_at: null,
      new_cursor: now - 1,
      update_cursor: now - 1,
      updates_published_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await mkdir(join(dataDir, 'guardduty', 'publishing', 'nodes-bucket'), { recursive: true });
}

async function exportedIds(dataDir: string): Promise<string[]> {
  const dir = join(dataDir, 'guardduty', 'publishing', 'nodes-bucket');
  const ids: string[] = [];
  for (const f of (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.jsonl.gz'))) {
    for (const line of gunzipSync(await readFile(join(dir, f)))
      .toString('utf8')
      .split('\n'))
      if (line !== '') ids.push((JSON.parse(line) as { id: string }).id);
  }
  return ids;
}

async function status(runtime: Runtime): Promise<string> {
  const row = await accountScope(runtime.store.db, ACCOUNT)
    .selectFrom('guardduty_publishing_destinations')
    .select('status')
    .executeTakeFirstOrThrow();
  return row.status;
}

for (const backend of storeBackends()) {
  describe(`GuardDuty publishing across nodes on ${backend.name}`, { skip: backend.skip }, () => {
    test('two nodes publishing at once export each finding exactly once', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'warden-gd-publish-'));
      const [store1, store2] = await backend.openNodes(2);
      const node1 = makeTestRuntime(store1!, { config: { dataDir } });
      const node2 = makeTestRuntime(store2!, { config: { dataDir } });
      try {
        await setUp(node1, dataDir);
        const detector = { accountId: ACCOUNT, region: REGION, id: DETECTOR };
        const recorded: string[] = [];
        for (let round = 0; round < 4; round++) {
          for (let i = 0; i < 5; i++) {
            const f = await recordFinding(node1, detector, {
              Type: 'PenTest:IAMUser/KaliLinux',
              Severity: 5,
              Title: 't',
              Description: 'd',
              Resource: { ResourceType: 'AccessKey' },
              key: `round-${round}-${i}`,
            });
            recorded.push(f.Id);
          }
          await Promise.all([publishNow(node1), publishNow(node2)]);
        }
        // A last pass a moment later covers findings recorded in the millisecond of the previous one.
        await new Promise((r) => setTimeout(r, 5));
        await Promise.all([publishNow(node1), publishNow(node2)]);
        const ids = await exportedIds(dataDir);
        assert.deepEqual([...ids].sort(), [...recorded].sort());
        assert.equal(await status(node1), 'PUBLISHING');

        // The key disabled: the next pass finds the destination unable to publish, and exports nothing.
        await accountScope(store1!.db, ACCOUNT).updateTable('kms_keys').set({ key_state: 'Disabled' }).execute();
        await recordFinding(node1, detector, {
          Type: 'PenTest:IAMUser/KaliLinux',
          Severity: 5,
          Title: 't',
          Description: 'd',
          Resource: { ResourceType: 'AccessKey' },
          key: 'after-disable',
        });
        await new Promise((r) => setTimeout(r, 5));
        assert.equal(await publishNow(node2), 0);
        assert.equal(await status(node1), 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY');
      } finally {
        await store1!.close();
        await store2!.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
