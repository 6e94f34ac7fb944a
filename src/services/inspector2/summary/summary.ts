// The operator's view of Inspector (`warden inspector summary`): hosts covered, findings by severity and type, the most
// vulnerable packages with their fixes, network exposures and the advisory database, for one account or all of them.
import type { Kysely } from 'kysely';
import type { FilterCriteria, Finding } from '../../../aws/generated/inspector2.js';
import type { Database } from '../../../store/schema.js';
import { advisoriesChangedAt, advisoryCount } from '../advisories/advisory-store.js';
import { suppressionCriteria } from '../filters/filters.js';
import { findingOf, matchesCriteria } from '../findings/read.js';
import '../tables.js';
import '../../ssm/tables.js';

/** Rows read at most per table: a summary of the first this-many is still a summary, and the reads stay bounded. */
const MAX_ROWS = 50_000;
/** Lines listed at most per section. */
export const TOP = 10;

export interface HostLine {
  instanceId: string;
  accountId: string;
  region: string;
  platform?: string;
  /** EC2 scanning enabled for its account in its region. */
  covered: boolean;
  lastInventoryAt?: Date;
  lastEvaluatedAt?: Date;
}

export interface PackageLine {
  name: string;
  version: string;
  /** The fixed versions its findings name (Inspector's fixedInVersion), sorted; empty while none has a fix. */
  fixedInVersions: string[];
  /** Active findings that list this package at this version. */
  findings: number;
  /** Instances with it. */
  instances: number;
  highestSeverity: string;
  vulnerabilityIds: string[];
}

export interface ExposureLine {
  /** What is exposed: a managed instance (AWS_EC2_INSTANCE) or one of Warden's load balancers. */
  resourceType: string;
  resourceId: string;
  accountId: string;
  port: number;
  protocol: string;
  /** The listening socket as the finding's network path names it: `0.0.0.0:22 (sshd)`. */
  listener?: string;
  severity: string;
}

export interface InspectorSummary {
  accountId?: string;
  hosts: {
    managedInstances: number;
    covered: number;
    lastInventoryAt?: Date;
    instances: HostLine[];
  };
  findings: {
    active: number;
    suppressed: number;
    closed: number;
    bySeverity: Record<string, number>;
    byType: Record<string, number>;
  };
  topPackages: PackageLine[];
  networkExposures: ExposureLine[];
  advisories: { stored: number; lastChangedAt?: Date };
}

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED'] as const;
const RANK: Record<string, number> = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, INFORMATIONAL: 1, UNTRIAGED: 0 };

const latest = (xs: readonly (Date | undefined)[]): Date | undefined =>
  xs.reduce<Date | undefined>((a, b) => (b !== undefined && (a === undefined || b > a) ? b : a), undefined);

async function hosts(db: Kysely<Database>, accountId: string | undefined): Promise<InspectorSummary['hosts']> {
  let instances = db
    .selectFrom('ssm_managed_instances')
    .select(['instance_id', 'account_id', 'region', 'platform_name', 'platform_version']);
  let inventory = db
    .selectFrom('ssm_inventory_items')
    .select(['instance_id', (eb) => eb.fn.max('updated_at').as('at')])
    .groupBy('instance_id');
  let evals = db.selectFrom('inspector2_instance_evals').select(['instance_id', 'evaluated_at']);
  let status = db.selectFrom('inspector2_account_status').select(['account_id', 'region', 'ec2']);
  if (accountId !== undefined) {
    instances = instances.where('account_id', '=', accountId);
    inventory = inventory.where('account_id', '=', accountId);
    evals = evals.where('account_id', '=', accountId);
    status = status.where('account_id', '=', accountId);
  }
  const enabled = new Set(
    (await status.execute()).filter((s) => s.ec2 === 'ENABLED').map((s) => `${s.account_id}|${s.region}`),
  );
  const inventoryAt = new Map(
    (await inventory.limit(MAX_ROWS).execute()).map((r) => [r.instance_id, new Date(Number(r.at))]),
  );
  const evaluatedAt = new Map(
    (await evals.limit(MAX_ROWS).execute()).map((r) => [r.instance_id, new Date(Number(r.evaluated_at))]),
  );
  const lines: HostLine[] = (
    await instances.orderBy('account_id').orderBy('region').orderBy('instance_id').limit(MAX_ROWS).execute()
  ).map((i) => {
    const line: HostLine = {
      instanceId: i.instance_id,
      accountId: i.account_id,
      region: i.region,
      covered: enabled.has(`${i.account_id}|${i.region}`),
    };
    if (i.platform_name !== null)
      line.platform = `${i.platform_name}${i.platform_version !== null ? ` ${i.platform_version}` : ''}`;
    const inv = inventoryAt.get(i.instance_id);
    if (inv !== undefined) line.lastInventoryAt = inv;
    const ev = evaluatedAt.get(i.instance_id);
    if (ev !== undefined) line.lastEvaluatedAt = ev;
    return line;
  });
  return {
    managedInstances: lines.length,
    covered: lines.filter((l) => l.covered).length,
    lastInventoryAt: latest(lines.map((l) => l.lastInventoryAt)),
    instances: lines,
  };
}

/** The findings with each account's suppression rules applied, as ListFindings shows them. */
async function findings(db: Kysely<Database>, accountId: string | undefined): Promise<Finding[]> {
  let q = db
    .selectFrom('inspector2_findings')
    .select([
      'finding_arn',
      'account_id',
      'region',
      'status',
      'severity_rank',
      'first_observed_at',
      'last_observed_at',
      'updated_at',
      'body',
    ]);
  if (accountId !== undefined) q = q.where('account_id', '=', accountId);
  const rows = await q.orderBy('finding_arn').limit(MAX_ROWS).execute();
  const rules = new Map<string, FilterCriteria[]>();
  const out: Finding[] = [];
  for (const r of rows) {
    const key = `${r.account_id}|${r.region}`;
    let suppress = rules.get(key);
    if (suppress === undefined) rules.set(key, (suppress = await suppressionCriteria(db, r.account_id, r.region)));
    const f = findingOf(r);
    if (f.status === 'ACTIVE' && suppress.some((c) => matchesCriteria(c, f))) f.status = 'SUPPRESSED';
    out.push(f);
  }
  return out;
}

function topPackages(active: readonly Finding[]): PackageLine[] {
  const lines = new Map<string, PackageLine & { instanceIds: Set<string> }>();
  for (const f of active)
    for (const p of f.packageVulnerabilityDetails?.vulnerablePackages ?? []) {
      const version = [p.epoch ? `${p.epoch}:` : '', p.version, p.release ? `-${p.release}` : ''].join('');
      const key = `${p.name}\u0000${version}`;
      let line = lines.get(key);
      if (line === undefined)
        lines.set(
          key,
          (line = {
            name: p.name,
            version,
            fixedInVersions: [],
            findings: 0,
            instances: 0,
            highestSeverity: f.severity,
            vulnerabilityIds: [],
            instanceIds: new Set(),
          }),
        );
      line.findings++;
      for (const r of f.resources) line.instanceIds.add(r.id);
      if ((RANK[f.severity] ?? 0) > (RANK[line.highestSeverity] ?? 0)) line.highestSeverity = f.severity;
      const id = f.packageVulnerabilityDetails!.vulnerabilityId;
      if (!line.vulnerabilityIds.includes(id)) line.vulnerabilityIds.push(id);
      // Each vulnerability may be fixed in a different version: all are listed, the upgrade must reach the highest.
      const fixed = p.fixedInVersion;
      if (fixed !== undefined && fixed !== 'NotAvailable' && !line.fixedInVersions.includes(fixed))
        line.fixedInVersions.push(fixed);
    }
  return [...lines.values()]
    .map(({ instanceIds, ...line }) => ({
      ...line,
      instances: instanceIds.size,
      vulnerabilityIds: line.vulnerabilityIds.sort(),
      fixedInVersions: line.fixedInVersions.sort(),
    }))
    .sort(
      (a, b) =>
        (RANK[b.highestSeverity] ?? 0) - (RANK[a.highestSeverity] ?? 0) ||
        b.findings - a.findings ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    )
    .slice(0, TOP);
}

function exposures(active: readonly Finding[]): ExposureLine[] {
  return active
    .filter((f) => f.type === 'NETWORK_REACHABILITY' && f.networkReachabilityDetails !== undefined)
    .map((f) => {
      const d = f.networkReachabilityDetails!;
      const line: ExposureLine = {
        resourceType: f.resources[0]?.type ?? '',
        resourceId: f.resources[0]?.id ?? '',
        accountId: f.awsAccountId,
        port: d.openPortRange.begin,
        protocol: d.protocol,
        severity: f.severity,
      };
      const socket = d.networkPath.steps?.find((s) => s.componentType === 'LISTENING_SOCKET');
      if (socket !== undefined) line.listener = socket.componentId;
      return line;
    })
    .sort(
      (a, b) =>
        (RANK[b.severity] ?? 0) - (RANK[a.severity] ?? 0) ||
        (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0) ||
        a.port - b.port,
    );
}

/** Everything `warden inspector summary` prints, for one account or (accountId undefined) every account. */
export async function inspectorSummary(db: Kysely<Database>, accountId?: string): Promise<InspectorSummary> {
  const all = await findings(db, accountId);
  const active = all.filter((f) => f.status === 'ACTIVE');
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const byType: Record<string, number> = { PACKAGE_VULNERABILITY: 0, NETWORK_REACHABILITY: 0 };
  for (const f of active) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    byType[f.type] = (byType[f.type] ?? 0) + 1;
  }
  const summary: InspectorSummary = {
    hosts: await hosts(db, accountId),
    findings: {
      active: active.length,
      suppressed: all.filter((f) => f.status === 'SUPPRESSED').length,
      closed: all.filter((f) => f.status === 'CLOSED').length,
      bySeverity,
      byType,
    },
    topPackages: topPackages(active),
    networkExposures: exposures(active),
    advisories: { stored: await advisoryCount(db), lastChangedAt: await advisoriesChangedAt(db).then(toDate) },
  };
  if (accountId !== undefined) summary.accountId = accountId;
  return summary;
}

const toDate = (t: number | undefined): Date | undefined => (t === undefined ? undefined : new Date(t));

const when = (d: Date | undefined): string => (d === undefined ? 'never' : d.toISOString().replace(/\.\d{3}Z$/, 'Z'));

/** The summary as a person reads it. */
export function formatSummary(s: InspectorSummary): string {
  const out: string[] = [];
  out.push(`Inspector summary${s.accountId === undefined ? ' (all accounts)' : ` for account ${s.accountId}`}`);
  out.push('');
  const h = s.hosts;
  out.push(
    `Hosts: ${h.managedInstances} managed instance${h.managedInstances === 1 ? '' : 's'}, ${h.covered} covered (EC2 scanning enabled); last inventory ${when(h.lastInventoryAt)}`,
  );
  for (const i of h.instances.slice(0, TOP))
    out.push(
      `  ${i.instanceId}  ${i.accountId} ${i.region}  ${i.platform ?? 'unknown platform'}  ${i.covered ? 'covered' : 'not covered'}  inventory ${when(i.lastInventoryAt)}  evaluated ${when(i.lastEvaluatedAt)}`,
    );
  if (h.instances.length > TOP) out.push(`  … and ${h.instances.length - TOP} more`);
  out.push('');
  const f = s.findings;
  out.push(`Findings: ${f.active} active, ${f.suppressed} suppressed, ${f.closed} closed`);
  out.push(`  by severity: ${SEVERITIES.map((k) => `${k} ${f.bySeverity[k] ?? 0}`).join(', ')}`);
  out.push(
    `  by type: ${Object.entries(f.byType)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out.push('');
  out.push(`Top vulnerable packages${s.topPackages.length === 0 ? ': none' : ':'}`);
  for (const p of s.topPackages)
    out.push(
      `  ${p.name} ${p.version}  ${p.highestSeverity}  ${p.findings} finding${p.findings === 1 ? '' : 's'} on ${p.instances} host${p.instances === 1 ? '' : 's'}  ${p.fixedInVersions.length === 0 ? 'no fix available' : `fixed in ${p.fixedInVersions.join(', ')}`}  (${p.vulnerabilityIds.join(', ')})`,
    );
  out.push('');
  out.push(`Network exposures${s.networkExposures.length === 0 ? ': none' : ':'}`);
  for (const e of s.networkExposures.slice(0, TOP))
    out.push(`  ${e.resourceId}  ${e.protocol} ${e.port}  ${e.listener ?? ''}  ${e.severity}`.replace(/ {3,}/g, '  '));
  if (s.networkExposures.length > TOP) out.push(`  … and ${s.networkExposures.length - TOP} more`);
  out.push('');
  out.push(`Advisories: ${s.advisories.stored} stored; last changed by an import ${when(s.advisories.lastChangedAt)}`);
  return `${out.join('\n')}\n`;
}
