// Health checks: CreateHealthCheck (CallerReference idempotency), Get/List/Update/Delete, their status and count.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/error.js';
import type {
  CreateHealthCheckRequest,
  CreateHealthCheckResponse,
  DeleteHealthCheckRequest,
  DeleteHealthCheckResponse,
  GetHealthCheckCountRequest,
  GetHealthCheckCountResponse,
  GetHealthCheckRequest,
  GetHealthCheckResponse,
  GetHealthCheckStatusRequest,
  GetHealthCheckStatusResponse,
  HealthCheck,
  HealthCheckConfig,
  HealthCheckObservation,
  HealthCheckRegion,
  ListHealthChecksRequest,
  ListHealthChecksResponse,
  UpdateHealthCheckRequest,
  UpdateHealthCheckResponse,
} from '../../aws/generated/route53.js';
import { healthCheckArn } from '../../core/health-checks.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { checkEgress, checkRules, normalize, requireCheckedType, type StoredConfig } from './config.js';
import { healthCheckAlreadyExists, invalidInput, noSuchHealthCheck, versionMismatch } from './errors.js';
import { egressFor, healthCheckStatus, healthChecksChanged } from './runner.js';
import type { Route53HealthChecksTable } from './tables.js';

/** Route 53's default quota of active health checks per account. */
const MAX_HEALTH_CHECKS = 200;
/** ListHealthChecks returns at most 1,000 per page, 100 unless MaxItems says otherwise. */
const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;
/** The regions Route 53's checkers report from when a health check names none. */
const DEFAULT_REGIONS: readonly HealthCheckRegion[] = [
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
];

function toHealthCheck(row: Route53HealthChecksTable): HealthCheck {
  return {
    Id: row.id,
    CallerReference: row.caller_reference,
    HealthCheckConfig: JSON.parse(row.config) as HealthCheckConfig,
    HealthCheckVersion: Number(row.version),
  };
}

async function liveRow(ctx: RequestContext, id: string): Promise<Route53HealthChecksTable> {
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('route53_health_checks')
    .selectAll()
    .where('id', '=', id)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!row) throw noSuchHealthCheck(id);
  return row;
}

function nameResource(ctx: RequestContext, id: string): void {
  ctx.audit.resources = [{ ARN: healthCheckArn(ctx.partition, id), accountId: ctx.identity.accountId }];
}

export async function createHealthCheck(
  ctx: RequestContext,
  input: CreateHealthCheckRequest,
): Promise<CreateHealthCheckResponse> {
  const accountId = ctx.identity.accountId;
  requireCheckedType(input.HealthCheckConfig.Type);
  const config = normalize(input.HealthCheckConfig);
  checkRules(config);
  const configText = JSON.stringify(config);
  const scope = accountScope(ctx.runtime.store.db, accountId);
  const existing = await scope
    .selectFrom('route53_health_checks')
    .selectAll()
    .where('caller_reference', '=', input.CallerReference)
    .executeTakeFirst();
  // The same CallerReference and settings answer the health check made the first time; anything else, or a
  // reference whose health check was deleted, is HealthCheckAlreadyExists.
  if (existing) {
    if (existing.deleted === 0 && existing.config === configText) return answer(ctx, existing);
    throw healthCheckAlreadyExists();
  }
  await checkEgress(config, egressFor(ctx.runtime));
  const row: Route53HealthChecksTable = {
    account_id: accountId,
    id: randomUUID(),
    caller_reference: input.CallerReference,
    config: configText,
    version: 1,
    deleted: 0,
    created_at: Date.now(),
  };
  await ctx.runtime.store.transaction(async (trx) => {
    const txScope = accountScope(trx, accountId);
    const count = await txScope
      .selectFrom('route53_health_checks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deleted', '=', 0)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_HEALTH_CHECKS) {
      throw new AwsError(
        'TooManyHealthChecks',
        `You have reached the maximum number of active health checks for an AWS account (${MAX_HEALTH_CHECKS}).`,
      );
    }
    const raced = await txScope
      .selectFrom('route53_health_checks')
      .select('id')
      .where('caller_reference', '=', input.CallerReference)
      .executeTakeFirst();
    if (raced) throw healthCheckAlreadyExists();
    const { account_id: _, ...values } = row;
    await txScope.insertInto('route53_health_checks').values(values).execute();
  });
  await healthChecksChanged(ctx.runtime);
  return answer(ctx, row);
}

function answer(ctx: RequestContext, row: Route53HealthChecksTable): CreateHealthCheckResponse {
  nameResource(ctx, row.id);
  return {
    HealthCheck: toHealthCheck(row),
    Location: `https://route53.amazonaws.com/2013-04-01/healthcheck/${row.id}`,
  };
}

export async function getHealthCheck(
  ctx: RequestContext,
  input: GetHealthCheckRequest,
): Promise<GetHealthCheckResponse> {
  const row = await liveRow(ctx, input.HealthCheckId);
  nameResource(ctx, row.id);
  return { HealthCheck: toHealthCheck(row) };
}

export async function listHealthChecks(
  ctx: RequestContext,
  input: ListHealthChecksRequest,
): Promise<ListHealthChecksResponse> {
  let maxItems = DEFAULT_PAGE;
  if (input.MaxItems !== undefined) {
    const n = /^\d{1,9}$/.test(input.MaxItems) ? Number(input.MaxItems) : NaN;
    if (!Number.isInteger(n) || n < 1) {
      throw invalidInput(
        `Invalid parameter : MaxItems must be a positive integer, not ${input.MaxItems.slice(0, 20)}.`,
      );
    }
    maxItems = Math.min(n, MAX_PAGE);
  }
  // Paged by id: Marker is the id of the first health check of the page (NextMarker of the one before).
  let query = accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('route53_health_checks')
    .selectAll()
    .where('deleted', '=', 0);
  if (input.Marker) query = query.where('id', '>=', input.Marker);
  const rows = await query
    .orderBy('id')
    .limit(maxItems + 1)
    .execute();
  const page = rows.slice(0, maxItems);
  const next = rows[maxItems];
  return {
    HealthChecks: page.map(toHealthCheck),
    Marker: input.Marker ?? '',
    IsTruncated: next !== undefined,
    ...(next ? { NextMarker: next.id } : {}),
    MaxItems: String(maxItems),
  };
}

/** The settings after an update: members given replace, ResetElements go back to their defaults (absent). */
function updatedConfig(current: StoredConfig, input: UpdateHealthCheckRequest): StoredConfig {
  const next: HealthCheckConfig = { ...current } as HealthCheckConfig;
  for (const element of input.ResetElements ?? []) {
    if (element === 'FullyQualifiedDomainName' || element === 'Regions' || element === 'ResourcePath') {
      delete next[element];
    }
  }
  const settable = [
    'IPAddress',
    'Port',
    'ResourcePath',
    'FullyQualifiedDomainName',
    'SearchString',
    'FailureThreshold',
    'Inverted',
    'Disabled',
    'EnableSNI',
    'Regions',
  ] as const;
  for (const key of settable) {
    if (input[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = input[key];
  }
  return normalize(next);
}

export async function updateHealthCheck(
  ctx: RequestContext,
  input: UpdateHealthCheckRequest,
): Promise<UpdateHealthCheckResponse> {
  const accountId = ctx.identity.accountId;
  const current = await liveRow(ctx, input.HealthCheckId);
  if (input.HealthCheckVersion !== undefined && input.HealthCheckVersion !== Number(current.version)) {
    throw versionMismatch();
  }
  const config = updatedConfig(JSON.parse(current.config) as StoredConfig, input);
  checkRules(config);
  await checkEgress(config, egressFor(ctx.runtime));
  const configText = JSON.stringify(config);
  const version = Number(current.version) + 1;
  // Optimistic: the row changes only if no other update got there first (the version it was read at).
  const result = await accountScope(ctx.runtime.store.db, accountId)
    .updateTable('route53_health_checks')
    .set({ config: configText, version })
    .where('id', '=', current.id)
    .where('deleted', '=', 0)
    .where('version', '=', Number(current.version))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw versionMismatch();
  await healthChecksChanged(ctx.runtime);
  nameResource(ctx, current.id);
  return { HealthCheck: toHealthCheck({ ...current, config: configText, version }) };
}

export async function deleteHealthCheck(
  ctx: RequestContext,
  input: DeleteHealthCheckRequest,
): Promise<DeleteHealthCheckResponse> {
  const accountId = ctx.identity.accountId;
  const row = await liveRow(ctx, input.HealthCheckId);
  await ctx.runtime.store.transaction(async (trx) => {
    const scope = accountScope(trx, accountId);
    await scope.updateTable('route53_health_checks').set({ deleted: 1 }).where('id', '=', row.id).execute();
    await scope.deleteFrom('route53_tags').where('resource_id', '=', row.id).execute();
  });
  await healthChecksChanged(ctx.runtime);
  nameResource(ctx, row.id);
  return {};
}

export async function getHealthCheckStatus(
  ctx: RequestContext,
  input: GetHealthCheckStatusRequest,
): Promise<GetHealthCheckStatusResponse> {
  const row = await liveRow(ctx, input.HealthCheckId);
  nameResource(ctx, row.id);
  const config = JSON.parse(row.config) as StoredConfig;
  const last = healthCheckStatus(ctx.runtime, ctx.identity.accountId, row.id)?.last;
  if (!last) return { HealthCheckObservations: [] };
  // Warden has one checker, itself: its latest observation stands for each region the health check names.
  const observations: HealthCheckObservation[] = (config.Regions ?? DEFAULT_REGIONS).map((region) => ({
    Region: region as HealthCheckRegion,
    ...(last.outcome.address !== undefined ? { IPAddress: last.outcome.address } : {}),
    StatusReport: { Status: last.outcome.status, CheckedTime: last.checkedAt },
  }));
  return { HealthCheckObservations: observations };
}

export async function getHealthCheckCount(
  ctx: RequestContext,
  _input: GetHealthCheckCountRequest,
): Promise<GetHealthCheckCountResponse> {
  const count = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('route53_health_checks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted', '=', 0)
    .executeTakeFirstOrThrow();
  return { HealthCheckCount: Number(count.n) };
}
