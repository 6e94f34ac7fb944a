// Runs every trail detection over records for their detector, drops what trusted lists cover, and records the rest.
import type { Kysely } from 'kysely';
import type { Finding } from '../../../aws/generated/guardduty.js';
import { partitionOf } from '../../../aws/partitions.js';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { Runtime } from '../../../core/runtime.js';
import type { Database } from '../../../store/schema.js';
import { geoIpDatabase, type GeoIpDatabase } from '../../../net/geo/database.js';
import { isPublicAddress } from '../../../net/geo/public-address.js';
import { remoteIpDetails } from '../network/network-finding.js';
import type { DetectorRef } from '../detectors.js';
import { recordFindingsIn, type NewFinding } from '../finding-store.js';
import { ipListsOf, type DetectorIpLists } from '../ip-lists.js';
import { TRAIL_DETECTIONS } from './catalogue.js';
import type { DetectionScope, TrailDetection } from './types.js';

/** What analysis needs of the server: the store, configuration (list locations) and a log; import-trail gives it too. */
export type DetectionHost = Pick<Runtime, 'store' | 'config' | 'log'>;

/** Counters a caller keeps over many records (the pipeline's stats, import-trail's summary). */
export interface AnalysisCounters {
  /** Detections that threw (a bug: logged, the other detections still ran). */
  failures: number;
  /** Findings dropped because their remote address is on a trusted IP list. */
  trusted: number;
}

/** One record and the detector it is analysed for. */
export interface BatchItem {
  detector: DetectorRef;
  record: Readonly<CloudTrailRecord>;
}

/** The remote address a finding names (API call or network connection), if any. */
function remoteIpOf(finding: NewFinding): string | undefined {
  const action = finding.Service?.Action;
  const details =
    action?.AwsApiCallAction?.RemoteIpDetails ??
    action?.NetworkConnectionAction?.RemoteIpDetails ??
    action?.PortProbeAction?.PortProbeDetails?.[0]?.RemoteIpDetails;
  return details?.IpAddressV4 ?? details?.IpAddressV6;
}

/** The record's event time in epoch ms; a record without a readable one is taken as happening now. */
export function eventTimeOf(record: Readonly<CloudTrailRecord>): number {
  const t = typeof record.eventTime === 'string' ? Date.parse(record.eventTime) : NaN;
  return Number.isFinite(t) ? t : Date.now();
}

const detectorKey = (d: DetectorRef) => `${d.accountId}/${d.id}`;

/** The offline geolocation data, once loaded (shared with the rest of the process). */
let geo: GeoIpDatabase | undefined;
let geoLoading: Promise<void> | undefined;

/** Starts loading the geolocation data once; resolves when it is loaded or could not be (then tried again later). */
export function loadGeolocation(log: DetectionHost['log']): Promise<void> {
  geoLoading ??= geoIpDatabase().then(
    (g) => {
      geo = g;
    },
    (err: unknown) => {
      log.warn({ err }, 'guardduty: geolocation data unavailable');
      geoLoading = undefined;
    },
  );
  return geoLoading;
}

/**
 * Adds the country and autonomous system of a finding's public caller address, where Warden's offline data places
 * it. The first public address starts loading the data without waiting for it: that finding goes without them.
 */
function locate(host: DetectionHost, finding: NewFinding): void {
  const action = finding.Service?.Action?.AwsApiCallAction;
  const details = action?.RemoteIpDetails;
  const ip = details?.IpAddressV4 ?? details?.IpAddressV6;
  if (!action || ip === undefined || !isPublicAddress(ip)) return;
  if (!geo) {
    void loadGeolocation(host.log);
    return;
  }
  action.RemoteIpDetails = { ...remoteIpDetails(ip, geo.locate(ip)), ...details };
}

async function listsFor(host: DetectionHost, detector: DetectorRef): Promise<DetectorIpLists> {
  try {
    return await ipListsOf(host, detector.accountId, detector.id);
  } catch (err) {
    host.log.warn({ err, detectorId: detector.id }, 'guardduty lists unavailable; analysing without them');
    return { trusted: () => false, threat: () => undefined };
  }
}

/**
 * What one record raises: each detection runs on its own (one that throws is logged and counted, the others still
 * run); a finding whose remote address is on an active trusted IP list is dropped, as GuardDuty documents ("GuardDuty
 * doesn't generate findings for IP addresses on trusted IP lists").
 */
async function detectWith(
  host: DetectionHost,
  scope: DetectionScope,
  record: Readonly<CloudTrailRecord>,
  counters: AnalysisCounters,
  detections: readonly TrailDetection[],
): Promise<NewFinding[]> {
  const raised: NewFinding[] = [];
  for (const detection of detections) {
    let found: readonly NewFinding[];
    try {
      found = await detection.detect(scope, record);
    } catch (err) {
      counters.failures++;
      host.log.error({ err, detection: detection.name }, 'a guardduty detection failed');
      continue;
    }
    for (const finding of found) {
      const ip = remoteIpOf(finding);
      if (ip !== undefined && scope.lists.trusted(ip)) counters.trusted++;
      else {
        locate(host, finding);
        raised.push(finding);
      }
    }
  }
  return raised;
}

async function runBatch(
  host: DetectionHost,
  trx: Kysely<Database>,
  items: readonly BatchItem[],
  lists: ReadonlyMap<string, DetectorIpLists>,
  counters: AnalysisCounters,
  detections: readonly TrailDetection[],
): Promise<Finding[][]> {
  const out: Finding[][] = [];
  for (const { detector, record } of items) {
    const scope: DetectionScope = {
      detector,
      partition: partitionOf(detector.region) ?? 'aws',
      lists: lists.get(detectorKey(detector))!,
      db: trx,
      at: eventTimeOf(record),
    };
    const raised = await detectWith(host, scope, record, counters, detections);
    out.push(await recordFindingsIn(trx, detector, raised));
  }
  return out;
}

/**
 * Analyses records in order and records what they raise, all in one transaction: what detections learn (baselines)
 * and the findings commit together, one commit per batch instead of several per record. The lists are looked up
 * first, outside it (on SQLite the transaction holds the one connection). If the batch's transaction fails (a
 * store error; PostgreSQL then refuses the rest of it), each record is analysed again in its own, so one bad record
 * costs only its own findings. Returns each record's recorded findings.
 */
export async function analyseBatch(
  host: DetectionHost,
  items: readonly BatchItem[],
  counters: AnalysisCounters,
  detections: readonly TrailDetection[] = TRAIL_DETECTIONS,
): Promise<Finding[][]> {
  if (items.length === 0 || detections.length === 0) return items.map(() => []);
  const lists = new Map<string, DetectorIpLists>();
  for (const { detector } of items) {
    const key = detectorKey(detector);
    if (!lists.has(key)) lists.set(key, await listsFor(host, detector));
  }
  try {
    return await host.store.transaction((trx) => runBatch(host, trx, items, lists, counters, detections));
  } catch (err) {
    if (items.length === 1) throw err;
    host.log.warn({ err, records: items.length }, 'guardduty batch failed; analysing its records one by one');
    const out: Finding[][] = [];
    for (const item of items) {
      try {
        out.push((await host.store.transaction((trx) => runBatch(host, trx, [item], lists, counters, detections)))[0]!);
      } catch (one) {
        counters.failures++;
        host.log.error({ err: one }, 'guardduty could not analyse an audit record');
        out.push([]);
      }
    }
    return out;
  }
}

/** Analyses one record for a detector and records what it raises; returns what was recorded. */
export async function analyseRecord(
  host: DetectionHost,
  detector: DetectorRef,
  record: Readonly<CloudTrailRecord>,
  counters: AnalysisCounters,
  detections: readonly TrailDetection[] = TRAIL_DETECTIONS,
): Promise<Finding[]> {
  return (await analyseBatch(host, [{ detector, record }], counters, detections))[0]!;
}
