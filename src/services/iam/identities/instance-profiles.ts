// EC2 instance profiles: Create/Get/Delete/List, Add/RemoveRoleToInstanceProfile (one role each), per-role listing.
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import { newUniqueId } from '../../../aws/ids.js';
import { assertTags, loadTags, matchesPathPrefix, nameKey, putTags, removeTags } from '../common.js';
import { entityNotFound } from '../errors.js';
import { QUOTAS } from './quotas.js';
import { conflict, instanceProfileTaken, quotaExceeded } from '../errors.js';
import {
  countInAccount,
  instanceProfileView,
  pageOf,
  requireInstanceProfile,
  requireRole,
  rolesOfProfiles,
  transactUnique,
} from './rows.js';
import type { IamInstanceProfilesTable } from '../tables.js';

type H = Handlers<IAMOperations>;

export const createInstanceProfile: NonNullable<H['CreateInstanceProfile']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const tags = input.Tags ?? [];
  assertTags(tags);
  const row: IamInstanceProfilesTable = {
    account_id: accountId,
    name_lc: nameKey(input.InstanceProfileName),
    instance_profile_name: input.InstanceProfileName,
    instance_profile_id: newUniqueId('AIPA'),
    path: input.Path ?? '/',
    created_at: ctx.receivedAt.getTime(),
  };
  const taken = () => instanceProfileTaken(input.InstanceProfileName);
  await transactUnique(ctx, taken, async (trx) => {
    const existing = await trx
      .selectFrom('iam_instance_profiles')
      .select('name_lc')
      .where('account_id', '=', accountId)
      .where('name_lc', '=', row.name_lc)
      .executeTakeFirst();
    if (existing) throw taken();
    if ((await countInAccount(trx, 'iam_instance_profiles', accountId)) >= QUOTAS.InstanceProfilesPerAccount) {
      throw quotaExceeded('InstanceProfilesPerAccount', QUOTAS.InstanceProfilesPerAccount);
    }
    await trx.insertInto('iam_instance_profiles').values(row).execute();
    await putTags(trx, accountId, 'instance-profile', row.name_lc, tags);
  });
  return { InstanceProfile: instanceProfileView(ctx, row, [], tags) };
};

export const getInstanceProfile: NonNullable<H['GetInstanceProfile']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const row = await requireInstanceProfile(db, accountId, input.InstanceProfileName);
  const roles = (await rolesOfProfiles(db, accountId, [row.name_lc])).get(row.name_lc) ?? [];
  const tags = await loadTags(db, accountId, 'instance-profile', row.name_lc);
  return { InstanceProfile: instanceProfileView(ctx, row, roles, tags) };
};

export const deleteInstanceProfile: NonNullable<H['DeleteInstanceProfile']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const row = await requireInstanceProfile(trx, accountId, input.InstanceProfileName);
    const member = await trx
      .selectFrom('iam_instance_profile_roles')
      .select('role_lc')
      .where('account_id', '=', accountId)
      .where('profile_lc', '=', row.name_lc)
      .executeTakeFirst();
    if (member) throw conflict('instanceProfiles');
    await removeTags(trx, accountId, 'instance-profile', row.name_lc);
    await trx
      .deleteFrom('iam_instance_profiles')
      .where('account_id', '=', accountId)
      .where('name_lc', '=', row.name_lc)
      .execute();
  });
};

export const listInstanceProfiles: NonNullable<H['ListInstanceProfiles']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const rows = (
    await db
      .selectFrom('iam_instance_profiles')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('name_lc')
      .execute()
  ).filter((r) => matchesPathPrefix(r.path, input.PathPrefix));
  const page = pageOf(ctx, 'InstanceProfiles', rows, input);
  const roles = await rolesOfProfiles(
    db,
    accountId,
    page.InstanceProfiles.map((r) => r.name_lc),
  );
  return {
    ...page,
    InstanceProfiles: page.InstanceProfiles.map((r) => instanceProfileView(ctx, r, roles.get(r.name_lc) ?? [])),
  };
};

export const addRoleToInstanceProfile: NonNullable<H['AddRoleToInstanceProfile']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const profile = await requireInstanceProfile(trx, accountId, input.InstanceProfileName);
    const role = await requireRole(trx, accountId, input.RoleName);
    const { n } = await trx
      .selectFrom('iam_instance_profile_roles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('profile_lc', '=', profile.name_lc)
      .executeTakeFirstOrThrow();
    if (Number(n) >= QUOTAS.InstanceSessionsPerInstanceProfile)
      throw quotaExceeded('InstanceSessionsPerInstanceProfile', QUOTAS.InstanceSessionsPerInstanceProfile);
    await trx
      .insertInto('iam_instance_profile_roles')
      .values({ account_id: accountId, profile_lc: profile.name_lc, role_lc: role.name_lc })
      .execute();
  });
};

export const removeRoleFromInstanceProfile: NonNullable<H['RemoveRoleFromInstanceProfile']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const profile = await requireInstanceProfile(trx, accountId, input.InstanceProfileName);
    const role = await requireRole(trx, accountId, input.RoleName);
    const removed = await trx
      .deleteFrom('iam_instance_profile_roles')
      .where('account_id', '=', accountId)
      .where('profile_lc', '=', profile.name_lc)
      .where('role_lc', '=', role.name_lc)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw entityNotFound('role', input.RoleName);
  });
};

export const listInstanceProfilesForRole: NonNullable<H['ListInstanceProfilesForRole']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const role = await requireRole(db, accountId, input.RoleName);
  const profiles = await db
    .selectFrom('iam_instance_profile_roles as m')
    .innerJoin('iam_instance_profiles as p', (j) =>
      j.onRef('p.account_id', '=', 'm.account_id').onRef('p.name_lc', '=', 'm.profile_lc'),
    )
    .selectAll('p')
    .where('m.account_id', '=', accountId)
    .where('m.role_lc', '=', role.name_lc)
    .orderBy('p.name_lc')
    .execute();
  const page = pageOf(ctx, 'InstanceProfiles', profiles, input);
  const roles = await rolesOfProfiles(
    db,
    accountId,
    page.InstanceProfiles.map((p) => p.name_lc),
  );
  return {
    ...page,
    InstanceProfiles: page.InstanceProfiles.map((p) => instanceProfileView(ctx, p, roles.get(p.name_lc) ?? [])),
  };
};
