// CreateOrganization, DescribeOrganization, DeleteOrganization, LeaveOrganization and ListRoots.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { Organization, OrganizationsOperations } from '../../aws/generated/organizations.js';
import { AwsError } from '../../aws/error.js';
import { isUniqueViolation } from '../../store/errors.js';
import { alreadyInOrganization } from './errors.js';
import { accountArn, newOrganizationId, newRootId, organizationArn } from './ids.js';
import type { Db, OrgRecord } from './org-context.js';
import { callerOrg, managedOrg, orgOfAccount, readableOrg, rootPolicyTypes } from './org-context.js';
import { forgetMember } from './attachments.js';
import { mutate } from './mutate.js';
import { paginate } from './paging.js';
import { rootView } from './views.js';

const ORG_TABLES = [
  'org_policy_attachments',
  'org_policies',
  'org_units',
  'org_roots',
  'org_handshakes',
  'org_delegated_admins',
  'org_service_access',
  'org_tags',
  'org_create_account_status',
  'org_accounts',
] as const;

async function organizationView(db: Db, org: OrgRecord): Promise<Organization> {
  const manager = await db
    .selectFrom('accounts')
    .select('email')
    .where('id', '=', org.managementAccountId)
    .executeTakeFirst();
  const scp = (await rootPolicyTypes(db, org)).filter((p) => p.Type === 'SERVICE_CONTROL_POLICY');
  return {
    Id: org.id,
    Arn: organizationArn(org.scope),
    FeatureSet: org.featureSet as Organization['FeatureSet'],
    MasterAccountArn: accountArn(org.scope, org.managementAccountId),
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: manager?.email ?? '',
    // Deprecated by AWS: it lists the SCP type's status from the root.
    AvailablePolicyTypes: scp as Organization['AvailablePolicyTypes'],
  };
}

export const organizationHandlers: Handlers<OrganizationsOperations> = {
  async CreateOrganization(ctx, input) {
    const featureSet = input.FeatureSet ?? 'ALL';
    const accountId = ctx.identity.accountId;
    const org = await mutate(ctx, async (trx) => {
      if (await orgOfAccount(trx, accountId, ctx.partition)) throw alreadyInOrganization();
      const id = newOrganizationId();
      const rootId = newRootId();
      const now = ctx.receivedAt.getTime();
      await trx
        .insertInto('org_organizations')
        .values({ id, management_account_id: accountId, feature_set: featureSet, created_at: now })
        .execute();
      await trx.insertInto('org_roots').values({ id: rootId, org_id: id, name: 'Root', policy_types: '[]' }).execute();
      await trx
        .insertInto('org_accounts')
        .values({ account_id: accountId, org_id: id, parent_id: rootId, joined_method: 'CREATED', joined_at: now })
        .execute();
      const record = (await orgOfAccount(trx, accountId, ctx.partition))!;
      return organizationView(trx, record);
    }).catch((err: unknown) => {
      // Two CreateOrganization calls at once: the loser finds the winner's membership.
      throw isUniqueViolation(err) ? alreadyInOrganization() : err;
    });
    return { Organization: org };
  },

  async DescribeOrganization(ctx) {
    const db = ctx.runtime.store.db;
    return { Organization: await organizationView(db, await callerOrg(ctx, db)) };
  },

  async DeleteOrganization(ctx) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const members = await trx
        .selectFrom('org_accounts')
        .select('account_id')
        .where('org_id', '=', org.id)
        .where('account_id', '!=', org.managementAccountId)
        .execute();
      if (members.length > 0) {
        throw new AwsError(
          'OrganizationNotEmptyException',
          'To delete an organization you must first remove all member accounts (except the management account).',
        );
      }
      for (const table of ORG_TABLES) await trx.deleteFrom(table).where('org_id', '=', org.id).execute();
      await trx.deleteFrom('org_organizations').where('id', '=', org.id).execute();
    });
  },

  async LeaveOrganization(ctx) {
    await mutate(ctx, async (trx) => {
      const org = await callerOrg(ctx, trx);
      if (org.managementAccountId === ctx.identity.accountId) {
        throw new AwsError(
          'MasterCannotLeaveOrganizationException',
          "You can't remove the management account from an organization. You must delete the organization instead.",
        );
      }
      await forgetMember(trx, org.id, ctx.identity.accountId);
    });
  },

  async ListRoots(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    const page = paginate(ctx, [rootView(org.scope, org.rootId, await rootPolicyTypes(db, org))], input);
    return { Roots: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },
};
