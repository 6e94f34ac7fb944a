// import-trail on every store backend: AWS's log files (gzip or not, in folders), event-time order, bounds, summary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import { createDetector, updateDetector } from '../detectors.js';
import { findingsOf } from '../finding-store.js';
import { formatTrailImportSummary, importTrail } from './import-trail.js';
import { IDENTITIES, trailRecord } from './record-fixture.js';

const WARDEN_ACCOUNT = '444455556666';

const policy = (time: string, minimumPasswordLength: number) =>
  trailRecord({
    eventTime: time,
    eventName: 'UpdateAccountPasswordPolicy',
    readOnly: false,
    requestParameters: { minimumPasswordLength, requireSymbols: true },
  });

for (const backend of storeBackends()) {
  describe(`GuardDuty import-trail on ${backend.name}`, { skip: backend.skip }, () => {
    test('log files in folders become findings of the chosen detector, in event-time order', async () => {
      const store = await backend.open();
      const dir = await mkdtemp(join(tmpdir(), 'gd-import-'));
      try {
        const runtime = makeTestRuntime(store);
        const ctx = makeTestContext({ runtime, accountId: WARDEN_ACCOUNT, service: 'guardduty', region: 'eu-west-1' });
        const id = (await createDetector(ctx, { Enable: true })).DetectorId!;
        const day = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '01', '01');
        await mkdir(day, { recursive: true });
        // The weaker policy's file sorts first by name; event time puts the strong one first.
        await writeFile(
          join(day, 'a.json.gz'),
          gzipSync(
            JSON.stringify({
              Records: [policy('2026-01-01T12:10:00Z', 8), trailRecord({ userIdentity: IDENTITIES.root })],
            }),
          ),
        );
        await writeFile(
          join(day, 'b.json'),
          JSON.stringify({
            Records: [
              policy('2026-01-01T12:05:00Z', 20),
              trailRecord({ userIdentity: IDENTITIES.root, eventName: 'GetUser', eventTime: '2026-01-01T12:20:00Z' }),
              trailRecord({ userIdentity: IDENTITIES.root, managementEvent: false, eventName: 'GetObject' }),
              trailRecord({ userIdentity: IDENTITIES.root, awsRegion: 'ap-south-1' }),
              { eventTime: 'never' },
              'junk',
            ],
          }),
        );
        await writeFile(join(day, 'c_CloudTrail-Digest_x.json.gz'), gzipSync('{"digest":true}'));
        await writeFile(join(day, 'd.json'), '{"not":"a trail"}');
        await writeFile(join(day, 'e.json.gz'), 'not gzip at all');
        await writeFile(join(day, 'notes.txt'), 'ignored');

        const progress: string[] = [];
        const summary = await importTrail(runtime, id, dir, { onProgress: (p) => progress.push(p.phase) });
        assert.equal(summary.files, 2);
        assert.equal(summary.rejectedFiles, 2, 'd.json has no Records; e.json.gz is neither gzip nor JSON');
        assert.equal(summary.records, 8);
        assert.equal(summary.malformed, 2);
        assert.equal(summary.skipped, 1, 'the data event');
        assert.equal(summary.analysed, 5);
        assert.deepEqual(Object.fromEntries(summary.byType), {
          'Policy:IAMUser/RootCredentialUsage': { findings: 1, occurrences: 3 },
          'Stealth:IAMUser/PasswordPolicyChange': { findings: 1, occurrences: 1 },
        });
        assert.ok(progress.includes('reading') && progress.at(-1) === 'analysing');
        const findings = await findingsOf(store.db, WARDEN_ACCOUNT, id);
        const root = findings.find((f) => f.Type === 'Policy:IAMUser/RootCredentialUsage')!;
        assert.equal(root.AccountId, WARDEN_ACCOUNT, "the chosen detector's account");
        assert.equal(root.Region, 'eu-west-1');
        assert.equal(root.Service?.Count, 3);
        assert.equal(root.Service?.EventLastSeen, '2026-01-01T12:20:00.000Z');
        const text = formatTrailImportSummary(summary);
        assert.match(text, /^Read 2 files \(2 not read\): 8 records, 5 analysed, 1 skipped, 2 malformed\.$/m);
        assert.match(text, /Policy:IAMUser\/RootCredentialUsage\s+1 finding, 3 occurrences/);
        assert.match(text, /d\.json: no Records array/);
        assert.match(text, /e\.json\.gz: not JSON/);

        const narrowed = await importTrail(runtime, id, dir, { region: 'ap-south-1' });
        assert.equal(narrowed.analysed, 1);
        assert.equal(narrowed.skipped, 5);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await store.close();
      }
    });

    test('an unknown or disabled detector is refused', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        await assert.rejects(importTrail(runtime, 'f'.repeat(32), '/nonexistent'), /no detector f{32}/);
        const ctx = makeTestContext({ runtime, accountId: WARDEN_ACCOUNT, service: 'guardduty', region: 'eu-west-1' });
        const id = (await createDetector(ctx, { Enable: true })).DetectorId!;
        await updateDetector(ctx, { DetectorId: id, Enable: false });
        await assert.rejects(importTrail(runtime, id, '/nonexistent'), /is disabled/);
      } finally {
        await store.close();
      }
    });
  });
}

test("a public caller address's finding names its country and network (offline data, loaded for the import)", async () => {
  const backend = storeBackends()[0]!;
  const store = await backend.open();
  const dir = await mkdtemp(join(tmpdir(), 'gd-import-geo-'));
  try {
    const runtime = makeTestRuntime(store);
    const ctx = makeTestContext({ runtime, accountId: WARDEN_ACCOUNT, service: 'guardduty', region: 'eu-west-1' });
    const id = (await createDetector(ctx, { Enable: true })).DetectorId!;
    const record = trailRecord({ userIdentity: IDENTITIES.root, sourceIPAddress: '8.8.8.8' });
    await writeFile(join(dir, 'geo.json'), JSON.stringify({ Records: [record] }));
    await importTrail(runtime, id, dir);
    const [root] = await findingsOf(store.db, WARDEN_ACCOUNT, id);
    const details = root?.Service?.Action?.AwsApiCallAction?.RemoteIpDetails;
    assert.equal(details?.IpAddressV4, '8.8.8.8');
    assert.equal(details?.Country?.CountryCode, 'US');
    assert.equal(details?.Country?.CountryName, 'United States');
    assert.equal(details?.Organization?.Asn, '15169');
  } finally {
    await rm(dir, { recursive: true, force: true });
    await store.close();
  }
});
