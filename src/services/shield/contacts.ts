// Emergency contacts and proactive engagement: whom a response team would call, and whether it may call first.
import type { Kysely } from 'kysely';
import type {
  AssociateProactiveEngagementDetailsRequest,
  AssociateProactiveEngagementDetailsResponse,
  DescribeEmergencyContactSettingsRequest,
  DescribeEmergencyContactSettingsResponse,
  DisableProactiveEngagementRequest,
  DisableProactiveEngagementResponse,
  EmergencyContact,
  EnableProactiveEngagementRequest,
  EnableProactiveEngagementResponse,
  UpdateEmergencyContactSettingsRequest,
  UpdateEmergencyContactSettingsResponse,
} from '../../aws/generated/shield.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { invalidOperation, invalidParameter } from './errors.js';
import { requireSubscription } from './subscription.js';

/** Only the contact fields the model defines are kept (a stored list is echoed back exactly). */
function normalized(list: readonly EmergencyContact[] | undefined): EmergencyContact[] {
  return (list ?? []).map((c) => ({
    EmailAddress: c.EmailAddress,
    ...(c.PhoneNumber !== undefined ? { PhoneNumber: c.PhoneNumber } : {}),
    ...(c.ContactNotes !== undefined ? { ContactNotes: c.ContactNotes } : {}),
  }));
}

/** Proactive engagement needs a phone number to call: "You must provide at least one phone number". */
function requirePhone(list: readonly EmergencyContact[]): void {
  if (!list.some((c) => c.PhoneNumber !== undefined))
    throw invalidParameter(
      'You must provide at least one phone number in the emergency contact list.',
      'emergencyContactList',
    );
}

async function setContacts(db: Kysely<Database>, accountId: string, list: EmergencyContact[]): Promise<void> {
  await accountScope(db, accountId)
    .updateTable('shield_subscriptions')
    .set({ emergency_contacts: JSON.stringify(list) })
    .execute();
}

export async function describeEmergencyContactSettings(
  ctx: RequestContext,
  _input: DescribeEmergencyContactSettingsRequest,
): Promise<DescribeEmergencyContactSettingsResponse> {
  const { row } = await requireSubscription(ctx.runtime.store.db, ctx.identity.accountId);
  return { EmergencyContactList: JSON.parse(row.emergency_contacts) as EmergencyContact[] };
}

export async function updateEmergencyContactSettings(
  ctx: RequestContext,
  input: UpdateEmergencyContactSettingsRequest,
): Promise<UpdateEmergencyContactSettingsResponse> {
  const list = normalized(input.EmergencyContactList);
  await ctx.runtime.store.transaction(async (trx) => {
    const { row } = await requireSubscription(trx, ctx.identity.accountId);
    // While proactive engagement is on, the list keeps a number to call.
    if (row.proactive_engagement === 'ENABLED') requirePhone(list);
    await setContacts(trx, ctx.identity.accountId, list);
  });
  return {};
}

export async function associateProactiveEngagementDetails(
  ctx: RequestContext,
  input: AssociateProactiveEngagementDetailsRequest,
): Promise<AssociateProactiveEngagementDetailsResponse> {
  const list = normalized(input.EmergencyContactList);
  requirePhone(list);
  await ctx.runtime.store.transaction(async (trx) => {
    const { row } = await requireSubscription(trx, ctx.identity.accountId);
    // It initializes proactive engagement once; later changes go through Enable/Disable and the contact settings.
    if (row.proactive_engagement !== null)
      throw invalidOperation(
        'Proactive engagement is already initialized. Use EnableProactiveEngagement, DisableProactiveEngagement or UpdateEmergencyContactSettings.',
      );
    await accountScope(trx, ctx.identity.accountId)
      .updateTable('shield_subscriptions')
      .set({ emergency_contacts: JSON.stringify(list), proactive_engagement: 'ENABLED' })
      .execute();
  });
  return {};
}

async function setEngagement(ctx: RequestContext, status: 'ENABLED' | 'DISABLED'): Promise<void> {
  await ctx.runtime.store.transaction(async (trx) => {
    const { row } = await requireSubscription(trx, ctx.identity.accountId);
    if (row.proactive_engagement === null)
      throw invalidOperation(
        'Proactive engagement is not initialized. Call AssociateProactiveEngagementDetails first.',
      );
    // "the operation would not cause any change to occur"
    if (row.proactive_engagement === status) throw invalidOperation(`Proactive engagement is already ${status}.`);
    if (status === 'ENABLED') requirePhone(JSON.parse(row.emergency_contacts) as EmergencyContact[]);
    await accountScope(trx, ctx.identity.accountId)
      .updateTable('shield_subscriptions')
      .set({ proactive_engagement: status })
      .execute();
  });
}

export async function enableProactiveEngagement(
  ctx: RequestContext,
  _input: EnableProactiveEngagementRequest,
): Promise<EnableProactiveEngagementResponse> {
  await setEngagement(ctx, 'ENABLED');
  return {};
}

export async function disableProactiveEngagement(
  ctx: RequestContext,
  _input: DisableProactiveEngagementRequest,
): Promise<DisableProactiveEngagementResponse> {
  await setEngagement(ctx, 'DISABLED');
  return {};
}
