import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { storeBackends } from '../../../test/helpers/stores.js';
import { rootIdentity } from '../../../test/helpers/test-context.js';
import type { CloudTrailRecord } from '../../audit/record.js';
import { cloudtrail } from './index.js';
import { deliverNow, startTrailDelivery } from './delivery.js';
import {
  ACCOUNT,
  OTHER_ACCOUNT,
  fixtureOn,
  openFixture,
  type CloudTrailFixture,
} from '../../../test/helpers/cloudtrail.js';

const h = cloudtrail.handlers;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function recordsIn(file: string): Promise<CloudTrailRecord[]> {
  const parsed = JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as { Records: CloudTrailRecord[] };
  assert.deepEqual(Object.keys(parsed), ['Records']);
  return parsed.Records;
}

async function allDelivered(dataDir: string): Promise<CloudTrailRecord[]> {
  const out: CloudTrailRecord[] = [];
  for (const file of await filesUnder(join(dataDir, 'cloudtrail'))) out.push(...(await recordsIn(file)));
  return out;
}

const ago = (ms: number) => new Date(Date.now() - ms);

for (const backend of storeBackends()) {
  describe(`trail delivery on ${backend.name}`, { skip: backend.skip }, () => {
    let fx: CloudTrailFixture;
    beforeEach(async () => {
      fx = await openFixture(backend);
    });
    afterEach(async () => {
      await fx?.close();
    });

    test('writes the logging trail’s new events as a gzipped CloudTrail file at the S3-style path', async () => {
      await h.CreateTrail(fx.ctx(), { Name: 'main', S3BucketName: 'audit-logs', S3KeyPrefix: 'org/prod' });
      await fx.record({ operation: 'GetCallerIdentity', time: ago(30_000), requestId: 'before-start' });
      await h.StartLogging(fx.ctx({ receivedAt: ago(10_000) }), { Name: 'main' });
      await fx.record({ requestId: 'sts-us-east-1', time: ago(5_000) });
      await fx.record({ requestId: 'iam', service: 'iam', operation: 'ListUsers', time: ago(5_000) });
      await fx.record({
        requestId: 'kms-eu',
        service: 'kms',
        operation: 'ListKeys',
        region: 'eu-west-1',
        time: ago(5_000),
      });
      await fx.record({ requestId: 'other-account', identity: rootIdentity(OTHER_ACCOUNT), time: ago(5_000) });

      const now = new Date();
      const { files } = await deliverNow(fx.runtime, { now });
      assert.equal(files.length, 1);
      const rel = relative(fx.dataDir, files[0]).split(sep);
      const y = String(now.getUTCFullYear());
      const m = String(now.getUTCMonth() + 1).padStart(2, '0');
      const d = String(now.getUTCDate()).padStart(2, '0');
      assert.deepEqual(rel.slice(0, -1), [
        'cloudtrail',
        'audit-logs',
        'org',
        'prod',
        'AWSLogs',
        ACCOUNT,
        'CloudTrail',
        'us-east-1',
        y,
        m,
        d,
      ]);
      assert.match(
        rel.at(-1)!,
        new RegExp(`^${ACCOUNT}_CloudTrail_us-east-1_${y}${m}${d}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`),
      );

      const records = await recordsIn(files[0]);
      assert.deepEqual(
        records.map((r) => r.requestID),
        ['sts-us-east-1', 'iam'],
        'global service events included, other regions, other accounts and pre-start events not',
      );
      assert.equal(records[0].eventVersion, '1.11');

      const status = await h.GetTrailStatus(fx.ctx(), { Name: 'main' });
      assert.deepEqual(status.LatestDeliveryTime, now);
      // Nothing new: nothing written.
      assert.deepEqual((await deliverNow(fx.runtime)).files, []);
      await fx.record({ requestId: 'later', time: new Date() });
      const next = await deliverNow(fx.runtime);
      assert.equal(next.files.length, 1);
      assert.deepEqual(
        (await recordsIn(next.files[0])).map((r) => r.requestID),
        ['later'],
      );
    });

    test('a multi-Region trail gets every Region, one file per Region; global events can be excluded', async () => {
      await h.CreateTrail(fx.ctx({ region: 'eu-west-1' }), {
        Name: 'everywhere',
        S3BucketName: 'all-logs',
        IsMultiRegionTrail: true,
      });
      await h.CreateTrail(fx.ctx(), {
        Name: 'regional-only',
        S3BucketName: 'regional',
        IncludeGlobalServiceEvents: false,
      });
      await h.StartLogging(fx.ctx({ region: 'eu-west-1', receivedAt: ago(10_000) }), { Name: 'everywhere' });
      await h.StartLogging(fx.ctx({ receivedAt: ago(10_000) }), { Name: 'regional-only' });
      await fx.record({ requestId: 'iam', service: 'iam', operation: 'ListUsers', time: ago(5_000) });
      await fx.record({
        requestId: 'kms-us',
        service: 'kms',
        operation: 'ListKeys',
        region: 'us-east-1',
        time: ago(5_000),
      });
      await fx.record({
        requestId: 'kms-eu',
        service: 'kms',
        operation: 'ListKeys',
        region: 'eu-west-1',
        time: ago(5_000),
      });
      await deliverNow(fx.runtime);

      const everywhere = await filesUnder(join(fx.dataDir, 'cloudtrail', 'all-logs'));
      assert.equal(everywhere.length, 2);
      const byRegion = new Map<string, string[]>();
      for (const file of everywhere) {
        const region = relative(fx.dataDir, file).split(sep)[5];
        byRegion.set(
          region,
          (await recordsIn(file)).map((r) => r.requestID),
        );
      }
      assert.deepEqual(byRegion.get('us-east-1'), ['iam', 'kms-us']);
      assert.deepEqual(byRegion.get('eu-west-1'), ['kms-eu']);

      const regional = await filesUnder(join(fx.dataDir, 'cloudtrail', 'regional'));
      assert.equal(regional.length, 1);
      assert.deepEqual(
        (await recordsIn(regional[0])).map((r) => r.requestID),
        ['kms-us'],
      );
    });

    test('stopping delivers events up to the stop, none after; a restart picks up from the restart', async () => {
      await h.CreateTrail(fx.ctx(), { Name: 'main', S3BucketName: 'audit-logs' });
      await h.StartLogging(fx.ctx({ receivedAt: ago(60_000) }), { Name: 'main' });
      await fx.record({ requestId: 'while-logging', time: ago(50_000) });
      const stopAt = ago(40_000);
      await h.StopLogging(fx.ctx({ receivedAt: stopAt }), { Name: 'main' });
      await fx.record({
        requestId: 'stop-call',
        service: 'cloudtrail',
        operation: 'StopLogging',
        time: stopAt,
        input: { Name: 'main' },
      });
      await fx.record({ requestId: 'after-stop', time: ago(30_000) });
      // Restarting first delivers what the stopped window still owed.
      await h.StartLogging(fx.ctx({ receivedAt: ago(20_000) }), { Name: 'main' });
      assert.deepEqual(
        (await allDelivered(fx.dataDir)).map((r) => r.requestID),
        ['while-logging', 'stop-call'],
      );
      await fx.record({ requestId: 'after-restart', time: ago(10_000) });
      await deliverNow(fx.runtime);
      assert.deepEqual((await allDelivered(fx.dataDir)).map((r) => r.requestID).sort(), [
        'after-restart',
        'stop-call',
        'while-logging',
      ]);
    });

    test('a trail that never logged, or is deleted, delivers nothing', async () => {
      await h.CreateTrail(fx.ctx(), { Name: 'idle', S3BucketName: 'idle-logs' });
      await fx.record({ requestId: 'x' });
      assert.deepEqual((await deliverNow(fx.runtime)).files, []);
      await h.StartLogging(fx.ctx({ receivedAt: ago(10_000) }), { Name: 'idle' });
      await fx.record({ requestId: 'y' });
      await h.DeleteTrail(fx.ctx(), { Name: 'idle' });
      assert.deepEqual((await deliverNow(fx.runtime)).files, []);
    });

    test('events younger than settleMs wait for a later pass', async () => {
      await h.CreateTrail(fx.ctx(), { Name: 'main', S3BucketName: 'audit-logs' });
      await h.StartLogging(fx.ctx({ receivedAt: ago(60_000) }), { Name: 'main' });
      await fx.record({ requestId: 'old', time: ago(30_000) });
      await fx.record({ requestId: 'fresh', time: new Date() });
      const now = new Date();
      await deliverNow(fx.runtime, { now, settleMs: 10_000 });
      assert.deepEqual(
        (await allDelivered(fx.dataDir)).map((r) => r.requestID),
        ['old'],
      );
      await deliverNow(fx.runtime, { now: new Date(now.getTime() + 20_000), settleMs: 10_000 });
      assert.deepEqual((await allDelivered(fx.dataDir)).map((r) => r.requestID).sort(), ['fresh', 'old']);
    });

    test('startTrailDelivery runs passes until stopped', async () => {
      await h.CreateTrail(fx.ctx(), { Name: 'main', S3BucketName: 'audit-logs' });
      await h.StartLogging(fx.ctx({ receivedAt: ago(60_000) }), { Name: 'main' });
      await fx.record({ requestId: 'a', time: ago(1_000) });
      const delivery = startTrailDelivery(fx.runtime, { intervalMs: 20 });
      try {
        for (let i = 0; i < 200 && (await allDelivered(fx.dataDir)).length === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.deepEqual(
          (await allDelivered(fx.dataDir)).map((r) => r.requestID),
          ['a'],
        );
        await fx.record({ requestId: 'b', time: ago(1_000) });
        // deliverNow waits for any pass in flight, then runs one: afterwards 'b' is delivered, by one pass or the other.
        await delivery.deliverNow();
        assert.deepEqual((await allDelivered(fx.dataDir)).map((r) => r.requestID).sort(), ['a', 'b']);
      } finally {
        await delivery.stop();
      }
    });
  });

  describe(`trail delivery across nodes on ${backend.name}`, { skip: backend.skip }, () => {
    test('two nodes delivering at once write each event exactly once', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'warden-cloudtrail-nodes-'));
      const [store1, store2] = await backend.openNodes(2);
      const node1 = await fixtureOn(store1, dataDir, false);
      const node2 = await fixtureOn(store2, dataDir, false);
      try {
        await h.CreateTrail(node1.ctx(), { Name: 'main', S3BucketName: 'audit-logs' });
        await h.StartLogging(node1.ctx({ receivedAt: ago(60_000) }), { Name: 'main' });
        for (let round = 0; round < 5; round++) {
          await Promise.all(
            Array.from({ length: 20 }, (_, i) =>
              (i % 2 ? node1 : node2).record({ requestId: `r${round}-${i}`, time: ago(1_000) }),
            ),
          );
          await Promise.all([deliverNow(node1.runtime, { batchSize: 7 }), deliverNow(node2.runtime, { batchSize: 7 })]);
        }
        const delivered = (await allDelivered(dataDir)).map((r) => r.requestID);
        assert.equal(delivered.length, 100);
        assert.equal(new Set(delivered).size, 100);
      } finally {
        await node1.close();
        await node2.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
