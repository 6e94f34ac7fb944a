// Which detector analyses a record: the account's detector in the record's Region, when enabled with CloudTrail analysis on.
import type { Kysely } from 'kysely';
import { accountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import type { DetectorRef } from '../detectors.js';
import type { GuardDutyDetectorsTable } from '../tables.js';

/** Whether a detector row analyses management events: ENABLED, and its CLOUD_TRAIL feature not DISABLED. */
export function analysesTrail(row: Pick<GuardDutyDetectorsTable, 'status' | 'features'>): boolean {
  if (row.status !== 'ENABLED') return false;
  try {
    const features = JSON.parse(row.features) as { Name?: unknown; Status?: unknown }[];
    const cloudTrail = Array.isArray(features) ? features.find((f) => f?.Name === 'CLOUD_TRAIL') : undefined;
    return cloudTrail?.Status !== 'DISABLED';
  } catch {
    return true;
  }
}

/** The account's detector in the Region, if it analyses management events. */
export async function trailDetector(
  db: Kysely<Database>,
  accountId: string,
  region: string,
): Promise<DetectorRef | undefined> {
  const row = await accountScope(db, accountId)
    .selectFrom('guardduty_detectors')
    .select(['id', 'status', 'features'])
    .where('region', '=', region)
    .executeTakeFirst();
  return row && analysesTrail(row) ? { accountId, region, id: row.id } : undefined;
}

/** How long a looked-up answer is trusted when no change was seen on this node (changes on other nodes). */
const TTL_MS = 10_000;
/** Account/Region pairs remembered; past this the memory starts again (accounts a node sees are few). */
const MAX_ENTRIES = 10_000;

/**
 * Detector lookups remembered per account and Region, forgotten when the trail shows this node changed a detector
 * (create, update, delete) and after a short time otherwise, so a change made through another node is seen within
 * seconds.
 */
export class DetectorCache {
  private readonly entries = new Map<string, { detector: DetectorRef | undefined; until: number }>();
  private generation = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async get(accountId: string, region: string): Promise<DetectorRef | undefined> {
    const key = `${accountId}/${region}`;
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.detector;
    const generation = this.generation;
    const detector = await trailDetector(this.db, accountId, region);
    // A change while the lookup ran may not be in its answer: use it, but do not remember it.
    if (generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { detector, until: now + TTL_MS });
    }
    return detector;
  }

  forget(): void {
    this.generation++;
    this.entries.clear();
  }
}
