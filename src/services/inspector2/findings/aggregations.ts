// ListFindingAggregations for aggregationType ACCOUNT and TITLE over the caller's active (unsuppressed) findings.
import type {
  AggregationResponse,
  Finding,
  ListFindingAggregationsRequest,
  ListFindingAggregationsResponse,
  SeverityCounts,
  StringFilter,
} from '../../../aws/generated/inspector2.js';
import { notImplemented } from '../../../aws/error.js';
import type { RequestContext } from '../../../core/runtime.js';
import { pageOfList } from '../../../store/pagination.js';
import { invalidToken, validation } from '../errors.js';
import { matchesCriteria, readFindings } from './read.js';

/** The aggregationRequest member each served aggregationType takes. */
const MEMBER = { ACCOUNT: 'accountAggregation', TITLE: 'titleAggregation' } as const;

const SEVERITY_KEY: Record<string, keyof SeverityCounts> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFORMATIONAL: 'informational',
  UNTRIAGED: 'untriaged',
};

function count(findings: readonly Finding[]): SeverityCounts {
  const c: SeverityCounts = { all: findings.length, critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) {
    const k = SEVERITY_KEY[f.severity];
    if (k !== undefined) c[k] = (c[k] ?? 0) + 1;
  }
  return c;
}

interface Narrowing {
  findingType?: string;
  resourceType?: string;
  titles?: StringFilter[];
  vulnerabilityIds?: StringFilter[];
  sortBy?: 'CRITICAL' | 'HIGH' | 'ALL';
  sortOrder?: 'ASC' | 'DESC';
}

export async function listFindingAggregations(
  ctx: RequestContext,
  input: ListFindingAggregationsRequest,
): Promise<ListFindingAggregationsResponse> {
  const type = input.aggregationType;
  if (type !== 'ACCOUNT' && type !== 'TITLE') throw notImplemented('inspector2', `ListFindingAggregations ${type}`);
  const given = Object.entries(input.aggregationRequest ?? {}).filter(([, v]) => v !== undefined);
  if (given.some(([k]) => k !== MEMBER[type]))
    throw validation(
      `aggregationRequest must be ${MEMBER[type]} for aggregationType ${type}.`,
      'FIELD_VALIDATION_FAILED',
    );
  const n = (given[0]?.[1] ?? {}) as Narrowing;
  // Aggregations count what needs attention: ACTIVE findings, neither closed nor suppressed.
  const active = (await readFindings(ctx))
    .map((x) => x.f)
    .filter(
      (f) =>
        f.status === 'ACTIVE' &&
        matchesCriteria({ awsAccountId: input.accountIds }, f) &&
        (n.findingType === undefined || f.type === n.findingType) &&
        (n.resourceType === undefined || f.resources.some((r) => r.type === n.resourceType)) &&
        matchesCriteria({ title: n.titles, vulnerabilityId: n.vulnerabilityIds }, f),
    );
  const groups = new Map<string, Finding[]>();
  for (const f of active) {
    const key =
      type === 'ACCOUNT'
        ? f.awsAccountId
        : `${f.title ?? ''}\u0000${f.packageVulnerabilityDetails?.vulnerabilityId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const rows = [...groups.values()].map((fs) => ({ fs, counts: count(fs) }));
  const by: keyof SeverityCounts = n.sortBy === 'HIGH' ? 'high' : n.sortBy === 'ALL' ? 'all' : 'critical';
  const dir = n.sortOrder === 'ASC' ? 1 : -1;
  rows.sort(
    (a, b) => dir * ((a.counts[by] ?? 0) - (b.counts[by] ?? 0)) || (a.fs[0]!.findingArn < b.fs[0]!.findingArn ? -1 : 1),
  );
  const page = pageOfList(ctx, rows, {
    token: input.nextToken,
    limit: input.maxResults ?? 100,
    filters: { aggregationType: type, accountIds: input.accountIds, aggregationRequest: input.aggregationRequest },
    errors: { invalid: invalidToken },
  });
  const responses: AggregationResponse[] = page.items.map(({ fs, counts }) => {
    const first = fs[0]!;
    if (type === 'ACCOUNT')
      return {
        accountAggregation: {
          accountId: first.awsAccountId,
          severityCounts: counts,
          exploitAvailableCount: fs.filter((f) => f.exploitAvailable === 'YES').length,
          fixAvailableCount: fs.filter((f) => f.fixAvailable === 'YES').length,
        },
      };
    const vulnerabilityId = first.packageVulnerabilityDetails?.vulnerabilityId;
    return {
      titleAggregation: {
        title: first.title ?? '',
        ...(vulnerabilityId === undefined ? {} : { vulnerabilityId }),
        accountId: first.awsAccountId,
        severityCounts: counts,
      },
    };
  });
  const out: ListFindingAggregationsResponse = { aggregationType: type, responses };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}
