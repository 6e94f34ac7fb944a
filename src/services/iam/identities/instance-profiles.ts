// EC2 instance profiles: Create/Get/Delete/List, Add/RemoveRoleToInstanceProfile (one role each), per-role listing.
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import { newUniqueId } from '../../../aws/ids.js';
import type { RequestContext } from '../../../core/runtime.js';
import {
  assertTags,
  loadTags,
  matchesPathPrefix,
  nameKey,
  pageOf,
  putTags,
  removeTags,
  transactUnique,
} from '../common.js';
import { conflict, entityNotFound, instanceProfileTaken, quotaExceeded } from '../errors.js';
import { QUOTAS } from './quotas.js';
import {
  allInAccount,
  countInAccount,
  findInstanceProfile,
  membersOf,
  ownersOf,
  requireInstanceProfile,
  requireRole,
} from './entities.js';
import { instanceProfileView } from './views.js';
import type { IamInstanceProfilesTable } from '../tables.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

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
    if (await findInstanceProfile(trx, accountId, input.InstanceProfileName)) throw taken();
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
  const roles = (await membersOf(db, accountId, 'profileRoles', [row.name_lc])).get(row.name_lc) ?? [];
  const tags = await loadTags(db, accountId, 'instance-profile', row.name_lc);
  return { InstanceProfile: instanceProfileView(ctx, row, roles, tags) };
};

export const deleteInstanceProfile: NonNullable<H['DeleteInstanceProfile']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const row = await requireInstanceProfile(trx, accountId, input.InstanceProfileName);
    const member = await accountScope(trx, accountId)
      .selectFrom('iam_instance_profile_roles')
      .select('role_lc')
      .where('profile_lc', '=', row.name_lc)
      .executeTakeFirst();
    if (member) throw conflict('instanceProfiles');
    await removeTags(trx, accountId, 'instance-profile', row.name_lc);
    await accountScope(trx, accountId).deleteFrom('iam_instance_profiles').where('name_lc', '=', row.name_lc).execute();
  });
};

/** A page of instance profiles, each shown with its role (read for the page's profiles only). */
async function profilesPage(
  ctx: RequestContext,
  profiles: IamInstanceProfilesTable[],
  input: { Marker?: string; MaxItems?: number },
) {
  const page = pageOf(ctx, 'InstanceProfiles', profiles, input);
  const keys = page.InstanceProfiles.map((p) => p.name_lc);
  const roles = await membersOf(ctx.runtime.store.db, ctx.identity.accountId, 'profileRoles', keys);
  return {
    ...page,
    InstanceProfiles: page.InstanceProfiles.map((p) => instanceProfileView(ctx, p, roles.get(p.name_lc) ?? [])),
  };
}

export const listInstanceProfiles: NonNullable<H['ListInstanceProfiles']> = async (ctx, input) => {
  const rows = await allInAccount(ctx.runtime.store.db, ctx.identity.accountId, 'iam_instance_profiles');
  return profilesPage(
    ctx,
    rows.filter((r) => matchesPathPrefix(r.path, input.PathPrefix)),
    input,
  );
};

export const addRoleToInstanceProfile: NonNullable<H['AddRoleToInstanceProfile']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const profile = await requireInstanceProfile(trx, accountId, input.InstanceProfileName);
    const role = await requireRole(trx, accountId, input.RoleName);
    const { n } = await accountScope(trx, accountId)
      .selectFrom('iam_instance_profile_roles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
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
  await mutateIam(ctx, async (trx) => {
    const profile = await requireInstanceProfile(trx, accountId, input.InstanceProfileName);
    const role = await requireRole(trx, accountId, input.RoleName);
    const removed = await accountScope(trx, accountId)
      .deleteFrom('iam_instance_profile_roles')
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
  return profilesPage(ctx, await ownersOf(db, accountId, 'profileRoles', role.name_lc), input);
};
