// What a GuardDuty detection is: a rule over audit-trail records that reports findings, and what it may consult.
import type { Kysely } from 'kysely';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { Database } from '../../../store/schema.js';
import type { DetectorRef } from '../detectors.js';
import type { NewFinding } from '../finding-store.js';
import type { DetectorIpLists } from '../ip-lists.js';

/** The detector a record is analysed for, and what a detection may consult while analysing it. */
export interface DetectionScope {
  /** The enabled detector of the record's account (recipientAccountId) in the record's Region (awsRegion). */
  readonly detector: DetectorRef;
  readonly partition: string;
  /** The detector's trusted IP lists and threat lists. */
  readonly lists: DetectorIpLists;
  /** The store, for detections that keep state (per-identity baselines); live and imported trails share it. */
  readonly db: Kysely<Database>;
  /**
   * The record's event time (epoch ms). Detections reason in event time, never the clock, so an imported trail
   * replayed in event-time order raises what the same calls made live would have raised.
   */
  readonly at: number;
}

/** One detection: documented GuardDuty finding types it raises, and the rule that raises them. */
export interface TrailDetection {
  /** A short stable name (logs, bench, the import summary). */
  readonly name: string;
  /** The GuardDuty finding types it can raise, exactly as AWS names them. */
  readonly findingTypes: readonly string[];
  /** The findings this record raises (usually none). Must not throw on any record, however malformed. */
  detect(scope: DetectionScope, record: Readonly<CloudTrailRecord>): Promise<readonly NewFinding[]>;
}
