// FindingCriteria and SortCriteria over the exact Finding JSON: validation, matching, ordering (shared by ListFindings, statistics and filters).
import type { Condition, Finding, FindingCriteria, SortCriteria } from '../../aws/generated/guardduty.js';
import { invalidInput } from './errors.js';

/** The attributes FindingCriteria may name, as GuardDuty's API reference lists them. */
const DOCUMENTED_FIELDS: ReadonlySet<string> = new Set([
  'accountId',
  'region',
  'confidence',
  'id',
  'resource.accessKeyDetails.accessKeyId',
  'resource.accessKeyDetails.principalId',
  'resource.accessKeyDetails.userName',
  'resource.accessKeyDetails.userType',
  'resource.instanceDetails.iamInstanceProfile.id',
  'resource.instanceDetails.imageId',
  'resource.instanceDetails.instanceId',
  'resource.instanceDetails.networkInterfaces.ipv6Addresses',
  'resource.instanceDetails.networkInterfaces.privateIpAddresses.privateIpAddress',
  'resource.instanceDetails.networkInterfaces.publicDnsName',
  'resource.instanceDetails.networkInterfaces.publicIp',
  'resource.instanceDetails.networkInterfaces.securityGroups.groupId',
  'resource.instanceDetails.networkInterfaces.securityGroups.groupName',
  'resource.instanceDetails.networkInterfaces.subnetId',
  'resource.instanceDetails.networkInterfaces.vpcId',
  'resource.instanceDetails.tags.key',
  'resource.instanceDetails.tags.value',
  'resource.resourceType',
  'service.action.actionType',
  'service.action.awsApiCallAction.api',
  'service.action.awsApiCallAction.callerType',
  'service.action.awsApiCallAction.remoteIpDetails.city.cityName',
  'service.action.awsApiCallAction.remoteIpDetails.country.countryName',
  'service.action.awsApiCallAction.remoteIpDetails.ipAddressV4',
  'service.action.awsApiCallAction.remoteIpDetails.organization.asn',
  'service.action.awsApiCallAction.remoteIpDetails.organization.asnOrg',
  'service.action.awsApiCallAction.serviceName',
  'service.action.dnsRequestAction.domain',
  'service.action.dnsRequestAction.domainWithSuffix',
  'service.action.networkConnectionAction.blocked',
  'service.action.networkConnectionAction.connectionDirection',
  'service.action.networkConnectionAction.localPortDetails.port',
  'service.action.networkConnectionAction.protocol',
  'service.action.networkConnectionAction.remoteIpDetails.country.countryName',
  'service.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  'service.action.networkConnectionAction.remoteIpDetails.organization.asn',
  'service.action.networkConnectionAction.remoteIpDetails.organization.asnOrg',
  'service.action.networkConnectionAction.remotePortDetails.port',
  'service.additionalInfo.threatListName',
  'service.archived',
  'service.ebsVolumeScanDetails.scanId',
  'service.resourceRole',
  'severity',
  'type',
  'updatedAt',
]);

/** Sorting may also use the finding's creation time and count. */
const SORTABLE: ReadonlySet<string> = new Set([...DOCUMENTED_FIELDS, 'createdAt', 'service.count', 'title']);

/** Attributes compared as numbers (timestamps as Unix epoch milliseconds, as the criteria give them). */
const TIMESTAMPS: ReadonlySet<string> = new Set(['updatedAt', 'createdAt']);

/** "Max values: 50" per condition list; the criterion map is bounded the same way. */
const MAX_VALUES = 50;

type Json = unknown;

/** The values at a dotted camelCase path of the Finding JSON; lists are walked, so any element may match. */
export function valuesAt(finding: Finding, field: string): Json[] {
  if (field === 'service.additionalInfo.threatListName') {
    const raw = finding.Service?.AdditionalInfo?.Value;
    if (!raw) return [];
    try {
      const parsed = JSON.parse(raw) as { threatListName?: unknown };
      return parsed.threatListName === undefined ? [] : [parsed.threatListName];
    } catch {
      return [];
    }
  }
  let current: Json[] = [finding];
  for (const segment of field.split('.')) {
    const key = segment.charAt(0).toUpperCase() + segment.slice(1);
    const next: Json[] = [];
    for (const value of current) {
      const member = value !== null && typeof value === 'object' ? (value as Record<string, Json>)[key] : undefined;
      if (Array.isArray(member)) next.push(...(member as Json[]));
      else if (member !== undefined && member !== null) next.push(member);
    }
    current = next;
  }
  return TIMESTAMPS.has(field) ? current.map((v) => (typeof v === 'string' ? Date.parse(v) : v)) : current;
}

function asNumber(v: Json): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Equality as the criteria give values (strings): numbers compare numerically, booleans by their text. */
function equal(actual: Json, wanted: string): boolean {
  if (typeof actual === 'number') return actual === asNumber(wanted);
  return String(actual) === wanted;
}

type Bound = (a: number, b: number) => boolean;

function conditionMatches(values: Json[], c: Condition): boolean {
  const eq = c.Equals ?? c.Eq;
  if (eq && !values.some((v) => eq.some((w) => equal(v, w)))) return false;
  const neq = c.NotEquals ?? c.Neq;
  if (neq && values.some((v) => neq.some((w) => equal(v, w)))) return false;
  const bounds: [number | undefined, Bound][] = [
    [c.GreaterThan ?? c.Gt, (a, b) => a > b],
    [c.GreaterThanOrEqual ?? c.Gte, (a, b) => a >= b],
    [c.LessThan ?? c.Lt, (a, b) => a < b],
    [c.LessThanOrEqual ?? c.Lte, (a, b) => a <= b],
  ];
  for (const [limit, holds] of bounds) {
    if (limit === undefined) continue;
    if (!values.some((v) => asNumber(v) !== undefined && holds(asNumber(v)!, limit))) return false;
  }
  return true;
}

/** Refuses criteria naming an attribute GuardDuty does not document, an empty condition, or too many values. */
export function validateCriteria(criteria: FindingCriteria | undefined): void {
  const map = criteria?.Criterion;
  if (!map) return;
  const entries = Object.entries(map);
  if (entries.length > MAX_VALUES) throw invalidInput();
  for (const [field, c] of entries) {
    if (!DOCUMENTED_FIELDS.has(field)) throw invalidInput();
    const lists = [c.Eq, c.Neq, c.Equals, c.NotEquals].filter((l) => l !== undefined);
    const bounds = [c.Gt, c.Gte, c.Lt, c.Lte, c.GreaterThan, c.GreaterThanOrEqual, c.LessThan, c.LessThanOrEqual];
    if (lists.length === 0 && bounds.every((b) => b === undefined)) throw invalidInput();
    if (lists.some((l) => l.length === 0 || l.length > MAX_VALUES)) throw invalidInput();
  }
}

/** Whether a finding meets every condition of the criteria (no criteria: every finding). */
export function matchesCriteria(finding: Finding, criteria: FindingCriteria | undefined): boolean {
  const map = criteria?.Criterion;
  if (!map) return true;
  return Object.entries(map).every(([field, c]) => conditionMatches(valuesAt(finding, field), c));
}

export function validateSort(sort: SortCriteria | undefined): void {
  if (sort?.AttributeName !== undefined && !SORTABLE.has(sort.AttributeName)) throw invalidInput();
}

function compareValues(a: Json, b: Json): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (typeof a === 'number' && nb !== undefined) return na! - nb;
  if (na !== undefined && nb !== undefined && typeof a !== 'string') return na - nb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Findings in the order the SortCriteria ask (ASC unless DESC), ties by id so pages are stable. */
export function sortFindings(findings: readonly Finding[], sort: SortCriteria | undefined): Finding[] {
  const out = [...findings];
  const field = sort?.AttributeName;
  const sign = sort?.OrderBy === 'DESC' ? -1 : 1;
  out.sort((x, y) => {
    if (field) {
      const c = compareValues(valuesAt(x, field)[0], valuesAt(y, field)[0]);
      if (c !== 0) return sign * c;
    }
    return x.Id < y.Id ? -1 : x.Id > y.Id ? 1 : 0;
  });
  return out;
}
