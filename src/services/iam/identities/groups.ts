// IAM groups and their members: Create/Get/Update/Delete/ListGroups, Add/RemoveUserToGroup, ListGroupsForUser.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import { newUniqueId } from '../../../aws/ids.js';
import type { Database } from '../../../store/schema.js';
import { isUniqueViolation } from '../../../store/errors.js';
import { conflict, entityNotFound, nameTaken, quotaExceeded } from '../errors.js';
import { matchesPathPrefix, nameKey, pageOf, transactUnique } from '../common.js';
import { QUOTAS } from './quotas.js';
import { allInAccount, countInAccount, findGroup, membersOf, ownersOf, requireGroup, requireUser } from './entities.js';
import { groupView, userView } from './views.js';
import type { IamGroupsTable } from '../tables.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

async function isMember(db: Db, accountId: string, groupKey: string, userKey: string): Promise<boolean> {
  const row = await accountScope(db, accountId)
    .selectFrom('iam_group_members')
    .select('user_lc')
    .where('group_lc', '=', groupKey)
    .where('user_lc', '=', userKey)
    .executeTakeFirst();
  return row !== undefined;
}

/** Points memberships and the group's policies at its new name. */
async function moveGroupReferences(trx: Db, accountId: string, oldKey: string, newKey: string): Promise<void> {
  await accountScope(trx, accountId)
    .updateTable('iam_group_members')
    .set({ group_lc: newKey })
    .where('group_lc', '=', oldKey)
    .execute();
  for (const table of ['iam_attachments', 'iam_inline_policies'] as const) {
    await accountScope(trx, accountId)
      .updateTable(table)
      .set({ entity_lc: newKey })
      .where('entity_type', '=', 'group')
      .where('entity_lc', '=', oldKey)
      .execute();
  }
}

async function assertGroupDeletable(trx: Db, accountId: string, key: string): Promise<void> {
  const member = await accountScope(trx, accountId)
    .selectFrom('iam_group_members')
    .select('user_lc')
    .where('group_lc', '=', key)
    .limit(1)
    .executeTakeFirst();
  if (member) throw conflict('groupMembers');
  for (const [table, kind] of [
    ['iam_inline_policies', 'inlinePolicies'],
    ['iam_attachments', 'attachedPolicies'],
  ] as const) {
    const dependent = await accountScope(trx, accountId)
      .selectFrom(table)
      .select('entity_lc')
      .where('entity_type', '=', 'group')
      .where('entity_lc', '=', key)
      .limit(1)
      .executeTakeFirst();
    if (dependent) throw conflict(kind);
  }
}

export const createGroup: NonNullable<H['CreateGroup']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const row: IamGroupsTable = {
    account_id: accountId,
    name_lc: nameKey(input.GroupName),
    group_name: input.GroupName,
    group_id: newUniqueId('AGPA'),
    path: input.Path ?? '/',
    created_at: ctx.receivedAt.getTime(),
  };
  const taken = () => nameTaken('Group', input.GroupName);
  await transactUnique(ctx, taken, async (trx) => {
    if (await findGroup(trx, accountId, input.GroupName)) throw taken();
    if ((await countInAccount(trx, 'iam_groups', accountId)) >= QUOTAS.GroupsPerAccount) {
      throw quotaExceeded('GroupsPerAccount', QUOTAS.GroupsPerAccount);
    }
    await trx.insertInto('iam_groups').values(row).execute();
  });
  return { Group: groupView(ctx, row) };
};

export const getGroup: NonNullable<H['GetGroup']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const group = await requireGroup(db, accountId, input.GroupName);
  const members = (await membersOf(db, accountId, 'groupUsers', [group.name_lc])).get(group.name_lc) ?? [];
  return {
    Group: groupView(ctx, group),
    ...pageOf(
      ctx,
      'Users',
      members.map((u) => userView(ctx, u)),
      input,
    ),
  };
};

export const updateGroup: NonNullable<H['UpdateGroup']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const newName = input.NewGroupName;
  const taken = () => nameTaken('Group', newName ?? input.GroupName);
  await transactUnique(ctx, taken, async (trx) => {
    const row = await requireGroup(trx, accountId, input.GroupName);
    const name = newName ?? row.group_name;
    const key = nameKey(name);
    if (key !== row.name_lc) {
      if (await findGroup(trx, accountId, name)) throw taken();
      await moveGroupReferences(trx, accountId, row.name_lc, key);
    }
    await accountScope(trx, accountId)
      .updateTable('iam_groups')
      .set({ name_lc: key, group_name: name, path: input.NewPath ?? row.path })
      .where('name_lc', '=', row.name_lc)
      .execute();
  });
};

export const deleteGroup: NonNullable<H['DeleteGroup']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const row = await requireGroup(trx, accountId, input.GroupName);
    await assertGroupDeletable(trx, accountId, row.name_lc);
    await accountScope(trx, accountId).deleteFrom('iam_groups').where('name_lc', '=', row.name_lc).execute();
  });
};

export const listGroups: NonNullable<H['ListGroups']> = async (ctx, input) => {
  const rows = await allInAccount(ctx.runtime.store.db, ctx.identity.accountId, 'iam_groups');
  const groups = rows.filter((r) => matchesPathPrefix(r.path, input.PathPrefix)).map((r) => groupView(ctx, r));
  return pageOf(ctx, 'Groups', groups, input);
};

export const addUserToGroup: NonNullable<H['AddUserToGroup']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  try {
    await mutateIam(ctx, async (trx) => {
      const group = await requireGroup(trx, accountId, input.GroupName);
      const user = await requireUser(trx, accountId, input.UserName);
      // Adding a member again changes nothing and succeeds, as IAM does.
      if (await isMember(trx, accountId, group.name_lc, user.name_lc)) return;
      const { n } = await accountScope(trx, accountId)
        .selectFrom('iam_group_members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_lc', '=', user.name_lc)
        .executeTakeFirstOrThrow();
      if (Number(n) >= QUOTAS.GroupsPerUser) throw quotaExceeded('GroupsPerUser', QUOTAS.GroupsPerUser);
      await trx
        .insertInto('iam_group_members')
        .values({ account_id: accountId, group_lc: group.name_lc, user_lc: user.name_lc })
        .execute();
    });
  } catch (err) {
    // A concurrent AddUserToGroup of the same pair got there first: the membership exists, as asked.
    if (!isUniqueViolation(err)) throw err;
  }
};

export const removeUserFromGroup: NonNullable<H['RemoveUserFromGroup']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const group = await requireGroup(trx, accountId, input.GroupName);
    const user = await requireUser(trx, accountId, input.UserName);
    if (!(await isMember(trx, accountId, group.name_lc, user.name_lc))) throw entityNotFound('user', input.UserName);
    await accountScope(trx, accountId)
      .deleteFrom('iam_group_members')
      .where('group_lc', '=', group.name_lc)
      .where('user_lc', '=', user.name_lc)
      .execute();
  });
};

export const listGroupsForUser: NonNullable<H['ListGroupsForUser']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const user = await requireUser(db, accountId, input.UserName);
  const groups = await ownersOf(db, accountId, 'groupUsers', user.name_lc);
  return pageOf(
    ctx,
    'Groups',
    groups.map((g) => groupView(ctx, g)),
    input,
  );
};
