// ListCisScans, ListCisScanResultsAggregatedByChecks, ListCisScanResultsAggregatedByTargetResource and
// GetCisScanResultDetails: a scan's results as stored by ./scans.ts, only ever the caller's own (another account's
// scan ARN reads as a scan with no results).
import type {
  CisCheckAggregation,
  CisFindingStatus,
  CisResultStatus,
  CisScan,
  CisScanResultDetails,
  CisScanStatus,
  CisSecurityLevel,
  CisTargetResourceAggregation,
  CisTargetStatus,
  CisTargetStatusReason,
  CisTargets,
  GetCisScanResultDetailsRequest,
  GetCisScanResultDetailsResponse,
  ListCisScanResultsAggregatedByChecksRequest,
  ListCisScanResultsAggregatedByChecksResponse,
  ListCisScanResultsAggregatedByTargetResourceRequest,
  ListCisScanResultsAggregatedByTargetResourceResponse,
  ListCisScansRequest,
  ListCisScansResponse,
} from '../../../aws/generated/inspector2.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import { pageOfList } from '../../../store/pagination.js';
import { invalidToken } from '../errors.js';
import { matchesAnyString, matchesEnum, matchesNumber, matchesStrings, matchesTags, sortBy } from './match.js';
import { asShown, cisResourceId, managedInstanceId } from './resource-ids.js';
import { MAX_SCANS } from './scans.js';
import type { Inspector2CisScansTable } from './tables.js';
import './tables.js';

/** A check id sortable as the benchmark orders it: 1.5.1 before 1.10.1 (each number padded). */
export function checkOrder(id: string): string {
  return id.replace(/\d+/g, (n) => n.padStart(6, '0'));
}

function scanOf(r: Inspector2CisScansTable): CisScan {
  return {
    scanArn: r.scan_arn,
    scanConfigurationArn: r.configuration_arn,
    status: r.status as CisScanStatus,
    scanName: r.scan_name,
    scanDate: new Date(Number(r.started_at)),
    failedChecks: Number(r.failed_checks),
    totalChecks: Number(r.total_checks),
    targets: JSON.parse(r.targets) as CisTargets,
    scheduledBy: r.scheduled_by,
    securityLevel: r.security_level as CisSecurityLevel,
  };
}

export async function listCisScans(ctx: RequestContext, input: ListCisScansRequest): Promise<ListCisScansResponse> {
  const scope = accountScope(ctx.runtime.store.db, ctx.identity.accountId);
  const rows = await scope
    .selectFrom('inspector2_cis_scans')
    .selectAll()
    .where('region', '=', ctx.region)
    .orderBy('started_at', 'desc')
    .orderBy('scan_arn')
    .limit(MAX_SCANS)
    .execute();
  const f = input.filterCriteria;
  // Target ids and tags per scan, read only when a filter asks about them.
  const targetsOf = new Map<string, { ids: string[]; tags: Map<string, string[]> }>();
  if ((f?.targetResourceIdFilters?.length ?? 0) > 0 || (f?.targetResourceTagFilters?.length ?? 0) > 0) {
    const targets = await scope
      .selectFrom('inspector2_cis_scan_targets')
      .select(['scan_arn', 'instance_id', 'tags'])
      .where('region', '=', ctx.region)
      .limit(200_000)
      .execute();
    for (const t of targets) {
      const entry = targetsOf.get(t.scan_arn) ?? { ids: [], tags: new Map<string, string[]>() };
      entry.ids.push(cisResourceId(t.instance_id));
      for (const [k, vs] of Object.entries(JSON.parse(t.tags) as Record<string, string[]>))
        entry.tags.set(k, [...(entry.tags.get(k) ?? []), ...vs]);
      targetsOf.set(t.scan_arn, entry);
    }
  }
  let scans = rows.map(scanOf).filter((s) => {
    const t = targetsOf.get(s.scanArn) ?? { ids: [], tags: new Map<string, string[]>() };
    const at = s.scanDate!.getTime();
    return (
      matchesStrings(f?.scanNameFilters, s.scanName) &&
      matchesStrings(f?.scanArnFilters, s.scanArn) &&
      matchesStrings(f?.scanConfigurationArnFilters, s.scanConfigurationArn) &&
      matchesStrings(f?.scheduledByFilters, s.scheduledBy) &&
      matchesStrings(f?.targetAccountIdFilters, ctx.identity.accountId) &&
      matchesEnum(f?.scanStatusFilters, s.status) &&
      matchesNumber(f?.failedChecksFilters, s.failedChecks ?? 0) &&
      matchesAnyString(asShown(f?.targetResourceIdFilters), t.ids) &&
      matchesTags(f?.targetResourceTagFilters, Object.fromEntries(t.tags)) &&
      (f?.scanAtFilters ?? []).every(
        (d) =>
          (d.earliestScanStartTime === undefined || at >= new Date(d.earliestScanStartTime).getTime()) &&
          (d.latestScanStartTime === undefined || at <= new Date(d.latestScanStartTime).getTime()),
      )
    );
  });
  // Newest first unless the caller chooses an order.
  if (input.sortBy !== undefined || input.sortOrder !== undefined) {
    const by = input.sortBy ?? 'SCAN_START_DATE';
    scans = sortBy(
      scans,
      (s) =>
        by === 'STATUS'
          ? (s.status ?? '')
          : by === 'SCHEDULED_BY'
            ? (s.scheduledBy ?? '')
            : by === 'FAILED_CHECKS'
              ? (s.failedChecks ?? 0)
              : s.scanDate!.getTime(),
      input.sortOrder,
      (s) => s.scanArn,
    );
  }
  const page = pageOfList(ctx, scans, {
    token: input.nextToken,
    limit: input.maxResults ?? 100,
    filters: { f, sortBy: input.sortBy, sortOrder: input.sortOrder, detailLevel: input.detailLevel },
    errors: { invalid: invalidToken },
  });
  const out: ListCisScansResponse = { scans: page.items };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}

export async function listCisScanResultsAggregatedByChecks(
  ctx: RequestContext,
  input: ListCisScanResultsAggregatedByChecksRequest,
): Promise<ListCisScanResultsAggregatedByChecksResponse> {
  const rows = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('inspector2_cis_scan_results')
    .select(['check_id', 'title', 'level', 'platform', 'status'])
    .where('scan_arn', '=', input.scanArn)
    .limit(200_000)
    .execute();
  const groups = new Map<
    string,
    CisCheckAggregation & { statusCounts: { failed: number; passed: number; skipped: number } }
  >();
  for (const r of rows) {
    const key = `${r.check_id}\n${r.platform ?? ''}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        scanArn: input.scanArn,
        checkId: r.check_id,
        title: r.title,
        level: r.level as CisSecurityLevel,
        accountId: ctx.identity.accountId,
        statusCounts: { failed: 0, passed: 0, skipped: 0 },
        ...(r.platform !== null ? { platform: r.platform } : {}),
      };
      groups.set(key, g);
    }
    if (r.status === 'FAILED') g.statusCounts.failed++;
    else if (r.status === 'PASSED') g.statusCounts.passed++;
    else g.statusCounts.skipped++;
  }
  const f = input.filterCriteria;
  let checks = [...groups.values()].filter(
    (g) =>
      matchesStrings(f?.accountIdFilters, g.accountId) &&
      matchesStrings(f?.checkIdFilters, g.checkId) &&
      matchesStrings(f?.titleFilters, g.title) &&
      matchesStrings(f?.platformFilters, g.platform) &&
      matchesNumber(f?.failedResourcesFilters, g.statusCounts.failed) &&
      matchesEnum(f?.securityLevelFilters, g.level),
  );
  const by = input.sortBy ?? 'CHECK_ID';
  checks = sortBy(
    checks,
    (g) =>
      by === 'TITLE'
        ? (g.title ?? '')
        : by === 'PLATFORM'
          ? (g.platform ?? '')
          : by === 'FAILED_COUNTS'
            ? g.statusCounts.failed
            : by === 'SECURITY_LEVEL'
              ? (g.level ?? '')
              : checkOrder(g.checkId ?? ''),
    input.sortOrder,
    (g) => `${checkOrder(g.checkId ?? '')}\n${g.platform ?? ''}`,
  );
  const page = pageOfList(ctx, checks, {
    token: input.nextToken,
    limit: input.maxResults ?? 100,
    filters: { scan: input.scanArn, f, sortBy: input.sortBy, sortOrder: input.sortOrder },
    errors: { invalid: invalidToken },
  });
  const out: ListCisScanResultsAggregatedByChecksResponse = { checkAggregations: page.items };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}

/** A target's overall result: FAILED if any check failed, PASSED if any passed, else SKIPPED. */
function targetResult(c: { failed: number; passed: number }): CisResultStatus {
  return c.failed > 0 ? 'FAILED' : c.passed > 0 ? 'PASSED' : 'SKIPPED';
}

export async function listCisScanResultsAggregatedByTargetResource(
  ctx: RequestContext,
  input: ListCisScanResultsAggregatedByTargetResourceRequest,
): Promise<ListCisScanResultsAggregatedByTargetResourceResponse> {
  const scope = accountScope(ctx.runtime.store.db, ctx.identity.accountId);
  const targets = await scope
    .selectFrom('inspector2_cis_scan_targets')
    .selectAll()
    .where('scan_arn', '=', input.scanArn)
    .limit(10_000)
    .execute();
  const f = input.filterCriteria;
  // With check id filters, each target's counts are of the matching checks only, and targets without one drop out.
  let counted = new Map<string, { failed: number; passed: number; skipped: number }>();
  if ((f?.checkIdFilters?.length ?? 0) > 0) {
    const results = await scope
      .selectFrom('inspector2_cis_scan_results')
      .select(['instance_id', 'check_id', 'status'])
      .where('scan_arn', '=', input.scanArn)
      .limit(200_000)
      .execute();
    counted = new Map();
    for (const r of results) {
      if (!matchesStrings(f?.checkIdFilters, r.check_id)) continue;
      const c = counted.get(r.instance_id) ?? { failed: 0, passed: 0, skipped: 0 };
      if (r.status === 'FAILED') c.failed++;
      else if (r.status === 'PASSED') c.passed++;
      else c.skipped++;
      counted.set(r.instance_id, c);
    }
  }
  let aggregations = targets
    .filter((t) => (f?.checkIdFilters?.length ?? 0) === 0 || counted.has(t.instance_id))
    .map((t) => {
      const counts = counted.get(t.instance_id) ?? {
        failed: Number(t.failed),
        passed: Number(t.passed),
        skipped: Number(t.skipped),
      };
      const a: CisTargetResourceAggregation = {
        scanArn: input.scanArn,
        targetResourceId: cisResourceId(t.instance_id),
        accountId: t.account_id,
        targetResourceTags: JSON.parse(t.tags) as Record<string, string[]>,
        statusCounts: counts,
      };
      if (t.platform !== null) a.platform = t.platform;
      if (t.target_status !== null) a.targetStatus = t.target_status as CisTargetStatus;
      if (t.status_reason !== null) a.targetStatusReason = t.status_reason as CisTargetStatusReason;
      return { a, counts };
    })
    .filter(
      ({ a, counts }) =>
        matchesStrings(f?.accountIdFilters, a.accountId) &&
        matchesStrings(asShown(f?.targetResourceIdFilters), a.targetResourceId) &&
        matchesStrings(f?.platformFilters, a.platform) &&
        matchesTags(f?.targetResourceTagFilters, a.targetResourceTags ?? {}) &&
        matchesEnum(f?.statusFilters, targetResult(counts)) &&
        matchesEnum(f?.targetStatusFilters, a.targetStatus) &&
        matchesEnum(f?.targetStatusReasonFilters, a.targetStatusReason) &&
        matchesNumber(f?.failedChecksFilters, counts.failed),
    );
  const by = input.sortBy ?? 'RESOURCE_ID';
  aggregations = sortBy(
    aggregations,
    ({ a, counts }) =>
      by === 'FAILED_COUNTS'
        ? counts.failed
        : by === 'ACCOUNT_ID'
          ? (a.accountId ?? '')
          : by === 'PLATFORM'
            ? (a.platform ?? '')
            : by === 'TARGET_STATUS'
              ? (a.targetStatus ?? '')
              : by === 'TARGET_STATUS_REASON'
                ? (a.targetStatusReason ?? '')
                : (a.targetResourceId ?? ''),
    input.sortOrder,
    ({ a }) => a.targetResourceId ?? '',
  );
  const page = pageOfList(
    ctx,
    aggregations.map((x) => x.a),
    {
      token: input.nextToken,
      limit: input.maxResults ?? 100,
      filters: { scan: input.scanArn, f, sortBy: input.sortBy, sortOrder: input.sortOrder },
      errors: { invalid: invalidToken },
    },
  );
  const out: ListCisScanResultsAggregatedByTargetResourceResponse = { targetResourceAggregations: page.items };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}

export async function getCisScanResultDetails(
  ctx: RequestContext,
  input: GetCisScanResultDetailsRequest,
): Promise<GetCisScanResultDetailsResponse> {
  const rows =
    input.accountId !== ctx.identity.accountId
      ? []
      : await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
          .selectFrom('inspector2_cis_scan_results')
          .selectAll()
          .where('scan_arn', '=', input.scanArn)
          .where('instance_id', '=', managedInstanceId(input.targetResourceId))
          .limit(1000)
          .execute();
  const f = input.filterCriteria;
  let details: CisScanResultDetails[] = rows
    .map((r) => {
      const d: CisScanResultDetails = {
        scanArn: r.scan_arn,
        accountId: r.account_id,
        targetResourceId: cisResourceId(r.instance_id),
        status: r.status as CisFindingStatus,
        statusReason: r.detail,
        checkId: r.check_id,
        title: r.title,
        level: r.level as CisSecurityLevel,
      };
      if (r.platform !== null) d.platform = r.platform;
      return d;
    })
    .filter(
      (d) =>
        matchesEnum(f?.findingStatusFilters, d.status) &&
        matchesStrings(f?.checkIdFilters, d.checkId) &&
        matchesStrings(f?.titleFilters, d.title) &&
        matchesEnum(f?.securityLevelFilters, d.level) &&
        matchesStrings(f?.findingArnFilters, d.findingArn),
    );
  details = sortBy(
    details,
    (d) => (input.sortBy === 'STATUS' ? (d.status ?? '') : checkOrder(d.checkId ?? '')),
    input.sortOrder,
    (d) => checkOrder(d.checkId ?? ''),
  );
  const page = pageOfList(ctx, details, {
    token: input.nextToken,
    limit: input.maxResults ?? 100,
    filters: {
      scan: input.scanArn,
      target: input.targetResourceId,
      account: input.accountId,
      f,
      sortBy: input.sortBy,
      sortOrder: input.sortOrder,
    },
    errors: { invalid: invalidToken },
  });
  const out: GetCisScanResultDetailsResponse = { scanResultDetails: page.items };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}
