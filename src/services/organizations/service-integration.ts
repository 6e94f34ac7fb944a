// What AWS services integrated with Organizations read and change here (GuardDuty's delegated administrator): the
// organization's accounts, and each service's trusted access and delegated administrators.
import type { OrganizationIntegration } from '../../core/runtime.js';
import { bumpOrgEpoch } from '../../authz/policy-epoch.js';
import { otherAccountScope } from '../../store/account-scope.js';

export const organizationIntegration: OrganizationIntegration = {
  async accounts(db, orgId) {
    const rows = await db
      .selectFrom('org_accounts as m')
      .innerJoin('accounts as a', 'a.id', 'm.account_id')
      .select(['m.account_id', 'a.email', 'a.status', 'm.joined_at'])
      .where('m.org_id', '=', orgId)
      .orderBy('m.account_id')
      .execute();
    return rows.map((r) => ({ accountId: r.account_id, email: r.email, status: r.status, joinedAt: r.joined_at }));
  },

  async delegatedAdministrators(db, orgId, servicePrincipal) {
    const rows = await db
      .selectFrom('org_delegated_admins')
      .select('account_id')
      .where('org_id', '=', orgId)
      .where('service_principal', '=', servicePrincipal)
      .orderBy('registered_at')
      .execute();
    return rows.map((r) => r.account_id);
  },

  // The service calls these in its own transaction, after checking what its API requires (the caller is the
  // management account, the account is a member), as AWS's services call Organizations on the caller's behalf.
  async registerDelegatedAdministrator(db, orgId, accountId, servicePrincipal) {
    const now = Date.now();
    await db
      .insertInto('org_service_access')
      .values({ org_id: orgId, service_principal: servicePrincipal, enabled_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    // The management account registers a member: another account's delegation.
    await otherAccountScope(db, accountId)
      .insertInto('org_delegated_admins')
      .values({ org_id: orgId, service_principal: servicePrincipal, registered_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await bumpOrgEpoch(db);
  },

  async deregisterDelegatedAdministrator(db, orgId, accountId, servicePrincipal) {
    await otherAccountScope(db, accountId)
      .deleteFrom('org_delegated_admins')
      .where('org_id', '=', orgId)
      .where('service_principal', '=', servicePrincipal)
      .execute();
    await bumpOrgEpoch(db);
  },
};
