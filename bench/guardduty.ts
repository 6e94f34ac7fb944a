// Issue 16: GuardDuty's trail detection — records analysed per second live (through the pipeline) and by
// import-trail (a generated .json.gz), and the latency from a record's commit to its finding being stored.
import { mkdir, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { CloudTrailRecord } from '../src/audit/record.js';
import type { Runtime } from '../src/core/runtime.js';
import { MIGRATIONS } from '../src/services/registry.js';
import { createDetector } from '../src/services/guardduty/detectors.js';
import { createThreatIntelSet, getThreatIntelSet } from '../src/services/guardduty/lists.js';
import { importTrail } from '../src/services/guardduty/detection/import-trail.js';
import { DetectorCache } from '../src/services/guardduty/detection/detector-lookup.js';
import { TrailPipeline } from '../src/services/guardduty/detection/pipeline.js';
import { TRAIL_DETECTIONS } from '../src/services/guardduty/detection/catalogue.js';
import type { TrailDetection } from '../src/services/guardduty/detection/types.js';
import { IDENTITIES, trailRecord } from '../src/services/guardduty/detection/record-fixture.js';
import { openStore } from '../src/store/open.js';
import { makeTestContext, makeTestRuntime } from '../test/helpers/test-context.js';

const ACCOUNT = '111122223333';
const LIVE_RECORDS = Number(process.env.BENCH_GUARDDUTY_RECORDS ?? 20_000);
const IMPORT_RECORDS = Number(process.env.BENCH_GUARDDUTY_IMPORT_RECORDS ?? 50_000);
/** The steady rate of the latency run at most; it runs at half the measured drain rate when that is lower. */
const LATENCY_RATE = Number(process.env.BENCH_GUARDDUTY_RATE ?? 500);
/** The detection that keeps per-identity baselines (a store write per record), measured apart as well. */
const BASELINES = 'anomalous-behavior';
const LATENCY_MS = Number(process.env.BENCH_GUARDDUTY_LATENCY_MS ?? 5_000);
/** Threat-list entries (documentation and private ranges, one /32 each). */
const THREAT_ENTRIES = 10_000;

export interface GuardDutyBenchResult {
  liveRecordsPerSec: number;
  /** The same without the baseline-keeping detection: what the stateless detections and the pipeline cost. */
  liveWithoutBaselinesPerSec: number;
  liveRecords: number;
  liveFindings: number;
  importRecordsPerSec: number;
  importRecords: number;
  importFindings: number;
  latencyP50ms: number;
  latencyP99ms: number;
  latencySamples: number;
  rate: number;
}

const threatIp = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/**
 * A workload of the trail's usual shape: most calls an IAM user's ordinary management calls from unlisted addresses,
 * one in ten something a detection reports (root use, a Kali agent, a threat-list address, a trail stopped, a
 * password policy weakened) — so findings are written and aggregated, as on a server under attack.
 */
function workload(n: number, startMs: number): CloudTrailRecord[] {
  const out: CloudTrailRecord[] = [];
  for (let i = 0; i < n; i++) {
    const eventTime = new Date(startMs + i * 10).toISOString();
    const base = { eventTime, eventID: `e-${i}`, requestID: `r-${i}`, sourceIPAddress: `198.51.100.${i % 250}` };
    switch (i % 50) {
      case 5:
        out.push(trailRecord({ ...base, userIdentity: IDENTITIES.root, eventName: 'ListBuckets' }));
        break;
      case 15:
        out.push(trailRecord({ ...base, userAgent: 'aws-cli/1.18 Python/3.8 Linux/5.7.0-kali1-amd64' }));
        break;
      case 25:
        out.push(trailRecord({ ...base, sourceIPAddress: threatIp(i % THREAT_ENTRIES), readOnly: false }));
        break;
      case 35:
        out.push(
          trailRecord({
            ...base,
            eventSource: 'cloudtrail.amazonaws.com',
            eventName: 'StopLogging',
            readOnly: false,
            requestParameters: { name: `trail-${i % 7}` },
          }),
        );
        break;
      case 45:
        out.push(
          trailRecord({
            ...base,
            eventName: 'UpdateAccountPasswordPolicy',
            readOnly: false,
            requestParameters: { minimumPasswordLength: i % 100 === 45 ? 16 : 8 },
          }),
        );
        break;
      default:
        out.push(trailRecord({ ...base, eventName: i % 2 ? 'GetUser' : 'DescribeInstances' }));
    }
  }
  return out;
}

async function setUp(dir: string): Promise<{ runtime: Runtime; detectorId: string; close(): Promise<void> }> {
  const store = await openStore({ dataDir: dir, migrations: MIGRATIONS });
  const runtime = makeTestRuntime(store, { config: { dataDir: dir, guarddutyListDir: dir } });
  const ctx = makeTestContext({ runtime, accountId: ACCOUNT, service: 'guardduty', region: 'us-east-1' });
  const detectorId = (await createDetector(ctx, { Enable: true })).DetectorId!;
  const lines = Array.from({ length: THREAT_ENTRIES }, (_, i) => threatIp(i));
  await writeFile(join(dir, 'threats.txt'), `${lines.join('\n')}\n`);
  const { ThreatIntelSetId } = await createThreatIntelSet(ctx, {
    DetectorId: detectorId,
    Name: 'bench-threats',
    Format: 'TXT',
    Location: join(dir, 'threats.txt'),
    Activate: true,
  });
  for (let i = 0; i < 500; i++) {
    const { Status } = await getThreatIntelSet(ctx, { DetectorId: detectorId, ThreatIntelSetId: ThreatIntelSetId! });
    if (Status === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { runtime, detectorId, close: () => store.close() };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function runGuardDutyBench(): Promise<GuardDutyBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'warden-bench-gd-'));
  try {
    const { runtime, detectorId, close } = await setUp(dir);
    try {
      // Live: the whole workload queued at once (as a burst of commits would), timed until the worker drained it.
      const drain = async (detections: readonly TrailDetection[], startMs: number) => {
        const live = new TrailPipeline(runtime, new DetectorCache(runtime.store.db), { detections });
        live.start();
        const records = workload(LIVE_RECORDS, startMs);
        const t0 = performance.now();
        for (const r of records) live.enqueue(r);
        await live.idle();
        const ms = performance.now() - t0;
        await live.stop();
        return { perSec: (LIVE_RECORDS / ms) * 1000, findings: live.stats.findings };
      };
      const all = await drain(TRAIL_DETECTIONS, Date.UTC(2026, 0, 1));
      const stateless = await drain(
        TRAIL_DETECTIONS.filter((d) => d.name !== BASELINES),
        Date.UTC(2025, 0, 1),
      );
      const rate = Math.max(1, Math.min(LATENCY_RATE, Math.floor(all.perSec / 2)));

      // Latency: records at a steady rate; for each that raises a finding, from queueing (the audit commit calls
      // the observer) to its finding's transaction having committed (ListFindings would show it).
      const latencies: number[] = [];
      const steady = new TrailPipeline(runtime, new DetectorCache(runtime.store.db), {
        onFindings: (_f, queuedAt) => latencies.push(performance.now() - queuedAt),
      });
      steady.start();
      const stream = workload(Math.ceil((rate * LATENCY_MS) / 1000), Date.UTC(2026, 0, 2));
      const start = performance.now();
      for (let i = 0; i < stream.length; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        steady.enqueue(stream[i]!);
      }
      await steady.idle();
      await steady.stop();
      latencies.sort((a, b) => a - b);

      // Import: a generated CloudTrail file, as AWS delivers it.
      const file = join(dir, 'trail', 'bench.json.gz');
      await mkdir(join(dir, 'trail'));
      await writeFile(file, gzipSync(JSON.stringify({ Records: workload(IMPORT_RECORDS, Date.UTC(2026, 0, 3)) })));
      const t1 = performance.now();
      const summary = await importTrail(runtime, detectorId, join(dir, 'trail'));
      const importMs = performance.now() - t1;
      const importFindings = [...summary.byType.values()].reduce((n, t) => n + t.occurrences, 0);

      return {
        liveRecordsPerSec: all.perSec,
        liveWithoutBaselinesPerSec: stateless.perSec,
        liveRecords: LIVE_RECORDS,
        liveFindings: all.findings,
        importRecordsPerSec: (summary.analysed / importMs) * 1000,
        importRecords: summary.analysed,
        importFindings,
        latencyP50ms: pct(latencies, 0.5),
        latencyP99ms: pct(latencies, 0.99),
        latencySamples: latencies.length,
        rate,
      };
    } finally {
      await close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
