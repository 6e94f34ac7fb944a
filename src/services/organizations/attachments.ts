// Policy attachments that follow the hierarchy: the AWS-managed full-access policies every entity gets while a type is on.
import type { Db, OrgRecord } from './org-context.js';
import { isPolicyTypeEnabled } from './org-context.js';
import { FULL_AWS_ACCESS_ID, RCP_FULL_AWS_ACCESS_ID } from './ids.js';
import { otherAccountScope } from '../../store/account-scope.js';
import { openIfApproved } from './all-features.js';

const DEFAULT_POLICY: Readonly<Record<string, string>> = {
  SERVICE_CONTROL_POLICY: FULL_AWS_ACCESS_ID,
  RESOURCE_CONTROL_POLICY: RCP_FULL_AWS_ACCESS_ID,
};

/** Attaches the default policy of every enabled type to a new root, OU or account, as AWS does. */
export async function attachDefaults(db: Db, org: OrgRecord, targetId: string): Promise<void> {
  for (const [type, policyId] of Object.entries(DEFAULT_POLICY)) {
    if (!(await isPolicyTypeEnabled(db, org, type))) continue;
    await db
      .insertInto('org_policy_attachments')
      .values({ org_id: org.id, policy_id: policyId, target_id: targetId, policy_type: type, attached_at: Date.now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Every root, OU and account id of the organization. */
export async function allTargets(db: Db, org: OrgRecord): Promise<string[]> {
  const ous = await db.selectFrom('org_units').select('id').where('org_id', '=', org.id).execute();
  const members = await db.selectFrom('org_accounts').select('account_id').where('org_id', '=', org.id).execute();
  return [org.rootId, ...ous.map((o) => o.id), ...members.map((m) => m.account_id)];
}

export function defaultPolicyOf(type: string): string | undefined {
  return DEFAULT_POLICY[type];
}

/** Removes what the organization holds about a departing account: attachments, tags, delegations. */
export async function forgetMember(db: Db, orgId: string, accountId: string): Promise<void> {
  // The management account forgets a member: another account's rows.
  await otherAccountScope(db, accountId).deleteFrom('org_accounts').where('org_id', '=', orgId).execute();
  await db
    .deleteFrom('org_policy_attachments')
    .where('org_id', '=', orgId)
    .where('target_id', '=', accountId)
    .execute();
  await db.deleteFrom('org_tags').where('org_id', '=', orgId).where('resource_id', '=', accountId).execute();
  await otherAccountScope(db, accountId).deleteFrom('org_delegated_admins').where('org_id', '=', orgId).execute();
  // A member that had not approved all features no longer holds the change up.
  await openIfApproved(db, orgId, Date.now());
}
