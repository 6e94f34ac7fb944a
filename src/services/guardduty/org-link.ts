// GuardDuty's view of Organizations: the shared integration view (src/core/organization-link.ts) bound to GuardDuty's
// service principal.
import type { Kysely } from 'kysely';
import { administeredOrganization, delegatedAdmins, type LinkedOrganization } from '../../core/organization-link.js';
import type { RequestContext } from '../../core/runtime.js';
import type { Database } from '../../store/schema.js';

export { organizationAccounts, organizationOf } from '../../core/organization-link.js';

/** GuardDuty's service principal in Organizations (trusted access and delegated administrator). */
export const GUARDDUTY_PRINCIPAL = 'guardduty.amazonaws.com';

export type GuardDutyOrg = LinkedOrganization;

/** The organization's GuardDuty delegated administrators (AWS allows one). */
export function guardDutyAdmins(ctx: RequestContext, db: Kysely<Database>, org: GuardDutyOrg): Promise<string[]> {
  return delegatedAdmins(ctx, db, org, GUARDDUTY_PRINCIPAL);
}

/** The organization whose GuardDuty delegated administrator this account is, if it is one. */
export function administeredOrg(
  ctx: RequestContext,
  db: Kysely<Database>,
  accountId: string,
): Promise<GuardDutyOrg | undefined> {
  return administeredOrganization(ctx, db, accountId, GUARDDUTY_PRINCIPAL);
}
