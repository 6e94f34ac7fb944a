// Attacks Shield Advanced detected on the caller's protected resources: ListAttacks, DescribeAttack, statistics.
import type {
  DescribeAttackRequest,
  DescribeAttackResponse,
  DescribeAttackStatisticsRequest,
  DescribeAttackStatisticsResponse,
  ListAttacksRequest,
  ListAttacksResponse,
} from '../../aws/generated/shield.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { attackDetail, attackSummary, peakRequestsPerSecond } from './attack-record.js';
import { AwsError } from '../../aws/error.js';
import { pageOf } from './paging.js';
import { requireSubscription } from './subscription.js';

/** DescribeAttackStatistics covers "the past year". */
const YEAR_MS = 365 * 24 * 3600 * 1000;

export async function listAttacks(ctx: RequestContext, input: ListAttacksRequest): Promise<ListAttacksResponse> {
  const db = ctx.runtime.store.db;
  await requireSubscription(db, ctx.identity.accountId);
  let query = accountScope(db, ctx.identity.accountId).selectFrom('shield_attacks').selectAll();
  if (input.ResourceArns && input.ResourceArns.length > 0)
    query = query.where('resource_arn', 'in', input.ResourceArns);
  const from = input.StartTime?.FromInclusive?.getTime();
  const to = input.StartTime?.ToExclusive?.getTime();
  if (from !== undefined) query = query.where('start_time', '>=', from);
  if (to !== undefined) query = query.where('start_time', '<', to);
  // An attack still going on has no end yet, which every EndTime range includes.
  const endFrom = input.EndTime?.FromInclusive?.getTime();
  const endTo = input.EndTime?.ToExclusive?.getTime();
  if (endFrom !== undefined)
    query = query.where((eb) => eb.or([eb('end_time', 'is', null), eb('end_time', '>=', endFrom)]));
  if (endTo !== undefined) query = query.where((eb) => eb.or([eb('end_time', 'is', null), eb('end_time', '<', endTo)]));
  const rows = await query.orderBy('start_time', 'desc').orderBy('id').execute();
  const { items, NextToken } = pageOf(ctx, rows, input);
  return { AttackSummaries: items.map(attackSummary), ...(NextToken ? { NextToken } : {}) };
}

export async function describeAttack(
  ctx: RequestContext,
  input: DescribeAttackRequest,
): Promise<DescribeAttackResponse> {
  const db = ctx.runtime.store.db;
  await requireSubscription(db, ctx.identity.accountId);
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('shield_attacks')
    .selectAll()
    .where('id', '=', input.AttackId)
    .executeTakeFirst();
  // AWS answers an attack id the caller does not own with AccessDeniedException, found or not.
  if (!row) throw new AwsError('AccessDeniedException', 'You are not authorized to access this attack.');
  return { Attack: attackDetail(row) };
}

export async function describeAttackStatistics(
  ctx: RequestContext,
  _input: DescribeAttackStatisticsRequest,
): Promise<DescribeAttackStatisticsResponse> {
  const db = ctx.runtime.store.db;
  await requireSubscription(db, ctx.identity.accountId);
  const now = Date.now();
  const rows = await accountScope(db, ctx.identity.accountId)
    .selectFrom('shield_attacks')
    .selectAll()
    .where('start_time', '>=', now - YEAR_MS)
    .execute();
  const peak = rows.reduce((m, r) => Math.max(m, peakRequestsPerSecond(r)), 0);
  return {
    TimeRange: { FromInclusive: new Date(now - YEAR_MS), ToExclusive: new Date(now) },
    DataItems: [
      {
        AttackCount: rows.length,
        ...(rows.length > 0 ? { AttackVolume: { RequestsPerSecond: { Max: peak } } } : {}),
      },
    ],
  };
}
