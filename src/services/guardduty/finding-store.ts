// Findings at rest: recordFinding (aggregating repeats, applying ARCHIVE filters to new findings) and loading a detector's findings.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Finding, FindingCriteria, Resource, Service } from '../../aws/generated/guardduty.js';
import { partitionOf } from '../../aws/partitions.js';
import type { Runtime } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { matchesCriteria } from './criteria.js';
import type { DetectorRef } from './detectors.js';

/** GuardDuty's finding schema version. */
const SCHEMA_VERSION = '2.0';

/** What a detection reports; recordFinding fills in the identity, times, count and archive state. */
export interface NewFinding {
  Type: string;
  Severity: number;
  Title: string;
  Description: string;
  Resource: Resource;
  /** Action, AdditionalInfo, ResourceRole, FeatureName...: everything of Service but what recordFinding keeps. */
  Service?: Omit<Service, 'Count' | 'EventFirstSeen' | 'EventLastSeen' | 'Archived' | 'DetectorId' | 'ServiceName'>;
  /** The resource or actor a repeat must share to aggregate (default: the Resource JSON). */
  key?: string;
  /** When the activity happened (epoch ms; default now). */
  at?: number;
}

function aggregationKey(input: NewFinding): string {
  return `${input.Type}\n${input.key ?? JSON.stringify(input.Resource)}`;
}

/** The detector's ARCHIVE filters in rank order: the suppression rules a new finding meets. */
async function suppressedBy(db: Kysely<Database>, detector: DetectorRef, finding: Finding): Promise<boolean> {
  const filters = await accountScope(db, detector.accountId)
    .selectFrom('guardduty_filters')
    .select('criteria')
    .where('detector_id', '=', detector.id)
    .where('action', '=', 'ARCHIVE')
    .orderBy('rank')
    .execute();
  return filters.some((f) => matchesCriteria(finding, JSON.parse(f.criteria) as FindingCriteria));
}

/**
 * Records a finding for a detector. A repeat of the same activity (same type, same resource or actor key) adds
 * one to the existing finding's Service.Count and moves its EventLastSeen and UpdatedAt instead of making a new
 * finding. A new finding an ARCHIVE filter matches is stored archived (suppressed), as GuardDuty does. It needs only
 * the store, so `warden guardduty import-trail` records findings without a running server.
 */
export async function recordFinding(
  runtime: Pick<Runtime, 'store'>,
  detector: DetectorRef,
  input: NewFinding,
): Promise<Finding> {
  return (await recordFindings(runtime, detector, [input]))[0]!;
}

/**
 * Records several findings for a detector in one transaction, in order (a repeat within them aggregates as it
 * would across calls): detection writes a batch of records' findings with one commit rather than one each.
 */
export async function recordFindings(
  runtime: Pick<Runtime, 'store'>,
  detector: DetectorRef,
  inputs: readonly NewFinding[],
): Promise<Finding[]> {
  if (inputs.length === 0) return [];
  return runtime.store.transaction((trx) => recordFindingsIn(trx, detector, inputs));
}

/** recordFindings within a transaction the caller holds (detection analysing a batch of records in one). */
export async function recordFindingsIn(
  trx: Kysely<Database>,
  detector: DetectorRef,
  inputs: readonly NewFinding[],
): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const input of inputs) out.push(await recordIn(trx, detector, input));
  return out;
}

async function recordIn(trx: Kysely<Database>, detector: DetectorRef, input: NewFinding): Promise<Finding> {
  const at = input.at ?? Date.now();
  const key = aggregationKey(input);
  const scope = accountScope(trx, detector.accountId);
  const existing = await scope
    .selectFrom('guardduty_findings')
    .select(['id', 'finding'])
    .where('detector_id', '=', detector.id)
    .where('aggregation_key', '=', key)
    .executeTakeFirst();
  const iso = new Date(at).toISOString();
  if (existing) {
    const finding = JSON.parse(existing.finding) as Finding;
    const service = finding.Service ?? {};
    service.Count = (service.Count ?? 1) + 1;
    if (!service.EventLastSeen || Date.parse(service.EventLastSeen) < at) service.EventLastSeen = iso;
    finding.Service = { ...service, ...input.Service, Count: service.Count, EventLastSeen: service.EventLastSeen };
    finding.UpdatedAt = new Date(Math.max(Date.now(), at)).toISOString();
    await scope
      .updateTable('guardduty_findings')
      .set({ finding: JSON.stringify(finding), updated_at: Date.parse(finding.UpdatedAt) })
      .where('detector_id', '=', detector.id)
      .where('id', '=', existing.id)
      .execute();
    return finding;
  }
  const id = randomBytes(16).toString('hex');
  const partition = partitionOf(detector.region) ?? 'aws';
  const now = new Date().toISOString();
  const finding: Finding = {
    AccountId: detector.accountId,
    Arn: `arn:${partition}:guardduty:${detector.region}:${detector.accountId}:detector/${detector.id}/finding/${id}`,
    CreatedAt: now,
    Description: input.Description,
    Id: id,
    Partition: partition,
    Region: detector.region,
    Resource: input.Resource,
    SchemaVersion: SCHEMA_VERSION,
    Service: {
      ...input.Service,
      Archived: false,
      Count: 1,
      DetectorId: detector.id,
      EventFirstSeen: iso,
      EventLastSeen: iso,
      ServiceName: 'guardduty',
    },
    Severity: input.Severity,
    Title: input.Title,
    Type: input.Type,
    UpdatedAt: now,
  };
  if (await suppressedBy(trx, detector, finding)) finding.Service!.Archived = true;
  await scope
    .insertInto('guardduty_findings')
    .values({
      detector_id: detector.id,
      id,
      aggregation_key: key,
      finding: JSON.stringify(finding),
      created_at: Date.parse(now),
      updated_at: Date.parse(now),
    })
    .execute();
  return finding;
}

/** Every finding of a detector, parsed. */
export async function findingsOf(db: Kysely<Database>, accountId: string, detectorId: string): Promise<Finding[]> {
  const rows = await accountScope(db, accountId)
    .selectFrom('guardduty_findings')
    .select('finding')
    .where('detector_id', '=', detectorId)
    .execute();
  return rows.map((r) => JSON.parse(r.finding) as Finding);
}

/** Rewrites findings of a detector by id (archive, unarchive, feedback); ids it does not hold are skipped. */
export async function updateFindings(
  db: Kysely<Database>,
  accountId: string,
  detectorId: string,
  ids: readonly string[],
  change: (f: Finding) => void,
): Promise<void> {
  if (ids.length === 0) return;
  const scope = accountScope(db, accountId);
  const rows = await scope
    .selectFrom('guardduty_findings')
    .select(['id', 'finding'])
    .where('detector_id', '=', detectorId)
    .where('id', 'in', [...ids])
    .execute();
  for (const row of rows) {
    const finding = JSON.parse(row.finding) as Finding;
    change(finding);
    await scope
      .updateTable('guardduty_findings')
      .set({ finding: JSON.stringify(finding) })
      .where('detector_id', '=', detectorId)
      .where('id', '=', row.id)
      .execute();
  }
}
