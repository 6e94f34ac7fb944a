// The network monitor over a real store, on every backend: what listener traffic becomes findings for which detector.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { createDetector, updateDetector } from '../detectors.js';
import { findingsOf } from '../finding-store.js';
import { createIPSet, createThreatIntelSet, getIPSet, getThreatIntelSet } from '../lists.js';
import { NetworkMonitor } from './monitor.js';

const exchange = (clientIp: string, status = 200) => ({
  clientIp,
  clientPort: 50123,
  localIp: '10.0.0.10',
  localPort: 443,
  path: '/',
  userAgent: 'curl/8',
  referrer: '',
  bytes: 10,
  status,
});
const emptyConnection = (clientIp: string, localPort: number) => ({
  clientIp,
  clientPort: 40000,
  localIp: '10.0.0.10',
  localPort,
  requests: 0,
  refused: false,
});

for (const backend of storeBackends()) {
  describe(`GuardDuty network monitor on ${backend.name}`, { skip: backend.skip }, () => {
    test('threat-listed callers, trusted addresses, probes, other Regions and a disabled detector', async () => {
      const store = await backend.open();
      const dir = await mkdtemp(join(tmpdir(), 'gd-network-'));
      try {
        const runtime = makeTestRuntime(store, { config: { guarddutyListDir: dir } });
        const ctx = makeTestContext({
          runtime,
          service: 'guardduty',
          operation: 'CreateDetector',
          region: 'us-east-1',
        });
        const account = ctx.identity.accountId;
        const lb = `arn:aws:elasticloadbalancing:us-east-1:${account}:loadbalancer/app/web/1111`;
        const lbElsewhere = `arn:aws:elasticloadbalancing:eu-west-1:${account}:loadbalancer/app/web/2222`;
        const { DetectorId } = await createDetector(ctx, { Enable: true });
        const detectorId = DetectorId!;
        await writeFile(join(dir, 'threats.txt'), '192.0.2.0/24\n');
        await writeFile(join(dir, 'trusted.txt'), '192.0.2.200\n');
        const { ThreatIntelSetId } = await createThreatIntelSet(ctx, {
          DetectorId: detectorId,
          Name: 'feed',
          Format: 'TXT',
          Location: join(dir, 'threats.txt'),
          Activate: true,
        });
        const { IpSetId } = await createIPSet(ctx, {
          DetectorId: detectorId,
          Name: 'office',
          Format: 'TXT',
          Location: join(dir, 'trusted.txt'),
          Activate: true,
        });
        await waitFor(
          async () =>
            (await getThreatIntelSet(ctx, { DetectorId: detectorId, ThreatIntelSetId })).Status === 'ACTIVE' &&
            (await getIPSet(ctx, { DetectorId: detectorId, IpSetId })).Status === 'ACTIVE',
          { what: 'the lists to load' },
        );

        const monitor = new NetworkMonitor(runtime);
        for (let i = 0; i < 50; i++) monitor.observe(lb, exchange('192.0.2.7', 403));
        monitor.observe(lb, exchange('192.0.2.200'));
        monitor.observe(lb, exchange('198.51.100.1'));
        monitor.observe(lbElsewhere, exchange('192.0.2.8'));
        for (const port of [80, 443, 8443]) monitor.connection(lb, emptyConnection('203.0.113.5', port));
        // A connection that carried requests is no probe.
        monitor.connection(lb, { ...emptyConnection('203.0.113.6', 22), requests: 3 });
        await monitor.analyse();

        let findings = await findingsOf(store.db, account, detectorId);
        assert.deepEqual(findings.map((f) => f.Type).sort(), [
          'Recon:EC2/PortProbeUnprotectedPort',
          'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom',
        ]);
        const caller = findings.find((f) => f.Type === 'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom')!;
        const conn = caller.Service!.Action!.NetworkConnectionAction!;
        assert.equal(conn.RemoteIpDetails?.IpAddressV4, '192.0.2.7');
        assert.equal(conn.Blocked, true, 'every request was answered 403');
        assert.equal(caller.Service!.Count, 1, 'fifty requests in one interval are one occurrence');
        const probe = findings.find((f) => f.Type === 'Recon:EC2/PortProbeUnprotectedPort')!;
        assert.equal(probe.Service!.Action!.PortProbeAction!.PortProbeDetails!.length, 3);
        assert.equal(monitor.stats.findings, 2);

        // The next interval's repeat aggregates.
        monitor.observe(lb, exchange('192.0.2.7'));
        await monitor.analyse();
        findings = await findingsOf(store.db, account, detectorId);
        assert.equal(findings.length, 2);
        const again = findings.find((f) => f.Id === caller.Id)!;
        assert.equal(again.Service!.Count, 2);

        // A disabled detector analyses nothing.
        await updateDetector(ctx, { DetectorId: detectorId, Enable: false });
        monitor.observe(lb, exchange('192.0.2.9'));
        await monitor.analyse();
        assert.equal((await findingsOf(store.db, account, detectorId)).length, 2);
        assert.equal(monitor.stats.failures, 0);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await store.close();
      }
    });
  });
}
