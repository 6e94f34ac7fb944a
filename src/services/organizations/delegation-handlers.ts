// Trusted access and delegated administrators for the AWS services Warden implements.
import { AwsError } from '../../aws/error.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { DelegatedAdministrator, OrganizationsOperations } from '../../aws/generated/organizations.js';
import { constraintViolation, invalidInput } from './errors.js';
import type { OrgRecord } from './org-context.js';
import { managedOrg, readableOrg } from './org-context.js';
import { requireMember } from './account-handlers.js';
import { mutate } from './mutate.js';
import { paginate } from './paging.js';
import { accountView } from './views.js';
import type { Db } from './org-context.js';
import { otherAccountScope } from '../../store/account-scope.js';
import { TRUSTED_ACCESS_PRINCIPALS } from './trusted-services.js';

/** Service principals of the services Warden serves that integrate with Organizations, with their admin quotas. */
export const DELEGABLE_SERVICES: ReadonlyMap<string, number> = new Map([
  ['cloudtrail.amazonaws.com', 3],
  ['guardduty.amazonaws.com', 1],
  ['malware-protection.guardduty.amazonaws.com', 1],
  ['inspector2.amazonaws.com', 1],
  ['iam.amazonaws.com', 1],
]);

const unrecognized = () =>
  invalidInput('UNRECOGNIZED_SERVICE_PRINCIPAL', 'You specified an unrecognized service principal.');

/** Delegated administrators: for the services Warden implements. */
function requireKnownService(principal: string): void {
  if (!DELEGABLE_SERVICES.has(principal)) throw unrecognized();
}

/** Trusted access: every service AWS documents as supporting it. */
function requireTrustedService(principal: string): void {
  if (!TRUSTED_ACCESS_PRINCIPALS.has(principal)) throw unrecognized();
}

const notRegistered = () =>
  new AwsError(
    'AccountNotRegisteredException',
    'The provided account is not a registered delegated administrator for your organization.',
  );

async function delegatedAdminViews(
  db: Db,
  org: OrgRecord,
  servicePrincipal?: string,
): Promise<DelegatedAdministrator[]> {
  let query = db
    .selectFrom('org_delegated_admins as d')
    .innerJoin('org_accounts as m', 'm.account_id', 'd.account_id')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .select([
      'a.id',
      'a.email',
      'a.name',
      'a.status',
      'a.created_at',
      'm.account_id',
      'm.org_id',
      'm.parent_id',
      'm.joined_method',
      'm.joined_at',
      'd.registered_at',
    ])
    .where('d.org_id', '=', org.id);
  if (servicePrincipal !== undefined) query = query.where('d.service_principal', '=', servicePrincipal);
  const rows = await query.orderBy('d.registered_at').execute();
  const byAccount = new Map<string, DelegatedAdministrator>();
  for (const row of rows) {
    if (byAccount.has(row.id)) continue;
    const account = accountView(org.scope, row, row);
    byAccount.set(row.id, { ...account, DelegationEnabledDate: new Date(row.registered_at) });
  }
  return [...byAccount.values()];
}

export const delegationHandlers: Handlers<OrganizationsOperations> = {
  async EnableAWSServiceAccess(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      requireTrustedService(input.ServicePrincipal);
      if (org.featureSet !== 'ALL') {
        throw constraintViolation(
          'ORGANIZATION_NOT_IN_ALL_FEATURES_MODE',
          'You can enable trusted access only in an organization with all features enabled.',
        );
      }
      await trx
        .insertInto('org_service_access')
        .values({ org_id: org.id, service_principal: input.ServicePrincipal, enabled_at: Date.now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
    });
  },

  async DisableAWSServiceAccess(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      requireTrustedService(input.ServicePrincipal);
      await trx
        .deleteFrom('org_service_access')
        .where('org_id', '=', org.id)
        .where('service_principal', '=', input.ServicePrincipal)
        .execute();
    });
  },

  async ListAWSServiceAccessForOrganization(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    const rows = await db
      .selectFrom('org_service_access')
      .selectAll()
      .where('org_id', '=', org.id)
      .orderBy('service_principal')
      .execute();
    const page = paginate(
      ctx,
      rows.map((r) => ({ ServicePrincipal: r.service_principal, DateEnabled: new Date(r.enabled_at) })),
      input,
    );
    return { EnabledServicePrincipals: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async RegisterDelegatedAdministrator(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      await requireMember(trx, org, input.AccountId);
      requireKnownService(input.ServicePrincipal);
      if (input.AccountId === org.managementAccountId) {
        throw constraintViolation(
          'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
          "You can't register the management account of the organization as a delegated administrator for an AWS service integrated with Organizations.",
        );
      }
      const account = await trx
        .selectFrom('accounts')
        .select('status')
        .where('id', '=', input.AccountId)
        .executeTakeFirstOrThrow();
      if (account.status !== 'ACTIVE') {
        throw constraintViolation(
          'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR',
          "You can't register a suspended account as a delegated administrator.",
        );
      }
      const access = await trx
        .selectFrom('org_service_access')
        .select('service_principal')
        .where('org_id', '=', org.id)
        .where('service_principal', '=', input.ServicePrincipal)
        .executeTakeFirst();
      if (!access) {
        throw constraintViolation(
          'SERVICE_ACCESS_NOT_ENABLED',
          'You attempted to register a delegated administrator for a service that does not have trusted access enabled in your organization.',
        );
      }
      const current = await trx
        .selectFrom('org_delegated_admins')
        .select('account_id')
        .where('org_id', '=', org.id)
        .where('service_principal', '=', input.ServicePrincipal)
        .execute();
      if (current.some((r) => r.account_id === input.AccountId)) {
        throw new AwsError(
          'AccountAlreadyRegisteredException',
          'The provided account is already a delegated administrator for your organization.',
        );
      }
      if (current.length >= (DELEGABLE_SERVICES.get(input.ServicePrincipal) ?? 1)) {
        throw constraintViolation(
          'MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED',
          'You attempted to register more delegated administrators than allowed for the service principal.',
        );
      }
      await trx
        .insertInto('org_delegated_admins')
        .values({
          org_id: org.id,
          account_id: input.AccountId,
          service_principal: input.ServicePrincipal,
          registered_at: Date.now(),
        })
        .execute();
    });
  },

  async DeregisterDelegatedAdministrator(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      await requireMember(trx, org, input.AccountId);
      requireKnownService(input.ServicePrincipal);
      // The management account deregisters a member: another account's delegation.
      const removed = await otherAccountScope(trx, input.AccountId)
        .deleteFrom('org_delegated_admins')
        .where('org_id', '=', org.id)
        .where('service_principal', '=', input.ServicePrincipal)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notRegistered();
    });
  },

  async ListDelegatedAdministrators(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    if (input.ServicePrincipal !== undefined) requireKnownService(input.ServicePrincipal);
    const page = paginate(ctx, await delegatedAdminViews(db, org, input.ServicePrincipal), input);
    return { DelegatedAdministrators: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async ListDelegatedServicesForAccount(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    await requireMember(db, org, input.AccountId);
    // The organization reads a member's delegations: another account's rows.
    const rows = await otherAccountScope(db, input.AccountId)
      .selectFrom('org_delegated_admins')
      .selectAll()
      .where('org_id', '=', org.id)
      .orderBy('service_principal')
      .execute();
    if (rows.length === 0) throw notRegistered();
    const page = paginate(
      ctx,
      rows.map((r) => ({ ServicePrincipal: r.service_principal, DelegationEnabledDate: new Date(r.registered_at) })),
      input,
    );
    return { DelegatedServices: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },
};
