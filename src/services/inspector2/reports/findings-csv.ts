// A findings report's CSV: AWS's column headings, one row per finding, every field quoted (RFC 4180). Columns about
// what Warden's findings never carry (ECR images, Lambda, EPSS, NVD's own scores) are empty.
import type { Finding } from '../../../aws/generated/inspector2.js';

const DAY_MS = 86_400_000;

type Value = string | number | readonly string[] | undefined;

/** The report's columns, in AWS's order, each with how a finding fills it. */
const COLUMNS: readonly (readonly [string, (f: Finding, now: number) => Value])[] = [
  ['AWS Account Id', (f) => f.awsAccountId],
  ['Severity', (f) => f.severity],
  ['Fix Available', (f) => f.fixAvailable],
  ['Finding Type', (f) => f.type],
  ['Title', (f) => f.title],
  ['Description', (f) => f.description],
  ['Finding ARN', (f) => f.findingArn],
  ['First Seen', (f) => iso(f.firstObservedAt)],
  ['Last Seen', (f) => iso(f.lastObservedAt)],
  ['Last Updated', (f) => iso(f.updatedAt)],
  ['Resource ID', (f) => f.resources[0]?.id],
  ['Container Image Tags', () => undefined],
  ['Region', (f) => f.resources[0]?.region],
  ['Platform', (f) => f.resources[0]?.details?.awsEc2Instance?.platform],
  ['Resource Tags', (f) => tags(f.resources[0]?.tags)],
  ['Affected Packages', (f) => packages(f).map((p) => p.name)],
  ['Package Installed Version', (f) => packages(f).map(installedVersion)],
  ['Fixed in Version', (f) => packages(f).map((p) => p.fixedInVersion ?? '')],
  ['Package Remediation', (f) => packages(f).map((p) => p.remediation ?? '')],
  ['File Path', (f) => packages(f).map((p) => p.filePath ?? '')],
  ['Network Paths', (f) => (f.networkReachabilityDetails?.networkPath.steps ?? []).map((s) => s.componentId)],
  ['Age (Days)', (f, now) => Math.max(0, Math.floor((now - f.firstObservedAt.getTime()) / DAY_MS))],
  ['Remediation', (f) => f.remediation?.recommendation?.text],
  ['Inspector Score', (f) => f.inspectorScore],
  ['Inspector Score Vector', (f) => f.inspectorScoreDetails?.adjustedCvss?.scoringVector],
  ['Status', (f) => f.status],
  ['Vulnerability Id', (f) => f.packageVulnerabilityDetails?.vulnerabilityId],
  ['Vendor', (f) => f.packageVulnerabilityDetails?.source],
  ['Vendor Severity', (f) => f.packageVulnerabilityDetails?.vendorSeverity],
  ['Vendor Advisory', (f) => f.packageVulnerabilityDetails?.sourceUrl],
  ['Vendor Advisory Published', (f) => iso(f.packageVulnerabilityDetails?.vendorCreatedAt)],
  ['NVD CVSS3 Score', () => undefined],
  ['NVD CVSS3 Vector', () => undefined],
  ['NVD CVSS2 Score', () => undefined],
  ['NVD CVSS2 Vector', () => undefined],
  ['Vendor CVSS3 Score', (f) => cvss(f, '3')?.baseScore],
  ['Vendor CVSS3 Vector', (f) => cvss(f, '3')?.scoringVector],
  ['Vendor CVSS2 Score', (f) => cvss(f, '2')?.baseScore],
  ['Vendor CVSS2 Vector', (f) => cvss(f, '2')?.scoringVector],
  ['Resource Type', (f) => f.resources[0]?.type],
  ['Ami', (f) => f.resources[0]?.details?.awsEc2Instance?.imageId],
  ['Resource Public Ipv4', () => undefined],
  ['Resource Private Ipv4', (f) => f.resources[0]?.details?.awsEc2Instance?.ipV4Addresses],
  ['Resource Ipv6', (f) => f.resources[0]?.details?.awsEc2Instance?.ipV6Addresses],
  ['Resource Vpc', (f) => f.resources[0]?.details?.awsEc2Instance?.vpcId],
  ['Port Range', (f) => portRange(f)],
  ['Epss Score', (f) => f.epss?.score],
  ['Exploit Available', (f) => f.exploitAvailable],
  ['Last Exploited At', (f) => iso(f.exploitabilityDetails?.lastKnownExploitAt)],
  ['Lambda Layers', () => undefined],
  ['Lambda Package Type', () => undefined],
  ['Lambda Last Updated At', () => undefined],
  ['Reference Urls', (f) => f.packageVulnerabilityDetails?.referenceUrls],
  ['Detector Name', () => undefined],
  ['Package Manager', (f) => [...new Set(packages(f).map((p) => p.packageManager ?? ''))]],
];

export const CSV_HEADINGS: readonly string[] = COLUMNS.map(([h]) => h);

/** A timestamp as ISO 8601: a Date, or epoch seconds as the stored findings keep their vendor times. */
export function iso(d: Date | number | undefined): string | undefined {
  if (d === undefined) return undefined;
  if (typeof d === 'number') return Number.isFinite(d) ? new Date(d * 1000).toISOString() : undefined;
  return new Date(d).toISOString();
}

function tags(t: Record<string, string> | undefined): string | undefined {
  if (t === undefined) return undefined;
  return Object.entries(t)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

const packages = (f: Finding) => f.packageVulnerabilityDetails?.vulnerablePackages ?? [];

/** `[epoch:]version[-release]`, as the package manager names it. */
function installedVersion(p: ReturnType<typeof packages>[number]): string {
  const epoch = p.epoch !== undefined && p.epoch !== 0 ? `${p.epoch}:` : '';
  return `${epoch}${p.version}${p.release ? `-${p.release}` : ''}`;
}

function cvss(f: Finding, major: string) {
  return f.packageVulnerabilityDetails?.cvss?.find((c) => c.version.startsWith(major));
}

function portRange(f: Finding): string | undefined {
  const r = f.networkReachabilityDetails?.openPortRange;
  return r === undefined ? undefined : `${r.begin}-${r.end}`;
}

/** One CSV field: always quoted, inner quotes doubled; lists joined with `, `. */
function field(v: Value): string {
  const text = v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvHeader(): string {
  return CSV_HEADINGS.map((h) => field(h)).join(',') + '\r\n';
}

export function csvRow(f: Finding, now: number): string {
  return COLUMNS.map(([, value]) => field(value(f, now))).join(',') + '\r\n';
}
