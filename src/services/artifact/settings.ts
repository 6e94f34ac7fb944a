// GetAccountSettings / PutAccountSettings: whether the account is subscribed to report notifications (NOT_SUBSCRIBED
// until it says otherwise).
import type { RequestContext } from '../../core/runtime.js';

type Status = 'SUBSCRIBED' | 'NOT_SUBSCRIBED';

async function statusOf(ctx: RequestContext): Promise<Status> {
  const row = await ctx.runtime.store.db
    .selectFrom('artifact_account_settings')
    .select('notification_subscription_status')
    .where('account_id', '=', ctx.identity.accountId)
    .executeTakeFirst();
  return (row?.notification_subscription_status as Status | undefined) ?? 'NOT_SUBSCRIBED';
}

export async function getAccountSettings(
  ctx: RequestContext,
): Promise<{ accountSettings: { notificationSubscriptionStatus: Status } }> {
  return { accountSettings: { notificationSubscriptionStatus: await statusOf(ctx) } };
}

export async function putAccountSettings(
  ctx: RequestContext,
  input: { notificationSubscriptionStatus?: Status },
): Promise<{ accountSettings: { notificationSubscriptionStatus: Status } }> {
  const status = input.notificationSubscriptionStatus;
  if (status !== undefined) {
    await ctx.runtime.store.db
      .insertInto('artifact_account_settings')
      .values({ account_id: ctx.identity.accountId, notification_subscription_status: status })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ notification_subscription_status: status }))
      .execute();
  }
  return { accountSettings: { notificationSubscriptionStatus: await statusOf(ctx) } };
}
