// IAM users: CreateUser, GetUser, UpdateUser (renames carry every reference along), DeleteUser, ListUsers.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, User } from '../../../aws/generated/iam.js';
import { newUniqueId } from '../../../aws/ids.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import {
  assertTags,
  epochToDate,
  loadTags,
  matchesPathPrefix,
  nameKey,
  pageOf,
  putTags,
  removeTags,
  transactUnique,
} from '../common.js';
import { QUOTAS } from './quotas.js';
import { conflict, nameTaken, quotaExceeded, userNameRequired } from '../errors.js';
import { allInAccount, countInAccount, findUser, requireUser } from './entities.js';
import { userView } from './views.js';
import { acceptBoundaryPolicy } from '../policies/permissions-boundary.js';
import type { IamUsersTable } from '../tables.js';
import { mutateIam } from '../mutate.js';
import { assertNoUserCredentials } from '../credentials/user-dependents.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

/** The tables that refer to a user by its lower-cased name, with the column holding it. */
const USER_REFERENCES = [
  { table: 'iam_group_members', column: 'user_lc' },
  { table: 'iam_login_profiles', column: 'user_lc' },
  { table: 'iam_mfa_devices', column: 'user_lc' },
] as const;

/** The user named, or the caller itself when no name is given (GetUser's documented default). */
async function userOrCaller(ctx: RequestContext, userName: string | undefined): Promise<{ User: User }> {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const name = userName ?? (ctx.identity.type === 'IAMUser' ? ctx.identity.userName : undefined);
  if (name !== undefined) {
    const row = await requireUser(db, accountId, name);
    return { User: userView(ctx, row, { tags: await loadTags(db, accountId, 'user', row.name_lc) }) };
  }
  if (ctx.identity.type !== 'Root') {
    throw userNameRequired();
  }
  // The root user is no IAM user: IAM answers with the account's id, root ARN and creation date only.
  const account = await db.selectFrom('accounts').select('created_at').where('id', '=', accountId).executeTakeFirst();
  return {
    User: {
      UserId: accountId,
      Arn: ctx.identity.arn,
      CreateDate: epochToDate(account?.created_at ?? ctx.receivedAt.getTime()),
    } as User,
  };
}

/** Points every row that names the user (keys, groups, policies, tags, password, MFA) at its new name. */
async function moveUserReferences(trx: Db, accountId: string, row: IamUsersTable, newName: string): Promise<void> {
  const newKey = nameKey(newName);
  await accountScope(trx, accountId)
    .updateTable('access_keys')
    .set({ user_name: newName })
    .where(sql<string>`lower(user_name)`, '=', row.name_lc)
    .execute();
  if (newKey === row.name_lc) return;
  for (const { table, column } of USER_REFERENCES) {
    await accountScope(trx, accountId)
      .updateTable(table)
      .set({ [column]: newKey })
      .where(column, '=', row.name_lc)
      .execute();
  }
  for (const table of ['iam_attachments', 'iam_inline_policies'] as const) {
    await accountScope(trx, accountId)
      .updateTable(table)
      .set({ entity_lc: newKey })
      .where('entity_type', '=', 'user')
      .where('entity_lc', '=', row.name_lc)
      .execute();
  }
  await accountScope(trx, accountId)
    .updateTable('iam_tags')
    .set({ resource_key: newKey })
    .where('resource_type', '=', 'user')
    .where('resource_key', '=', row.name_lc)
    .execute();
}

async function exists(query: { executeTakeFirst(): Promise<unknown> }): Promise<boolean> {
  return (await query.executeTakeFirst()) !== undefined;
}

/** DeleteUser's DeleteConflict checks, one dependent kind at a time, each with IAM's message. */
async function assertUserDeletable(trx: Db, accountId: string, row: IamUsersTable): Promise<void> {
  const key = row.name_lc;
  const hasAccessKeys = exists(
    accountScope(trx, accountId)
      .selectFrom('access_keys')
      .select('access_key_id')
      .where(sql<string>`lower(user_name)`, '=', key)
      .limit(1),
  );
  if (await hasAccessKeys) throw conflict('accessKeys');
  const byUser = (table: 'iam_login_profiles' | 'iam_mfa_devices' | 'iam_group_members') =>
    exists(accountScope(trx, accountId).selectFrom(table).select('user_lc').where('user_lc', '=', key).limit(1));
  if (await byUser('iam_login_profiles')) throw conflict('loginProfile');
  if (await byUser('iam_mfa_devices')) throw conflict('mfaDevices');
  await assertNoUserCredentials(trx, accountId, row);
  const byEntity = (table: 'iam_inline_policies' | 'iam_attachments') =>
    exists(
      accountScope(trx, accountId)
        .selectFrom(table)
        .select('entity_lc')
        .where('entity_type', '=', 'user')
        .where('entity_lc', '=', key)
        .limit(1),
    );
  if (await byEntity('iam_inline_policies')) throw conflict('inlinePolicies');
  if (await byEntity('iam_attachments')) throw conflict('attachedPolicies');
  if (await byUser('iam_group_members')) throw conflict('groupMembers');
}

export const createUser: NonNullable<H['CreateUser']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const tags = input.Tags ?? [];
  assertTags(tags);
  const boundary =
    input.PermissionsBoundary === undefined
      ? null
      : await acceptBoundaryPolicy(ctx.runtime.store.db, accountId, ctx.partition, input.PermissionsBoundary);
  const row: IamUsersTable = {
    account_id: accountId,
    name_lc: nameKey(input.UserName),
    user_name: input.UserName,
    user_id: newUniqueId('AIDA'),
    path: input.Path ?? '/',
    created_at: ctx.receivedAt.getTime(),
    permissions_boundary_arn: boundary,
    password_last_used: null,
  };
  const taken = () => nameTaken('User', input.UserName);
  await transactUnique(ctx, taken, async (trx) => {
    if (await findUser(trx, accountId, input.UserName)) throw taken();
    if ((await countInAccount(trx, 'iam_users', accountId)) >= QUOTAS.UsersPerAccount) {
      throw quotaExceeded('UsersPerAccount', QUOTAS.UsersPerAccount);
    }
    await trx.insertInto('iam_users').values(row).execute();
    await putTags(trx, accountId, 'user', row.name_lc, tags);
  });
  return { User: userView(ctx, row, { tags }) };
};

export const getUser: NonNullable<H['GetUser']> = (ctx, input) => userOrCaller(ctx, input.UserName);

export const updateUser: NonNullable<H['UpdateUser']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const newName = input.NewUserName;
  const taken = () => nameTaken('User', newName ?? input.UserName);
  await transactUnique(ctx, taken, async (trx) => {
    const row = await requireUser(trx, accountId, input.UserName);
    const name = newName ?? row.user_name;
    if (nameKey(name) !== row.name_lc && (await findUser(trx, accountId, name))) throw taken();
    if (name !== row.user_name) await moveUserReferences(trx, accountId, row, name);
    await accountScope(trx, accountId)
      .updateTable('iam_users')
      .set({ name_lc: nameKey(name), user_name: name, path: input.NewPath ?? row.path })
      .where('name_lc', '=', row.name_lc)
      .execute();
  });
};

export const deleteUser: NonNullable<H['DeleteUser']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const row = await requireUser(trx, accountId, input.UserName);
    await assertUserDeletable(trx, accountId, row);
    await removeTags(trx, accountId, 'user', row.name_lc);
    // Retired passwords are keyed by the unique id, which no later user gets: they would only linger.
    await accountScope(trx, accountId).deleteFrom('iam_password_history').where('user_id', '=', row.user_id).execute();
    await accountScope(trx, accountId).deleteFrom('iam_users').where('name_lc', '=', row.name_lc).execute();
  });
};

export const listUsers: NonNullable<H['ListUsers']> = async (ctx, input) => {
  const rows = await allInAccount(ctx.runtime.store.db, ctx.identity.accountId, 'iam_users');
  const users = rows.filter((r) => matchesPathPrefix(r.path, input.PathPrefix)).map((r) => userView(ctx, r));
  return pageOf(ctx, 'Users', users, input);
};
