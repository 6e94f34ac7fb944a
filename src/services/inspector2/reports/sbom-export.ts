// Writes an SBOM export: one document per resource Inspector covers for the report's accounts — managed instances
// (`mi-…`) of accounts with EC2 scanning enabled, with the packages of their AWS:Application inventory — laid out as
// AWS lays them out: `<prefix>/<FORMAT>_outputs_<reportId>/account=<account>/resource=AWS_EC2_INSTANCE/
// <resource ARN, / as _>_<FORMAT>.json`.
import type { Kysely } from 'kysely';
import type { ResourceFilterCriteria, ResourceMapFilter, StringFilter } from '../../../aws/generated/inspector2.js';
import { partitionOf } from '../../../aws/partitions.js';
import type { Runtime } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import { stringMatches } from '../findings/read.js';
import { writeObject } from './object-writer.js';
import { prepareDestination, type KeepGoing } from './prepare.js';
import { destinationOf, finish } from './report-store.js';
import { cycloneDx, spdx, type SbomPackage, type SbomResource } from './sbom-documents.js';
import type { Inspector2ReportsTable } from './tables.js';
import '../tables.js';
import { parseTagList, tagRecord } from '../../ssm/instance-tags.js';

/** Resources one export covers at most, and packages per resource. */
export const MAX_SBOM_RESOURCES = 1_000;
export const MAX_SBOM_PACKAGES = 20_000;

/** A managed instance as an SBOM export's resource, with its Systems Manager tags (AddTagsToResource's). */
interface Candidate extends SbomResource {
  tags: Record<string, string>;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 2048 ? v : undefined);

function tagsMatch(filters: readonly ResourceMapFilter[], tags: Record<string, string>): boolean {
  // Several tag filters are alternatives, as several values of one string criterion are.
  return filters.some((f) => Object.hasOwn(tags, f.key) && (f.value === undefined || tags[f.key] === f.value));
}

/** Whether a resource passes every criterion; criteria on ECR images, Lambda functions or other clouds match none. */
export function resourceMatches(c: ResourceFilterCriteria | undefined, r: Candidate): boolean {
  if (c === undefined) return true;
  for (const [key, filters] of Object.entries(c) as [keyof ResourceFilterCriteria, unknown][]) {
    if (!Array.isArray(filters) || filters.length === 0) continue;
    const strings = filters as StringFilter[];
    switch (key) {
      case 'accountId':
        if (!stringMatches(strings, [r.accountId])) return false;
        continue;
      case 'resourceId':
        if (!stringMatches(strings, [r.resourceId])) return false;
        continue;
      case 'resourceType':
        if (!stringMatches(strings, [r.resourceType])) return false;
        continue;
      case 'ec2InstanceTags':
        if (!tagsMatch(filters as ResourceMapFilter[], r.tags)) return false;
        continue;
      default:
        return false;
    }
  }
  return true;
}

/** The accounts' covered managed instances in the Region, in account then instance order. */
export async function sbomResources(
  db: Kysely<Database>,
  accountIds: readonly string[],
  region: string,
  criteria: ResourceFilterCriteria | undefined,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const accountId of accountIds) {
    const scope = accountScope(db, accountId);
    const status = await scope
      .selectFrom('inspector2_account_status')
      .select('ec2')
      .where('region', '=', region)
      .executeTakeFirst();
    if (status?.ec2 !== 'ENABLED') continue;
    const instances = await scope
      .selectFrom('ssm_managed_instances')
      .select(['instance_id', 'platform_name', 'platform_version', 'tags'])
      .where('region', '=', region)
      .orderBy('instance_id')
      .limit(MAX_SBOM_RESOURCES)
      .execute();
    for (const i of instances) {
      const platform = i.platform_name === null ? undefined : `${i.platform_name} ${i.platform_version ?? ''}`.trim();
      const r: Candidate = {
        accountId,
        resourceType: 'AWS_EC2_INSTANCE',
        resourceId: i.instance_id,
        tags: tagRecord(parseTagList(i.tags)),
        ...(platform === undefined ? {} : { platform }),
      };
      if (resourceMatches(criteria, r)) out.push(r);
      if (out.length >= MAX_SBOM_RESOURCES) return out;
    }
  }
  return out;
}

/** An instance's packages: its AWS:Application inventory entries, in the order the agent sent them. */
export async function instancePackages(db: Kysely<Database>, r: SbomResource, region: string): Promise<SbomPackage[]> {
  const rows = await accountScope(db, r.accountId)
    .selectFrom('ssm_inventory_entries')
    .select('content')
    .where('region', '=', region)
    .where('instance_id', '=', r.resourceId)
    .where('type_name', '=', 'AWS:Application')
    .orderBy('seq')
    .limit(MAX_SBOM_PACKAGES)
    .execute();
  const out: SbomPackage[] = [];
  for (const row of rows) {
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(row.content) as Record<string, unknown>;
    } catch {
      continue;
    }
    const name = str(e.Name);
    if (name === undefined) continue;
    const version = str(e.Version);
    const purl = str(e.PackageId);
    const arch = str(e.Architecture);
    out.push({ name, ...(version && { version }), ...(purl && { purl }), ...(arch && { arch }) });
  }
  return out;
}

/** The object's name: the resource's ARN with `/` as `_`, then the format. */
export function sbomObjectName(r: SbomResource, region: string, format: string): string {
  const partition = partitionOf(region) ?? 'aws';
  const arn = `arn:${partition}:ec2:${region}:${r.accountId}:instance/${r.resourceId}`;
  return `${arn.replace(/\//g, '_')}_${format}.json`;
}

export async function writeSbomExport(
  runtime: Runtime,
  row: Inspector2ReportsTable,
  keepGoing: KeepGoing,
): Promise<void> {
  const db = runtime.store.db;
  const place = await prepareDestination(runtime, row, destinationOf(row));
  if ('error' in place) {
    await finish(db, row, 'FAILED', place.error);
    return;
  }
  const criteria = row.criteria === null ? undefined : (JSON.parse(row.criteria) as ResourceFilterCriteria);
  const resources = await sbomResources(db, JSON.parse(row.accounts) as string[], row.region, criteria);
  if (resources.length === 0) {
    await finish(db, row, 'FAILED', {
      code: 'NO_FINDINGS_FOUND',
      message: 'No resources matched the resource filter criteria.',
    });
    return;
  }
  const build = row.format === 'SPDX_2_3' ? spdx : cycloneDx;
  const at = new Date();
  for (const r of resources) {
    const folder = await place.folder([
      `${row.format}_outputs_${row.report_id}`,
      `account=${r.accountId}`,
      `resource=${r.resourceType}`,
    ]);
    const doc = build(r, await instancePackages(db, r, row.region), at);
    const name = sbomObjectName(r, row.region, row.format);
    if (!(await writeObject(folder, name, [JSON.stringify(doc, null, 2)], keepGoing))) return;
  }
  await finish(db, row, 'SUCCEEDED');
}
