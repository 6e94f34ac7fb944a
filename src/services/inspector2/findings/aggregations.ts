// ListFindingAggregations over the caller's active (unsuppressed) findings: every aggregation type, those of resources
// Warden never has (ECR, Lambda, code repositories, AMIs) answering no groups.
import type {
  AggregationRequest,
  AggregationResponse,
  AggregationType,
  Finding,
  ListFindingAggregationsRequest,
  ListFindingAggregationsResponse,
  MapFilter,
  SeverityCounts,
  StringFilter,
} from '../../../aws/generated/inspector2.js';
import type { RequestContext } from '../../../core/runtime.js';
import { pageOfList } from '../../../store/pagination.js';
import { invalidToken, validation } from '../errors.js';
import { matchesCriteria, readFindings } from './read.js';

/** The aggregationRequest member each aggregationType takes. */
const MEMBER: Record<AggregationType, keyof AggregationRequest> = {
  ACCOUNT: 'accountAggregation',
  TITLE: 'titleAggregation',
  FINDING_TYPE: 'findingTypeAggregation',
  PACKAGE: 'packageAggregation',
  AWS_EC2_INSTANCE: 'ec2InstanceAggregation',
  VM_INSTANCE: 'vmInstanceAggregation',
  AMI: 'amiAggregation',
  REPOSITORY: 'repositoryAggregation',
  AWS_ECR_CONTAINER: 'awsEcrContainerAggregation',
  IMAGE_LAYER: 'imageLayerAggregation',
  AWS_LAMBDA_FUNCTION: 'lambdaFunctionAggregation',
  LAMBDA_LAYER: 'lambdaLayerAggregation',
  CODE_REPOSITORY: 'codeRepositoryAggregation',
  CONTAINER_IMAGE: 'containerImageAggregation',
  SERVERLESS_FUNCTION: 'serverlessFunctionAggregation',
};

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

/** String filters as ListFindings reads them: positive ones are alternatives, NOT_EQUALS ones must all hold. */
function stringsMatch(filters: readonly StringFilter[] | undefined, values: readonly string[]): boolean {
  if (filters === undefined || filters.length === 0) return true;
  if (filters.some((f) => f.comparison === 'NOT_EQUALS' && values.includes(f.value))) return false;
  const positive = filters.filter((f) => f.comparison !== 'NOT_EQUALS');
  return (
    positive.length === 0 ||
    positive.some((f) => values.some((v) => (f.comparison === 'PREFIX' ? v.startsWith(f.value) : v === f.value)))
  );
}

/** Tag filters (EQUALS on key, and on value when given) over an instance's Systems Manager tags; alternatives. */
function tagsMatch(filters: readonly MapFilter[] | undefined, tags: Record<string, string>): boolean {
  if (filters === undefined || filters.length === 0) return true;
  return filters.some((f) => Object.hasOwn(tags, f.key) && (f.value === undefined || tags[f.key] === f.value));
}

/** Whatever an aggregationRequest member may hold: each type reads its own members. */
interface Narrowing {
  findingType?: string;
  resourceType?: string;
  titles?: StringFilter[];
  vulnerabilityIds?: StringFilter[];
  packageNames?: StringFilter[];
  instanceIds?: StringFilter[];
  resourceIds?: StringFilter[];
  operatingSystems?: StringFilter[];
  amis?: StringFilter[];
  vmImageReferences?: StringFilter[];
  instanceTags?: MapFilter[];
  cloudProviders?: StringFilter[];
  cloudPartitions?: StringFilter[];
  cloudRegions?: StringFilter[];
  cloudOrgIds?: StringFilter[];
  cloudAccountIds?: StringFilter[];
  sortBy?: string;
  sortOrder?: 'ASC' | 'DESC';
}

/** One group: its key, the findings counted in it, and an example finding for its attributes. */
interface Group {
  key: string;
  fs: Finding[];
}

interface Where {
  partition: string;
  region: string;
}

/** How one aggregation type groups findings and answers a group. */
interface Kind {
  /** The groups a finding counts in under this narrowing (none: not counted). */
  keys(f: Finding, n: Narrowing, where: Where): string[];
  respond(g: Group, counts: SeverityCounts, where: Where): AggregationResponse;
}

const fixAvailable = (fs: readonly Finding[]) => fs.filter((f) => f.fixAvailable === 'YES').length;
const exploitAvailable = (fs: readonly Finding[]) => fs.filter((f) => f.exploitAvailable === 'YES').length;
const networkFindings = (fs: readonly Finding[]) => fs.filter((f) => f.type === 'NETWORK_REACHABILITY').length;

/** Narrowing by finding and resource type, which ACCOUNT, FINDING_TYPE and TITLE take. */
function typeMatches(f: Finding, n: Narrowing): boolean {
  return (
    (n.findingType === undefined || f.type === n.findingType) &&
    (n.resourceType === undefined || f.resources.some((r) => r.type === n.resourceType))
  );
}

/** The managed instances a finding is about, with the operating system Warden reported for each. */
function instancesOf(f: Finding): { id: string; os?: string; tags: Record<string, string> }[] {
  return f.resources
    .filter((r) => r.type === 'AWS_EC2_INSTANCE')
    .map((r) => ({ id: r.id, os: r.details?.awsEc2Instance?.platform, tags: r.tags ?? {} }));
}

/** The tags of the group's instance, as its findings were read (the instance's Systems Manager tags now). */
const tagsOfGroup = (g: Group): Record<string, string> => instancesOf(g.fs[0]!).find((i) => i.id === g.key)?.tags ?? {};

/** The instance keys of a finding that pass EC2- or VM-style narrowing (Warden's instances have no AMI). */
function instanceKeys(f: Finding, ids: StringFilter[] | undefined, n: Narrowing): string[] {
  if (!stringsMatch(n.amis ?? n.vmImageReferences, [])) return [];
  return instancesOf(f)
    .filter(
      (i) =>
        stringsMatch(ids, [i.id]) &&
        stringsMatch(n.operatingSystems, i.os === undefined ? [] : [i.os]) &&
        tagsMatch(n.instanceTags, i.tags),
    )
    .map((i) => i.id);
}

const operatingSystemOf = (g: Group): string | undefined =>
  g.fs.flatMap(instancesOf).find((i) => i.id === g.key && i.os !== undefined)?.os;

const KINDS: Partial<Record<AggregationType, Kind>> = {
  ACCOUNT: {
    keys: (f, n) => (typeMatches(f, n) ? [f.awsAccountId] : []),
    respond: (g, severityCounts) => ({
      accountAggregation: {
        accountId: g.key,
        severityCounts,
        exploitAvailableCount: exploitAvailable(g.fs),
        fixAvailableCount: fixAvailable(g.fs),
      },
    }),
  },
  // The request names the finding type; the answer is per account, as the response has no type member.
  FINDING_TYPE: {
    keys: (f, n) => (typeMatches(f, n) ? [f.awsAccountId] : []),
    respond: (g, severityCounts) => ({
      findingTypeAggregation: {
        accountId: g.key,
        severityCounts,
        exploitAvailableCount: exploitAvailable(g.fs),
        fixAvailableCount: fixAvailable(g.fs),
      },
    }),
  },
  TITLE: {
    keys: (f, n) =>
      typeMatches(f, n) && matchesCriteria({ title: n.titles, vulnerabilityId: n.vulnerabilityIds }, f)
        ? [`${f.title ?? ''}\u0000${f.packageVulnerabilityDetails?.vulnerabilityId ?? ''}`]
        : [],
    respond: (g, severityCounts) => {
      const first = g.fs[0]!;
      const vulnerabilityId = first.packageVulnerabilityDetails?.vulnerabilityId;
      return {
        titleAggregation: {
          title: first.title ?? '',
          ...(vulnerabilityId === undefined ? {} : { vulnerabilityId }),
          accountId: first.awsAccountId,
          severityCounts,
        },
      };
    },
  },
  // One group per vulnerable package name; a finding listing several packages counts once in each.
  PACKAGE: {
    keys: (f, n) =>
      [...new Set((f.packageVulnerabilityDetails?.vulnerablePackages ?? []).map((p) => p.name))].filter((name) =>
        stringsMatch(n.packageNames, [name]),
      ),
    respond: (g, severityCounts) => ({
      packageAggregation: { packageName: g.key, accountId: g.fs[0]!.awsAccountId, severityCounts },
    }),
  },
  AWS_EC2_INSTANCE: {
    keys: (f, n) => instanceKeys(f, n.instanceIds, n),
    respond: (g, severityCounts) => {
      const os = operatingSystemOf(g);
      return {
        ec2InstanceAggregation: {
          instanceId: g.key,
          ...(os === undefined ? {} : { operatingSystem: os }),
          instanceTags: tagsOfGroup(g),
          accountId: g.fs[0]!.awsAccountId,
          severityCounts,
          networkFindings: networkFindings(g.fs),
        },
      };
    },
  },
  // The provider-neutral view of the same instances: AWS, in the caller's partition and region.
  VM_INSTANCE: {
    keys: (f, n, where) =>
      stringsMatch(n.cloudProviders, ['AWS']) &&
      stringsMatch(n.cloudPartitions, [where.partition]) &&
      stringsMatch(n.cloudRegions, [where.region]) &&
      stringsMatch(n.cloudOrgIds, []) &&
      stringsMatch(n.cloudAccountIds, [f.awsAccountId])
        ? instanceKeys(f, n.resourceIds, n)
        : [],
    respond: (g, severityCounts, where) => {
      const os = operatingSystemOf(g);
      const accountId = g.fs[0]!.awsAccountId;
      return {
        vmInstanceAggregation: {
          resourceId: g.key,
          cloudProvider: 'AWS',
          cloudAccountId: accountId,
          cloudPartition: where.partition,
          cloudRegion: where.region,
          ...(os === undefined ? {} : { operatingSystem: os }),
          tags: tagsOfGroup(g),
          accountId,
          severityCounts,
          networkFindings: networkFindings(g.fs),
          exploitAvailableActiveFindingsCount: exploitAvailable(g.fs),
          fixAvailableActiveFindingsCount: fixAvailable(g.fs),
        },
      };
    },
  },
};

/** Sort values beyond the severity counts, per type. */
const EXTRA_SORT: Record<string, (fs: readonly Finding[]) => number> = { NETWORK_FINDINGS: networkFindings };

export async function listFindingAggregations(
  ctx: RequestContext,
  input: ListFindingAggregationsRequest,
): Promise<ListFindingAggregationsResponse> {
  const type = input.aggregationType;
  const member = MEMBER[type];
  const given = Object.entries(input.aggregationRequest ?? {}).filter(([, v]) => v !== undefined);
  if (given.some(([k]) => k !== member))
    throw validation(`aggregationRequest must be ${member} for aggregationType ${type}.`, 'FIELD_VALIDATION_FAILED');
  const n = (given[0]?.[1] ?? {}) as Narrowing;
  const kind = KINDS[type];
  const where: Where = { partition: ctx.partition, region: ctx.region };
  const groups = new Map<string, Finding[]>();
  // Types of resources Warden never has (ECR images and repositories, image layers, Lambda, code repositories, AMIs:
  // managed instances are not launched from one) have no groups; the request is still checked and its token too.
  if (kind !== undefined)
    for (const { f } of await readFindings(ctx)) {
      // Aggregations count what needs attention: ACTIVE findings, neither closed nor suppressed.
      if (f.status !== 'ACTIVE' || !matchesCriteria({ awsAccountId: input.accountIds }, f)) continue;
      for (const key of kind.keys(f, n, where)) groups.set(key, [...(groups.get(key) ?? []), f]);
    }
  const rows = [...groups].map(([key, fs]) => ({ g: { key, fs }, counts: count(fs) }));
  const extra = n.sortBy === undefined ? undefined : EXTRA_SORT[n.sortBy];
  const by: keyof SeverityCounts = n.sortBy === 'HIGH' ? 'high' : n.sortBy === 'ALL' ? 'all' : 'critical';
  const value = (r: (typeof rows)[number]) => (extra !== undefined ? extra(r.g.fs) : (r.counts[by] ?? 0));
  const dir = n.sortOrder === 'ASC' ? 1 : -1;
  rows.sort((a, b) => dir * (value(a) - value(b)) || (a.g.key < b.g.key ? -1 : a.g.key > b.g.key ? 1 : 0));
  const page = pageOfList(ctx, rows, {
    token: input.nextToken,
    limit: input.maxResults ?? 100,
    filters: { aggregationType: type, accountIds: input.accountIds, aggregationRequest: input.aggregationRequest },
    errors: { invalid: invalidToken },
  });
  const responses = kind === undefined ? [] : page.items.map(({ g, counts }) => kind.respond(g, counts, where));
  const out: ListFindingAggregationsResponse = { aggregationType: type, responses };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}
