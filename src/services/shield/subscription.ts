// The Shield Advanced subscription: a one-year commitment per account that renews itself unless AutoRenew is off.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  CreateSubscriptionRequest,
  CreateSubscriptionResponse,
  DeleteSubscriptionRequest,
  DeleteSubscriptionResponse,
  DescribeSubscriptionRequest,
  DescribeSubscriptionResponse,
  GetSubscriptionStateRequest,
  GetSubscriptionStateResponse,
  Subscription,
  UpdateSubscriptionRequest,
  UpdateSubscriptionResponse,
} from '../../aws/generated/shield.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { alreadyExists, lockedSubscription, noSubscription } from './errors.js';
import { MAX_ARBITRARY_MEMBERS, MAX_PROTECTION_GROUPS, MAX_PROTECTIONS_PER_TYPE, PROTECTABLE_TYPES } from './limits.js';
import type { ShieldSubscriptionsTable } from './tables.js';

/** "AWS Shield Advanced requires a 1-year subscription commitment" (365 days, as TimeCommitmentInSeconds says). */
export const COMMITMENT_MS = 365 * 24 * 3600 * 1000;
/** AutoRenew may be changed only "during the last 30 days of your subscription" (LockedSubscriptionException). */
const CHANGE_WINDOW_MS = 30 * 24 * 3600 * 1000;

export interface Period {
  readonly start: number;
  readonly end: number;
}

/**
 * The period in force at `now`: a subscription with AutoRenew ENABLED rolls forward a year at a time; one with it
 * DISABLED ends at its end time (undefined: no subscription any more).
 */
export function currentPeriod(
  row: Pick<ShieldSubscriptionsTable, 'start_time' | 'end_time' | 'auto_renew'>,
  now: number,
): Period | undefined {
  if (now < row.end_time) return { start: row.start_time, end: row.end_time };
  if (row.auto_renew !== 'ENABLED') return undefined;
  const years = Math.floor((now - row.start_time) / COMMITMENT_MS);
  const start = row.start_time + years * COMMITMENT_MS;
  return { start, end: start + COMMITMENT_MS };
}

export interface ActiveSubscription {
  readonly row: ShieldSubscriptionsTable;
  readonly period: Period;
}

/** The caller's subscription in force now, or undefined. */
export async function activeSubscription(
  db: Kysely<Database>,
  accountId: string,
): Promise<ActiveSubscription | undefined> {
  const row = await accountScope(db, accountId).selectFrom('shield_subscriptions').selectAll().executeTakeFirst();
  if (!row) return undefined;
  const period = currentPeriod(row, Date.now());
  return period ? { row, period } : undefined;
}

/** Every Advanced operation but the subscription's own needs one: ResourceNotFoundException otherwise. */
export async function requireSubscription(db: Kysely<Database>, accountId: string): Promise<ActiveSubscription> {
  const active = await activeSubscription(db, accountId);
  if (!active) throw noSubscription();
  return active;
}

export async function createSubscription(
  ctx: RequestContext,
  _input: CreateSubscriptionRequest,
): Promise<CreateSubscriptionResponse> {
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    if (await activeSubscription(trx, accountId)) throw alreadyExists('subscription');
    const now = Date.now();
    const scope = accountScope(trx, accountId);
    // A lapsed subscription (AutoRenew was off) is replaced; its contacts go with it.
    await scope.deleteFrom('shield_subscriptions').execute();
    await scope
      .insertInto('shield_subscriptions')
      .values({
        subscription_id: randomBytes(16).toString('hex'),
        start_time: now,
        end_time: now + COMMITMENT_MS,
        auto_renew: 'ENABLED',
        proactive_engagement: null,
        emergency_contacts: '[]',
        created_at: now,
      })
      .execute();
  });
  return {};
}

export async function describeSubscription(
  ctx: RequestContext,
  _input: DescribeSubscriptionRequest,
): Promise<DescribeSubscriptionResponse> {
  const { row, period } = await requireSubscription(ctx.runtime.store.db, ctx.identity.accountId);
  const limits = PROTECTABLE_TYPES.map((Type) => ({ Type, Max: MAX_PROTECTIONS_PER_TYPE }));
  const subscription: Subscription = {
    StartTime: new Date(period.start),
    EndTime: new Date(period.end),
    TimeCommitmentInSeconds: COMMITMENT_MS / 1000,
    AutoRenew: row.auto_renew as Subscription['AutoRenew'],
    Limits: limits,
    SubscriptionLimits: {
      ProtectionLimits: { ProtectedResourceTypeLimits: limits },
      ProtectionGroupLimits: {
        MaxProtectionGroups: MAX_PROTECTION_GROUPS,
        PatternTypeLimits: { ArbitraryPatternLimits: { MaxMembers: MAX_ARBITRARY_MEMBERS } },
      },
    },
    SubscriptionArn: `arn:${ctx.partition}:shield::${ctx.identity.accountId}:subscription/${row.subscription_id}`,
    ...(row.proactive_engagement
      ? { ProactiveEngagementStatus: row.proactive_engagement as Subscription['ProactiveEngagementStatus'] }
      : {}),
  };
  return { Subscription: subscription };
}

export async function getSubscriptionState(
  ctx: RequestContext,
  _input: GetSubscriptionStateRequest,
): Promise<GetSubscriptionStateResponse> {
  const active = await activeSubscription(ctx.runtime.store.db, ctx.identity.accountId);
  return { SubscriptionState: active ? 'ACTIVE' : 'INACTIVE' };
}

export async function updateSubscription(
  ctx: RequestContext,
  input: UpdateSubscriptionRequest,
): Promise<UpdateSubscriptionResponse> {
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const { row, period } = await requireSubscription(trx, accountId);
    if (input.AutoRenew === undefined || input.AutoRenew === row.auto_renew) return;
    if (Date.now() < period.end - CHANGE_WINDOW_MS) throw lockedSubscription();
    // Renewals so far become the stored period, so turning AutoRenew off ends the subscription at this period's end.
    await accountScope(trx, accountId)
      .updateTable('shield_subscriptions')
      .set({ auto_renew: input.AutoRenew, start_time: period.start, end_time: period.end })
      .execute();
  });
  return {};
}

/** Deprecated by AWS: a subscription cannot be deleted before its commitment ends, and it never ends while renewing. */
export async function deleteSubscription(
  ctx: RequestContext,
  _input: DeleteSubscriptionRequest,
): Promise<DeleteSubscriptionResponse> {
  await requireSubscription(ctx.runtime.store.db, ctx.identity.accountId);
  throw lockedSubscription();
}
