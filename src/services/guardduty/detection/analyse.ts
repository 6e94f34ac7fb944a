// Runs every trail detection over one record for one detector, drops what trusted lists cover, and records the rest.
import type { Finding } from '../../../aws/generated/guardduty.js';
import { partitionOf } from '../../../aws/partitions.js';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { Runtime } from '../../../core/runtime.js';
import type { DetectorRef } from '../detectors.js';
import { recordFinding, type NewFinding } from '../finding-store.js';
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

/**
 * Analyses one record for a detector: each detection runs on its own (one that throws is logged and counted, the
 * others still run); a finding whose remote address is on an active trusted IP list is not recorded, as GuardDuty
 * documents ("GuardDuty doesn't generate findings for IP addresses on trusted IP lists"). Returns what was recorded.
 */
export async function analyseRecord(
  host: DetectionHost,
  detector: DetectorRef,
  record: Readonly<CloudTrailRecord>,
  counters: AnalysisCounters,
  detections: readonly TrailDetection[] = TRAIL_DETECTIONS,
): Promise<Finding[]> {
  if (detections.length === 0) return [];
  let lists: DetectorIpLists;
  try {
    lists = await ipListsOf(host, detector.accountId, detector.id);
  } catch (err) {
    host.log.warn({ err, detectorId: detector.id }, 'guardduty lists unavailable; analysing without them');
    lists = { trusted: () => false, threat: () => undefined };
  }
  const scope: DetectionScope = {
    detector,
    partition: partitionOf(detector.region) ?? 'aws',
    lists,
    db: host.store.db,
    at: eventTimeOf(record),
  };
  const recorded: Finding[] = [];
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
      if (ip !== undefined && lists.trusted(ip)) {
        counters.trusted++;
        continue;
      }
      recorded.push(await recordFinding(host, detector, finding));
    }
  }
  return recorded;
}
