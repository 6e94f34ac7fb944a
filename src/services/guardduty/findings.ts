// Reading and triaging findings (an administrator's include its members'): ListFindings, GetFindings, GetFindingsStatistics, Archive/Unarchive, feedback.
import type {
  ArchiveFindingsRequest,
  ArchiveFindingsResponse,
  Finding,
  FindingCriteria,
  FindingStatistics,
  GetFindingsRequest,
  GetFindingsResponse,
  GetFindingsStatisticsRequest,
  GetFindingsStatisticsResponse,
  ListFindingsRequest,
  ListFindingsResponse,
  UnarchiveFindingsRequest,
  UnarchiveFindingsResponse,
  UpdateFindingsFeedbackRequest,
  UpdateFindingsFeedbackResponse,
} from '../../aws/generated/guardduty.js';
import type { RequestContext } from '../../core/runtime.js';
import { matchesCriteria, sortFindings, validateCriteria, validateSort } from './criteria.js';
import { requireDetector } from './detectors.js';
import { invalidInput } from './errors.js';
import { findingsOf, updateFindings } from './finding-store.js';
import { monitoredDetectors } from './member-store.js';
import { syncOrganizationMembers } from './organization-admin.js';
import { pageOf } from './paging.js';

/**
 * The findings a detector shows: its own and, for an administrator, those of its Enabled members' detectors in the
 * Region (each keeps its own AccountId), as GuardDuty shows an administrator its members' findings.
 */
async function visibleFindings(ctx: RequestContext, detectorId: string): Promise<Finding[]> {
  const db = ctx.runtime.store.db;
  await syncOrganizationMembers(ctx, ctx.identity.accountId);
  const own = { accountId: ctx.identity.accountId, region: ctx.region, id: detectorId };
  const out: Finding[] = [];
  for (const d of await monitoredDetectors(db, own)) out.push(...(await findingsOf(db, d.accountId, d.id)));
  return out;
}

/** GetFindingsStatistics with GroupBy: "The default value is 25" groups. */
const DEFAULT_GROUPS = 25;

async function matching(
  ctx: RequestContext,
  detectorId: string,
  input: { FindingCriteria?: FindingCriteria },
): Promise<Finding[]> {
  validateCriteria(input.FindingCriteria);
  const db = ctx.runtime.store.db;
  const detector = await requireDetector(db, ctx, detectorId);
  const all = await visibleFindings(ctx, detector.id);
  return all.filter((f) => matchesCriteria(f, input.FindingCriteria));
}

export async function listFindings(ctx: RequestContext, input: ListFindingsRequest): Promise<ListFindingsResponse> {
  validateSort(input.SortCriteria);
  const found = sortFindings(await matching(ctx, input.DetectorId, input), input.SortCriteria);
  const page = pageOf(
    ctx,
    found.map((f) => f.Id),
    input,
  );
  return { FindingIds: page.items, ...(page.NextToken && { NextToken: page.NextToken }) };
}

export async function getFindings(ctx: RequestContext, input: GetFindingsRequest): Promise<GetFindingsResponse> {
  validateSort(input.SortCriteria);
  const db = ctx.runtime.store.db;
  const detector = await requireDetector(db, ctx, input.DetectorId);
  const wanted = new Set(input.FindingIds);
  const all = await visibleFindings(ctx, detector.id);
  return {
    Findings: sortFindings(
      all.filter((f) => wanted.has(f.Id)),
      input.SortCriteria,
    ),
  };
}

/** Counts per group key, with the newest UpdatedAt of each group, most (DESC) or fewest (ASC) first. */
function grouped<T>(
  findings: readonly Finding[],
  keyOf: (f: Finding) => string,
  make: (key: string, total: number, last: Date, sample: Finding) => T,
  order: 'ASC' | 'DESC',
  limit: number,
): T[] {
  const groups = new Map<string, { total: number; last: number; sample: Finding }>();
  for (const f of findings) {
    const key = keyOf(f);
    const g = groups.get(key) ?? { total: 0, last: 0, sample: f };
    g.total += 1;
    g.last = Math.max(g.last, Date.parse(f.UpdatedAt));
    groups.set(key, g);
  }
  const sign = order === 'ASC' ? 1 : -1;
  return [...groups.entries()]
    .sort(([ka, a], [kb, b]) => sign * (a.total - b.total) || (ka < kb ? -1 : 1))
    .slice(0, limit)
    .map(([key, g]) => make(key, g.total, new Date(g.last), g.sample));
}

function resourceIdOf(f: Finding): string {
  const r = f.Resource;
  return (
    r.AccessKeyDetails?.AccessKeyId ??
    r.InstanceDetails?.InstanceId ??
    r.S3BucketDetails?.[0]?.Arn ??
    r.ResourceType ??
    ''
  );
}

export async function getFindingsStatistics(
  ctx: RequestContext,
  input: GetFindingsStatisticsRequest,
): Promise<GetFindingsStatisticsResponse> {
  const types = input.FindingStatisticTypes ?? [];
  if (types.length === 0 && input.GroupBy === undefined) throw invalidInput();
  const found = await matching(ctx, input.DetectorId, input);
  const stats: FindingStatistics = {};
  if (types.includes('COUNT_BY_SEVERITY')) {
    const counts: Record<string, number> = {};
    for (const f of found) counts[String(f.Severity)] = (counts[String(f.Severity)] ?? 0) + 1;
    stats.CountBySeverity = counts;
  }
  const order = input.OrderBy ?? 'DESC';
  const limit = input.MaxResults ?? DEFAULT_GROUPS;
  switch (input.GroupBy) {
    case 'SEVERITY':
      stats.GroupedBySeverity = grouped(
        found,
        (f) => String(f.Severity),
        (k, total, last) => ({ Severity: Number(k), TotalFindings: total, LastGeneratedAt: last }),
        order,
        limit,
      );
      break;
    case 'FINDING_TYPE':
      stats.GroupedByFindingType = grouped(
        found,
        (f) => f.Type,
        (k, total, last) => ({ FindingType: k, TotalFindings: total, LastGeneratedAt: last }),
        order,
        limit,
      );
      break;
    case 'ACCOUNT':
      stats.GroupedByAccount = grouped(
        found,
        (f) => f.AccountId,
        (k, total, last) => ({ AccountId: k, TotalFindings: total, LastGeneratedAt: last }),
        order,
        limit,
      );
      break;
    case 'DATE':
      stats.GroupedByDate = grouped(
        found,
        (f) => `${f.UpdatedAt.slice(0, 10)}\n${f.Severity}`,
        (k, total, last, sample) => ({
          Date: new Date(`${k.slice(0, 10)}T00:00:00Z`),
          Severity: sample.Severity,
          TotalFindings: total,
          LastGeneratedAt: last,
        }),
        order,
        limit,
      );
      break;
    case 'RESOURCE':
      stats.GroupedByResource = grouped(
        found,
        (f) => `${f.AccountId}\n${resourceIdOf(f)}`,
        (_k, total, last, sample) => ({
          AccountId: sample.AccountId,
          ResourceId: resourceIdOf(sample),
          ...(sample.Resource.ResourceType !== undefined && { ResourceType: sample.Resource.ResourceType }),
          TotalFindings: total,
          LastGeneratedAt: last,
        }),
        order,
        limit,
      );
      break;
    case undefined:
      break;
  }
  return { FindingStatistics: stats };
}

async function setArchived(ctx: RequestContext, detectorId: string, ids: readonly string[], archived: boolean) {
  await ctx.runtime.store.transaction(async (trx) => {
    const detector = await requireDetector(trx, ctx, detectorId);
    // An administrator triages its members' findings too; the ids name findings of any detector it monitors.
    const own = { accountId: ctx.identity.accountId, region: ctx.region, id: detector.id };
    for (const d of await monitoredDetectors(trx, own))
      await updateFindings(trx, d.accountId, d.id, ids, (f) => {
        f.Service = { ...f.Service, Archived: archived };
      });
  });
}

export async function archiveFindings(
  ctx: RequestContext,
  input: ArchiveFindingsRequest,
): Promise<ArchiveFindingsResponse> {
  await setArchived(ctx, input.DetectorId, input.FindingIds, true);
  return {};
}

export async function unarchiveFindings(
  ctx: RequestContext,
  input: UnarchiveFindingsRequest,
): Promise<UnarchiveFindingsResponse> {
  await setArchived(ctx, input.DetectorId, input.FindingIds, false);
  return {};
}

export async function updateFindingsFeedback(
  ctx: RequestContext,
  input: UpdateFindingsFeedbackRequest,
): Promise<UpdateFindingsFeedbackResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    const detector = await requireDetector(trx, ctx, input.DetectorId);
    const own = { accountId: ctx.identity.accountId, region: ctx.region, id: detector.id };
    for (const d of await monitoredDetectors(trx, own))
      await updateFindings(trx, d.accountId, d.id, input.FindingIds, (f) => {
        f.Service = { ...f.Service, UserFeedback: input.Feedback };
      });
  });
  return {};
}
