// What authorization reads to name Organizations resources: an account's organization, a policy's type, a handshake.
import type { Kysely } from 'kysely';
import type { OrganizationDirectory } from '../../core/authorization.js';
import type { Database } from '../../store/schema.js';
import { AWS_MANAGED_POLICIES } from './views.js';
import { accountScope } from '../../store/account-scope.js';

/** The directory over the store: one small read per lookup, made only for Organizations requests. */
export function organizationDirectory(db: Kysely<Database>): OrganizationDirectory {
  return {
    async organizationOf(accountId) {
      const row = await accountScope(db, accountId)
        .selectFrom('org_accounts as m')
        .innerJoin('org_organizations as o', 'o.id', 'm.org_id')
        .select(['o.id', 'o.management_account_id'])
        .executeTakeFirst();
      return row ? { orgId: row.id, managementAccountId: row.management_account_id } : undefined;
    },

    async policy(org, policyId) {
      const managed = AWS_MANAGED_POLICIES.find((p) => p.id === policyId);
      if (managed) return { type: managed.type, awsManaged: true };
      const row = await db
        .selectFrom('org_policies')
        .select('type')
        .where('id', '=', policyId)
        .where('org_id', '=', org.orgId)
        .executeTakeFirst();
      return row ? { type: row.type, awsManaged: false } : undefined;
    },

    async handshake(handshakeId) {
      const row = await db
        .selectFrom('org_handshakes as h')
        .innerJoin('org_organizations as o', 'o.id', 'h.org_id')
        .select(['h.action', 'o.id', 'o.management_account_id'])
        .where('h.id', '=', handshakeId)
        .executeTakeFirst();
      if (!row) return undefined;
      return { action: row.action, org: { orgId: row.id, managementAccountId: row.management_account_id } };
    },
  };
}
