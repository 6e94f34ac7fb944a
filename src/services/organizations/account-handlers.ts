// Member accounts: CreateAccount and its status, DescribeAccount, ListAccounts*, CloseAccount, RemoveAccountFromOrganization.
import { sql } from 'kysely';
import { AwsError } from '../../aws/error.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { CreateAccountStatus, OrganizationsOperations } from '../../aws/generated/organizations.js';
import { newAccountId } from '../../aws/ids.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountNotFound, constraintViolation, createAccountStatusNotFound, parentNotFound } from './errors.js';
import { newCreateAccountRequestId } from './ids.js';
import type { Db, OrgRecord } from './org-context.js';
import { entityKind, managedOrg, readableOrg } from './org-context.js';
import { forgetMember } from './attachments.js';
import { scheduleSettlement, settleAccountRequests } from './create-account.js';
import { CLOSING_STATE, completeClosures, scheduleClosure } from './close-account.js';
import { mutate } from './mutate.js';
import { paginate } from './paging.js';
import type { OrgCreateAccountStatusTable } from './tables.js';
import { accountView } from './views.js';

function statusView(row: OrgCreateAccountStatusTable): CreateAccountStatus {
  return {
    Id: row.id,
    AccountName: row.account_name,
    State: row.state as CreateAccountStatus['State'],
    RequestedTimestamp: new Date(row.requested_at),
    ...(row.completed_at !== null ? { CompletedTimestamp: new Date(row.completed_at) } : {}),
    ...(row.state === 'SUCCEEDED' ? { AccountId: row.account_id } : {}),
    ...(row.failure_reason && row.state === 'FAILED'
      ? { FailureReason: row.failure_reason as CreateAccountStatus['FailureReason'] }
      : {}),
  };
}

/** A readable org with its finished account requests and closures applied, so reads never show a stale state. */
async function settledOrg(ctx: RequestContext): Promise<OrgRecord> {
  const org = await readableOrg(ctx, ctx.runtime.store.db);
  await settleAccountRequests(ctx.runtime, org.id, ctx.partition);
  await completeClosures(ctx.runtime.store.db, org.id);
  return org;
}

async function membersView(db: Db, org: OrgRecord, parentId?: string) {
  let query = db
    .selectFrom('org_accounts as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .selectAll()
    .where('m.org_id', '=', org.id);
  if (parentId !== undefined) query = query.where('m.parent_id', '=', parentId);
  const rows = await query.orderBy('m.joined_at').orderBy('a.id').execute();
  return rows.map((r) =>
    accountView(org.scope, { id: r.id, email: r.email, name: r.name, status: r.status, created_at: r.created_at }, r),
  );
}

/** The member account id of org, or AccountNotFoundException. */
export async function requireMember(db: Db, org: OrgRecord, accountId: string): Promise<void> {
  if ((await entityKind(db, org, accountId)) !== 'ACCOUNT') throw accountNotFound();
}

export const accountHandlers: Handlers<OrganizationsOperations> = {
  async CreateAccount(ctx, input) {
    const row = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      let accountId = newAccountId();
      while (await trx.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst()) {
        accountId = newAccountId();
      }
      // A second request for an email still being created fails as AWS's CONCURRENT_ACCOUNT_MODIFICATION.
      const concurrent = await trx
        .selectFrom('org_create_account_status')
        .select('id')
        .where('org_id', '=', org.id)
        .where('state', '=', 'IN_PROGRESS')
        .where(sql<string>`lower(email)`, '=', input.Email.toLowerCase())
        .executeTakeFirst();
      const request: OrgCreateAccountStatusTable = {
        id: newCreateAccountRequestId(),
        org_id: org.id,
        account_name: input.AccountName,
        email: input.Email,
        role_name: input.RoleName ?? 'OrganizationAccountAccessRole',
        account_id: accountId,
        state: 'IN_PROGRESS',
        failure_reason: concurrent ? 'CONCURRENT_ACCOUNT_MODIFICATION' : null,
        tags: JSON.stringify(input.Tags ?? []),
        requested_at: ctx.receivedAt.getTime(),
        completed_at: null,
      };
      await trx.insertInto('org_create_account_status').values(request).execute();
      return request;
    });
    scheduleSettlement(ctx.runtime, row.org_id, ctx.partition);
    return { CreateAccountStatus: statusView(row) };
  },

  async DescribeCreateAccountStatus(ctx, input) {
    const org = await settledOrg(ctx);
    const row = await ctx.runtime.store.db
      .selectFrom('org_create_account_status')
      .selectAll()
      .where('id', '=', input.CreateAccountRequestId)
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    if (!row) throw createAccountStatusNotFound();
    return { CreateAccountStatus: statusView(row) };
  },

  async ListCreateAccountStatus(ctx, input) {
    const org = await settledOrg(ctx);
    let query = ctx.runtime.store.db.selectFrom('org_create_account_status').selectAll().where('org_id', '=', org.id);
    if (input.States && input.States.length > 0) query = query.where('state', 'in', input.States);
    const rows = await query.orderBy('requested_at').orderBy('id').execute();
    const page = paginate(ctx, rows.map(statusView), input);
    return { CreateAccountStatuses: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async DescribeAccount(ctx, input) {
    const org = await settledOrg(ctx);
    const account = (await membersView(ctx.runtime.store.db, org)).find((a) => a.Id === input.AccountId);
    if (!account) throw accountNotFound();
    return { Account: account };
  },

  async ListAccounts(ctx, input) {
    const org = await settledOrg(ctx);
    const page = paginate(ctx, await membersView(ctx.runtime.store.db, org), input);
    return { Accounts: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async ListAccountsForParent(ctx, input) {
    const org = await settledOrg(ctx);
    const db = ctx.runtime.store.db;
    const kind = await entityKind(db, org, input.ParentId);
    if (kind !== 'ROOT' && kind !== 'ORGANIZATIONAL_UNIT') throw parentNotFound();
    const page = paginate(ctx, await membersView(db, org, input.ParentId), input);
    return { Accounts: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async CloseAccount(ctx, input) {
    const orgId = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      await requireMember(trx, org, input.AccountId);
      if (input.AccountId === org.managementAccountId) {
        throw constraintViolation(
          'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
          "You can't close the management account with CloseAccount. Close it from the account's own settings.",
        );
      }
      const account = await trx
        .selectFrom('accounts')
        .select('status')
        .where('id', '=', input.AccountId)
        .executeTakeFirstOrThrow();
      if (account.status !== 'ACTIVE') {
        throw new AwsError(
          'AccountAlreadyClosedException',
          'You attempted to close an account that is already closed.',
        );
      }
      // PENDING_CLOSURE until the background step suspends it; its credentials stop working at once either way.
      await trx.updateTable('accounts').set({ status: CLOSING_STATE }).where('id', '=', input.AccountId).execute();
      return org.id;
    });
    scheduleClosure(ctx.runtime, orgId);
  },

  async RemoveAccountFromOrganization(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      await requireMember(trx, org, input.AccountId);
      if (input.AccountId === org.managementAccountId) {
        throw new AwsError(
          'MasterCannotLeaveOrganizationException',
          "You can't remove the management account from an organization. You must delete the organization instead.",
        );
      }
      await forgetMember(trx, org.id, input.AccountId);
    });
  },
};
