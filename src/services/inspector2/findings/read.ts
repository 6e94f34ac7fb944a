// ListFindings (suppression rules applied), BatchGetFindingDetails and ListCoverage over the caller's findings and
// managed instances.
import type {
  BatchGetFindingDetailsRequest,
  BatchGetFindingDetailsResponse,
  CoverageFilterCriteria,
  CoveredResource,
  DateFilter,
  FilterCriteria,
  Finding,
  FindingDetail,
  GroupKey,
  ListCoverageStatisticsRequest,
  ListCoverageStatisticsResponse,
  ListCoverageRequest,
  ListCoverageResponse,
  ListFindingsRequest,
  ListFindingsResponse,
  MapFilter,
  NumberFilter,
  PackageFilter,
  StringFilter,
} from '../../../aws/generated/inspector2.js';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../../core/runtime.js';
import type { Database } from '../../../store/schema.js';
import { accountScope } from '../../../store/account-scope.js';
import { pageOfList } from '../../../store/pagination.js';
import type { Inspector2FindingsTable } from '../tables.js';
import { invalidToken } from '../errors.js';
import { advisoriesById } from '../advisories/advisory-store.js';
import { suppressionCriteria } from '../filters/filters.js';
import { visibleAccountIds } from '../members/visibility.js';
import { managedInstanceTags, parseTagList, tagRecord } from '../../ssm/instance-tags.js';

/** Findings a ListFindings call reads at most: filtering and sorting happen in memory over this many. */
const MAX_SCANNED = 20_000;

type Row = Pick<
  Inspector2FindingsTable,
  | 'finding_arn'
  | 'account_id'
  | 'status'
  | 'severity_rank'
  | 'first_observed_at'
  | 'last_observed_at'
  | 'updated_at'
  | 'body'
>;

/** The Finding as AWS answers it: the stored content with its identity, status and times. */
export function findingOf(r: Row): Finding {
  const body = JSON.parse(r.body) as Record<string, unknown>;
  return {
    findingArn: r.finding_arn,
    awsAccountId: r.account_id,
    ...body,
    status: r.status,
    firstObservedAt: new Date(Number(r.first_observed_at)),
    lastObservedAt: new Date(Number(r.last_observed_at)),
    updatedAt: new Date(Number(r.updated_at)),
  } as Finding;
}

export function stringMatches(filters: readonly StringFilter[] | undefined, values: readonly string[]): boolean {
  if (filters === undefined || filters.length === 0) return true;
  const positive = filters.filter((f) => f.comparison !== 'NOT_EQUALS');
  const negative = filters.filter((f) => f.comparison === 'NOT_EQUALS');
  // Several EQUALS / PREFIX filters on one field are alternatives; NOT_EQUALS filters must all hold.
  const one = (f: StringFilter, v: string) => (f.comparison === 'PREFIX' ? v.startsWith(f.value) : v === f.value);
  if (negative.some((f) => values.some((v) => v === f.value))) return false;
  return positive.length === 0 || positive.some((f) => values.some((v) => one(f, v)));
}

function numberMatches(filters: readonly NumberFilter[] | undefined, value: number | undefined): boolean {
  if (filters === undefined || filters.length === 0) return true;
  if (value === undefined) return false;
  return filters.some(
    (f) =>
      (f.lowerInclusive === undefined || value >= f.lowerInclusive) &&
      (f.upperInclusive === undefined || value <= f.upperInclusive),
  );
}

function dateMatches(filters: readonly DateFilter[] | undefined, value: Date | undefined): boolean {
  if (filters === undefined || filters.length === 0) return true;
  if (value === undefined) return false;
  const t = value.getTime();
  return filters.some(
    (f) =>
      (f.startInclusive === undefined || t >= new Date(f.startInclusive).getTime()) &&
      (f.endInclusive === undefined || t <= new Date(f.endInclusive).getTime()),
  );
}

function packagesMatch(filters: readonly PackageFilter[] | undefined, f: Finding): boolean {
  if (filters === undefined || filters.length === 0) return true;
  const pkgs = f.packageVulnerabilityDetails?.vulnerablePackages ?? [];
  const one = (flt: StringFilter | undefined, v: string | undefined) =>
    flt === undefined || stringMatches([flt], v === undefined ? [] : [v]);
  return filters.some((pf) =>
    pkgs.some(
      (p) =>
        one(pf.name, p.name) &&
        one(pf.version, p.version) &&
        one(pf.release, p.release) &&
        one(pf.architecture, p.arch) &&
        one(pf.filePath, p.filePath) &&
        numberMatches(pf.epoch === undefined ? undefined : [pf.epoch], p.epoch),
    ),
  );
}

const STRING_FIELDS: Partial<Record<keyof FilterCriteria, (f: Finding) => string[]>> = {
  findingArn: (f) => [f.findingArn],
  awsAccountId: (f) => [f.awsAccountId],
  findingType: (f) => [f.type],
  severity: (f) => [f.severity],
  findingStatus: (f) => [f.status],
  title: (f) => (f.title === undefined ? [] : [f.title]),
  resourceType: (f) => f.resources.map((r) => r.type),
  resourceId: (f) => f.resources.map((r) => r.id),
  vulnerabilityId: (f) => (f.packageVulnerabilityDetails ? [f.packageVulnerabilityDetails.vulnerabilityId] : []),
  vulnerabilitySource: (f) => (f.packageVulnerabilityDetails ? [f.packageVulnerabilityDetails.source] : []),
  vendorSeverity: (f) => {
    const v = f.packageVulnerabilityDetails?.vendorSeverity;
    return v === undefined ? [] : [v];
  },
  relatedVulnerabilities: (f) => f.packageVulnerabilityDetails?.relatedVulnerabilities ?? [],
  fixAvailable: (f) => (f.fixAvailable === undefined ? [] : [f.fixAvailable]),
  exploitAvailable: (f) => (f.exploitAvailable === undefined ? [] : [f.exploitAvailable]),
  networkProtocol: (f) => (f.networkReachabilityDetails ? [f.networkReachabilityDetails.protocol] : []),
  componentId: (f) => (f.networkReachabilityDetails?.networkPath.steps ?? []).map((s) => s.componentId),
  componentType: (f) => (f.networkReachabilityDetails?.networkPath.steps ?? []).map((s) => s.componentType),
};

/** Whether a finding passes every criterion. A criterion on something no EC2 finding has (ECR, Lambda, code) matches no value. */
export function matchesCriteria(c: FilterCriteria | undefined, f: Finding): boolean {
  if (c === undefined) return true;
  for (const [key, filters] of Object.entries(c) as [keyof FilterCriteria, unknown][]) {
    if (!Array.isArray(filters) || filters.length === 0) continue;
    switch (key) {
      case 'inspectorScore':
        if (!numberMatches(filters as NumberFilter[], f.inspectorScore)) return false;
        continue;
      case 'epssScore':
        if (!numberMatches(filters as NumberFilter[], undefined)) return false;
        continue;
      case 'firstObservedAt':
      case 'lastObservedAt':
      case 'updatedAt':
        if (!dateMatches(filters as DateFilter[], f[key])) return false;
        continue;
      case 'vulnerablePackages':
        if (!packagesMatch(filters as PackageFilter[], f)) return false;
        continue;
      case 'portRange': {
        const r = f.networkReachabilityDetails?.openPortRange;
        if (
          r === undefined ||
          !(filters as { beginInclusive?: number; endInclusive?: number }[]).some(
            (p) =>
              (p.beginInclusive === undefined || r.begin >= p.beginInclusive) &&
              (p.endInclusive === undefined || r.end <= p.endInclusive),
          )
        )
          return false;
        continue;
      }
      case 'resourceTags':
        if (!tagsMatch(filters as MapFilter[], resourceTagMaps(f))) return false;
        continue;
    }
    const values = STRING_FIELDS[key];
    const first = filters[0] as { comparison?: unknown };
    if (typeof first?.comparison !== 'string') return false;
    if (!stringMatches(filters as StringFilter[], values === undefined ? [] : values(f))) return false;
  }
  return true;
}

const resourceTagMaps = (f: Finding) => f.resources.map((r) => r.tags);

/** Map filters (EQUALS on a key, and on its value when given) are alternatives, as several string filters are. */
function tagsMatch(filters: readonly MapFilter[], tagMaps: readonly (Record<string, string> | undefined)[]): boolean {
  return filters.some((flt) =>
    tagMaps.some(
      (tags = {}) => Object.hasOwn(tags, flt.key) && (flt.value === undefined || tags[flt.key] === flt.value),
    ),
  );
}

const SORT_KEY: Record<string, (f: Finding, rank: number) => string | number> = {
  AWS_ACCOUNT_ID: (f) => f.awsAccountId,
  FINDING_TYPE: (f) => f.type,
  SEVERITY: (_f, rank) => rank,
  FIRST_OBSERVED_AT: (f) => f.firstObservedAt.getTime(),
  LAST_OBSERVED_AT: (f) => f.lastObservedAt.getTime(),
  FINDING_STATUS: (f) => f.status,
  RESOURCE_TYPE: (f) => f.resources[0]?.type ?? '',
  NETWORK_PROTOCOL: (f) => f.networkReachabilityDetails?.protocol ?? '',
  COMPONENT_TYPE: (f) => f.networkReachabilityDetails?.networkPath.steps?.[0]?.componentType ?? '',
  VULNERABILITY_ID: (f) => f.packageVulnerabilityDetails?.vulnerabilityId ?? '',
  VULNERABILITY_SOURCE: (f) => f.packageVulnerabilityDetails?.source ?? '',
  INSPECTOR_SCORE: (f) => f.inspectorScore ?? -1,
  VENDOR_SEVERITY: (f) => f.packageVulnerabilityDetails?.vendorSeverity ?? '',
};

/** The findings the caller sees in the region (its own, and as delegated administrator its associated members'). */
export async function readFindings(ctx: RequestContext): Promise<{ f: Finding; rank: number }[]> {
  return readFindingsOf(ctx.runtime.store.db, await visibleAccountIds(ctx), ctx.region);
}

/**
 * The findings of the given accounts in a region (each with its own suppression rules applied), newest first within
 * each account, at most MAX_SCANNED in all. Findings reports call it with the accounts visible to their caller.
 */
export async function readFindingsOf(
  db: Kysely<Database>,
  accountIds: readonly string[],
  region: string,
): Promise<{ f: Finding; rank: number }[]> {
  const found: { f: Finding; rank: number }[] = [];
  for (const accountId of accountIds) {
    if (found.length >= MAX_SCANNED) break;
    const rows = await accountScope(db, accountId)
      .selectFrom('inspector2_findings')
      .select([
        'finding_arn',
        'account_id',
        'status',
        'severity_rank',
        'first_observed_at',
        'last_observed_at',
        'updated_at',
        'body',
      ])
      .where('region', '=', region)
      .orderBy('first_observed_at', 'desc')
      .orderBy('finding_arn')
      .limit(MAX_SCANNED - found.length)
      .execute();
    const own = rows.map((r) => ({ f: findingOf(r), rank: Number(r.severity_rank) }));
    // A managed instance's tags are read as they are now (Systems Manager's AddTagsToResource), not as at detection.
    const ids = own.flatMap((x) => x.f.resources.map((r) => r.id));
    const tags = await managedInstanceTags(db, accountId, region, ids);
    for (const x of own)
      for (const r of x.f.resources) {
        const t = tags.get(r.id);
        if (t !== undefined) r.tags = t;
      }
    // Suppression is applied as findings are read, so a rule deleted or changed takes effect at once. Closed findings
    // stay CLOSED: Inspector keeps a suppressed finding until it is remediated, then closes it.
    const suppress = await suppressionCriteria(db, accountId, region);
    if (suppress.length > 0)
      for (const x of own)
        if (x.f.status === 'ACTIVE' && suppress.some((c) => matchesCriteria(c, x.f))) x.f.status = 'SUPPRESSED';
    found.push(...own);
  }
  return found;
}

export async function listFindings(ctx: RequestContext, input: ListFindingsRequest): Promise<ListFindingsResponse> {
  const found = await readFindings(ctx);
  const kept = found.filter((x) => matchesCriteria(input.filterCriteria, x.f));
  const sort = input.sortCriteria;
  const key = sort === undefined ? undefined : SORT_KEY[sort.field];
  if (key !== undefined) {
    const dir = sort!.sortOrder === 'ASC' ? 1 : -1;
    kept.sort((a, b) => {
      const x = key(a.f, a.rank);
      const y = key(b.f, b.rank);
      if (x < y) return -dir;
      if (x > y) return dir;
      return a.f.findingArn < b.f.findingArn ? -1 : 1;
    });
  }
  const page = pageOfList(ctx, kept, {
    token: input.nextToken,
    limit: input.maxResults ?? 50,
    filters: { filterCriteria: input.filterCriteria, sortCriteria: input.sortCriteria },
    errors: { invalid: invalidToken },
  });
  const out: ListFindingsResponse = { findings: page.items.map((x) => x.f) };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}

/** CWEs and references of the advisories behind the caller's package findings; other ARNs answer in errors. */
export async function batchGetFindingDetails(
  ctx: RequestContext,
  input: BatchGetFindingDetailsRequest,
): Promise<BatchGetFindingDetailsResponse> {
  const arns = [...new Set(input.findingArns)];
  // A finding ARN names its account: one query per account the ARNs name and the caller sees (at most 10 ARNs).
  const visible = new Set(await visibleAccountIds(ctx));
  const named = new Set(arns.map((arn) => arn.split(':')[4] ?? '').filter((id) => visible.has(id)));
  const rows: { finding_arn: string; body: string }[] = [];
  for (const accountId of named)
    rows.push(
      ...(await accountScope(ctx.runtime.store.db, accountId)
        .selectFrom('inspector2_findings')
        .select(['finding_arn', 'body'])
        .where('region', '=', ctx.region)
        .where('finding_arn', 'in', arns)
        .execute()),
    );
  const byArn = new Map(rows.map((r) => [r.finding_arn, JSON.parse(r.body) as Record<string, any>]));
  const osvIds = [...byArn.values()]
    .map((b) => /\/vulnerability\/(.+)$/.exec(b.packageVulnerabilityDetails?.sourceUrl ?? '')?.[1])
    .filter((x): x is string => x !== undefined);
  const advisories = await advisoriesById(ctx.runtime.store.db, osvIds);
  const findingDetails: FindingDetail[] = [];
  const errors: BatchGetFindingDetailsResponse['errors'] = [];
  for (const arn of arns) {
    const body = byArn.get(arn);
    if (body === undefined) {
      errors.push({ findingArn: arn, errorCode: 'FINDING_DETAILS_NOT_FOUND', errorMessage: 'Finding not found.' });
      continue;
    }
    const id = /\/vulnerability\/(.+)$/.exec(body.packageVulnerabilityDetails?.sourceUrl ?? '')?.[1];
    const a = id === undefined ? undefined : advisories.get(id);
    if (a === undefined) {
      errors.push({
        findingArn: arn,
        errorCode: 'FINDING_DETAILS_NOT_FOUND',
        errorMessage: 'No vulnerability intelligence is available for this finding.',
      });
      continue;
    }
    findingDetails.push({
      findingArn: arn,
      cwes: a.cwes.map((n) => `CWE-${n}`),
      referenceUrls: a.references.slice(0, 50).map((r) => r.url),
    });
  }
  return { findingDetails, errors };
}

function coverageMatches(c: CoverageFilterCriteria | undefined, r: CoveredResource): boolean {
  if (c === undefined) return true;
  const fields: Partial<Record<keyof CoverageFilterCriteria, string[]>> = {
    accountId: [r.accountId],
    resourceId: [r.resourceId],
    resourceType: [r.resourceType],
    scanType: [r.scanType],
    scanStatusCode: r.scanStatus ? [r.scanStatus.statusCode] : [],
    scanStatusReason: r.scanStatus ? [r.scanStatus.reason] : [],
    scanMode: r.scanMode ? [r.scanMode] : [],
  };
  for (const [key, filters] of Object.entries(c) as [keyof CoverageFilterCriteria, unknown][]) {
    if (!Array.isArray(filters) || filters.length === 0) continue;
    if (key === 'lastScannedAt') {
      if (!dateMatches(filters as DateFilter[], r.lastScannedAt)) return false;
      continue;
    }
    if (key === 'ec2InstanceTags') {
      if (!tagsMatch(filters as MapFilter[], [r.resourceMetadata?.ec2?.tags])) return false;
      continue;
    }
    const first = filters[0] as { comparison?: unknown };
    if (typeof first?.comparison !== 'string') return false;
    if (!stringMatches(filters as StringFilter[], fields[key] ?? [])) return false;
  }
  return true;
}

/**
 * The managed instances of the accounts the caller sees (its own, and as delegated administrator its members') as
 * AWS_EC2_INSTANCE resources (a Warden extension: their ids are `mi-…`), each covered for PACKAGE and NETWORK scans
 * while its account has EC2 scanning enabled.
 */
async function coveredResources(
  ctx: RequestContext,
  criteria: CoverageFilterCriteria | undefined,
): Promise<CoveredResource[]> {
  const resources: CoveredResource[] = [];
  for (const accountId of await visibleAccountIds(ctx)) {
    if (resources.length >= 2 * MAX_SCANNED) break;
    resources.push(...(await coveredResourcesOf(ctx.runtime.store.db, accountId, ctx.region)));
  }
  return resources.filter((r) => coverageMatches(criteria, r));
}

async function coveredResourcesOf(db: Kysely<Database>, accountId: string, region: string) {
  const scope = accountScope(db, accountId);
  const status = await scope
    .selectFrom('inspector2_account_status')
    .select('ec2')
    .where('region', '=', region)
    .executeTakeFirst();
  const resources: CoveredResource[] = [];
  if (status?.ec2 === 'ENABLED') {
    const instances = await scope
      .selectFrom('ssm_managed_instances')
      .select(['instance_id', 'platform_name', 'tags'])
      .where('region', '=', region)
      .orderBy('instance_id')
      .limit(MAX_SCANNED)
      .execute();
    const evals = new Map(
      (
        await scope
          .selectFrom('inspector2_instance_evals')
          .select(['instance_id', 'evaluated_at'])
          .where('region', '=', region)
          .execute()
      ).map((e) => [e.instance_id, Number(e.evaluated_at)]),
    );
    for (const i of instances)
      for (const scanType of ['NETWORK', 'PACKAGE'] as const) {
        const at = evals.get(i.instance_id);
        const r: CoveredResource = {
          resourceType: 'AWS_EC2_INSTANCE',
          resourceId: i.instance_id,
          accountId,
          scanType,
          scanStatus: { statusCode: 'ACTIVE', reason: at === undefined ? 'PENDING_INITIAL_SCAN' : 'SUCCESSFUL' },
          scanMode: 'EC2_SSM_AGENT_BASED',
          resourceMetadata: {
            ec2: { tags: tagRecord(parseTagList(i.tags)), ...(i.platform_name ? { platform: 'LINUX' } : {}) },
          },
        };
        if (at !== undefined) r.lastScannedAt = new Date(at);
        resources.push(r);
      }
  }
  return resources;
}

export async function listCoverage(ctx: RequestContext, input: ListCoverageRequest): Promise<ListCoverageResponse> {
  const kept = await coveredResources(ctx, input.filterCriteria);
  const page = pageOfList(ctx, kept, {
    token: input.nextToken,
    limit: input.maxResults ?? 50,
    filters: { filterCriteria: input.filterCriteria },
    errors: { invalid: invalidToken },
  });
  const out: ListCoverageResponse = { coveredResources: page.items };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}

const GROUP_VALUE: Partial<Record<GroupKey, (r: CoveredResource) => string>> = {
  SCAN_STATUS_CODE: (r) => r.scanStatus?.statusCode ?? '',
  SCAN_STATUS_REASON: (r) => r.scanStatus?.reason ?? '',
  ACCOUNT_ID: (r) => r.accountId,
  RESOURCE_TYPE: (r) => r.resourceType,
};

/**
 * How many resources ListCoverage would list. With `groupBy`, one count per distinct value of that key, in the
 * values' order: the model's Counts names the key but has no member for the value, as AWS's shape is.
 */
export async function listCoverageStatistics(
  ctx: RequestContext,
  input: ListCoverageStatisticsRequest,
): Promise<ListCoverageStatisticsResponse> {
  const kept = await coveredResources(ctx, input.filterCriteria);
  const out: ListCoverageStatisticsResponse = { totalCounts: kept.length };
  if (input.groupBy !== undefined) {
    const value = GROUP_VALUE[input.groupBy] ?? (() => '');
    const counts = new Map<string, number>();
    for (const r of kept) counts.set(value(r), (counts.get(value(r)) ?? 0) + 1);
    const groups = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const page = pageOfList(ctx, groups, {
      token: input.nextToken,
      limit: 100,
      filters: { filterCriteria: input.filterCriteria, groupBy: input.groupBy },
      errors: { invalid: invalidToken },
    });
    out.countsByGroup = page.items.map(([, count]) => ({ count, groupKey: input.groupBy }));
    if (page.next !== undefined) out.nextToken = page.next;
  }
  return out;
}
