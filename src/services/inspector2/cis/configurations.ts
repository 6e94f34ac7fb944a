// CreateCisScanConfiguration, UpdateCisScanConfiguration, DeleteCisScanConfiguration and ListCisScanConfigurations,
// each bounded to the caller's account and Region. A oneTime schedule starts its scan as the call commits.
import { randomUUID } from 'node:crypto';
import type {
  CisScanConfiguration,
  CisSecurityLevel,
  CisTargets,
  CreateCisScanConfigurationRequest,
  CreateCisScanConfigurationResponse,
  DeleteCisScanConfigurationRequest,
  DeleteCisScanConfigurationResponse,
  ListCisScanConfigurationsRequest,
  ListCisScanConfigurationsResponse,
  Schedule,
  UpdateCisScanConfigurationRequest,
  UpdateCisScanConfigurationResponse,
} from '../../../aws/generated/inspector2.js';
import { AwsError } from '../../../aws/error.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import { pageOfList } from '../../../store/pagination.js';
import { invalidTags, invalidToken, validation } from '../errors.js';
import { matchesStrings, matchesTags, sortBy } from './match.js';
import { startScan } from './scans.js';
import { checkSchedule, nextRun } from './schedule.js';
import type { Inspector2CisConfigurationsTable } from './tables.js';
import './tables.js';

/** Configurations an account keeps per Region: Warden's bound. */
export const MAX_CONFIGURATIONS = 100;

function notFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `The CIS scan configuration ${arn.slice(0, 256)} was not found.`);
}

/**
 * Target accounts a standalone account may name: itself (its id or SELF) or ALL_ACCOUNTS (which, outside an
 * organization, is itself). Another account's instances are never scanned from here.
 */
function checkAccounts(ctx: RequestContext, ids: readonly string[] | undefined): void {
  for (const id of ids ?? []) {
    if (id !== 'SELF' && id !== 'ALL_ACCOUNTS' && id !== ctx.identity.accountId)
      throw validation(
        `The target account ${id.slice(0, 32)} is not this account; a CIS scan configuration targets SELF or ALL_ACCOUNTS.`,
        'FIELD_VALIDATION_FAILED',
      );
  }
}

function checkTags(tags: Record<string, string> | undefined): void {
  if (tags === undefined) return;
  const keys = Object.keys(tags);
  if (keys.length > 50 || keys.some((k) => k.toLowerCase().startsWith('aws:'))) throw invalidTags();
}

export function configurationOf(r: Inspector2CisConfigurationsTable): CisScanConfiguration {
  return {
    scanConfigurationArn: r.arn,
    ownerId: r.account_id,
    scanName: r.scan_name,
    securityLevel: r.security_level as CisSecurityLevel,
    schedule: JSON.parse(r.schedule) as Schedule,
    targets: JSON.parse(r.targets) as CisTargets,
    tags: JSON.parse(r.tags) as Record<string, string>,
  };
}

export async function createCisScanConfiguration(
  ctx: RequestContext,
  input: CreateCisScanConfigurationRequest,
): Promise<CreateCisScanConfigurationResponse> {
  checkSchedule(input.schedule);
  checkAccounts(ctx, input.targets.accountIds);
  checkTags(input.tags);
  const account = ctx.identity.accountId;
  const now = Date.now();
  const arn = `arn:${ctx.partition}:inspector2:${ctx.region}:${account}:owner/${account}/cis-configuration/${randomUUID()}`;
  const row: Inspector2CisConfigurationsTable = {
    arn,
    account_id: account,
    region: ctx.region,
    scan_name: input.scanName,
    security_level: input.securityLevel,
    schedule: JSON.stringify(input.schedule),
    targets: JSON.stringify({
      accountIds: input.targets.accountIds,
      targetResourceTags: input.targets.targetResourceTags,
    }),
    tags: JSON.stringify(input.tags ?? {}),
    next_run_at: nextRun(input.schedule, now) ?? null,
    created_at: now,
    updated_at: now,
  };
  await ctx.runtime.store.transaction(async (trx) => {
    const scope = accountScope(trx, account);
    const count = await scope
      .selectFrom('inspector2_cis_configurations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('region', '=', ctx.region)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_CONFIGURATIONS)
      throw validation(`You can create at most ${MAX_CONFIGURATIONS} CIS scan configurations per account and Region.`);
    await trx.insertInto('inspector2_cis_configurations').values(row).execute();
    if (input.schedule.oneTime !== undefined) await startScan(trx, row, now);
  });
  ctx.audit.resources = [{ ARN: arn, accountId: account, type: 'AWS::InspectorV2::CisScanConfiguration' }];
  return { scanConfigurationArn: arn };
}

async function ownConfiguration(ctx: RequestContext, arn: string): Promise<Inspector2CisConfigurationsTable> {
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('inspector2_cis_configurations')
    .selectAll()
    .where('region', '=', ctx.region)
    .where('arn', '=', arn)
    .executeTakeFirst();
  if (row === undefined) throw notFound(arn);
  return row;
}

export async function updateCisScanConfiguration(
  ctx: RequestContext,
  input: UpdateCisScanConfigurationRequest,
): Promise<UpdateCisScanConfigurationResponse> {
  const row = await ownConfiguration(ctx, input.scanConfigurationArn);
  if (input.schedule !== undefined) checkSchedule(input.schedule);
  checkAccounts(ctx, input.targets?.accountIds);
  const now = Date.now();
  const targets = JSON.parse(row.targets) as CisTargets;
  const updated: Inspector2CisConfigurationsTable = {
    ...row,
    scan_name: input.scanName ?? row.scan_name,
    security_level: input.securityLevel ?? row.security_level,
    schedule: input.schedule === undefined ? row.schedule : JSON.stringify(input.schedule),
    targets: JSON.stringify({
      accountIds: input.targets?.accountIds ?? targets.accountIds,
      targetResourceTags: input.targets?.targetResourceTags ?? targets.targetResourceTags,
    }),
    // A new schedule takes effect now: a recurring one from its next start, a oneTime one by running at once.
    next_run_at: input.schedule === undefined ? row.next_run_at : (nextRun(input.schedule, now) ?? null),
    updated_at: now,
  };
  await ctx.runtime.store.transaction(async (trx) => {
    await accountScope(trx, ctx.identity.accountId)
      .updateTable('inspector2_cis_configurations')
      .set({
        scan_name: updated.scan_name,
        security_level: updated.security_level,
        schedule: updated.schedule,
        targets: updated.targets,
        next_run_at: updated.next_run_at,
        updated_at: now,
      })
      .where('arn', '=', row.arn)
      .execute();
    if (input.schedule?.oneTime !== undefined) await startScan(trx, updated, now);
  });
  ctx.audit.resources = [{ ARN: row.arn, accountId: row.account_id, type: 'AWS::InspectorV2::CisScanConfiguration' }];
  return { scanConfigurationArn: row.arn };
}

export async function deleteCisScanConfiguration(
  ctx: RequestContext,
  input: DeleteCisScanConfigurationRequest,
): Promise<DeleteCisScanConfigurationResponse> {
  const row = await ownConfiguration(ctx, input.scanConfigurationArn);
  await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .deleteFrom('inspector2_cis_configurations')
    .where('arn', '=', row.arn)
    .execute();
  ctx.audit.resources = [{ ARN: row.arn, accountId: row.account_id, type: 'AWS::InspectorV2::CisScanConfiguration' }];
  return { scanConfigurationArn: row.arn };
}

export async function listCisScanConfigurations(
  ctx: RequestContext,
  input: ListCisScanConfigurationsRequest,
): Promise<ListCisScanConfigurationsResponse> {
  const rows = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('inspector2_cis_configurations')
    .selectAll()
    .where('region', '=', ctx.region)
    .orderBy('created_at')
    .orderBy('arn')
    .limit(MAX_CONFIGURATIONS)
    .execute();
  const f = input.filterCriteria;
  let configs = rows
    .map(configurationOf)
    .filter(
      (c) =>
        matchesStrings(f?.scanNameFilters, c.scanName) &&
        matchesStrings(f?.scanConfigurationArnFilters, c.scanConfigurationArn) &&
        matchesTags(f?.targetResourceTagFilters, c.targets?.targetResourceTags ?? {}),
    );
  if (input.sortBy !== undefined)
    configs = sortBy(
      configs,
      (c) => (input.sortBy === 'SCAN_NAME' ? (c.scanName ?? '') : c.scanConfigurationArn),
      input.sortOrder,
      (c) => c.scanConfigurationArn,
    );
  const page = pageOfList(ctx, configs, {
    token: input.nextToken,
    limit: input.maxResults ?? 100,
    filters: { filterCriteria: f, sortBy: input.sortBy, sortOrder: input.sortOrder },
    errors: { invalid: invalidToken },
  });
  const out: ListCisScanConfigurationsResponse = { scanConfigurations: page.items };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}
