// The tree: OUs under the root (at most five deep), ListChildren/ListParents, and MoveAccount between parents.
import { AwsError } from '../../aws/error.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { OrganizationsOperations } from '../../aws/generated/organizations.js';
import { isUniqueViolation } from '../../store/errors.js';
import { accountNotFound, childNotFound, constraintViolation, ouNotFound, parentNotFound } from './errors.js';
import { newOuId } from './ids.js';
import type { Db, OrgRecord } from './org-context.js';
import { ancestry, entityKind, managedOrg, parentOf, pathOf, readableOrg } from './org-context.js';
import { attachDefaults } from './attachments.js';
import { mutate } from './mutate.js';
import { paginate } from './paging.js';
import { putTags } from './tags.js';
import { ouView } from './views.js';
import { otherAccountScope } from '../../store/account-scope.js';

/** AWS allows OUs five levels below the root. */
export const MAX_OU_DEPTH = 5;

const duplicateOu = () =>
  new AwsError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');

async function requireParent(db: Db, org: OrgRecord, id: string, missing: () => AwsError = parentNotFound) {
  const kind = await entityKind(db, org, id);
  if (kind !== 'ROOT' && kind !== 'ORGANIZATIONAL_UNIT') throw missing();
}

async function ouRow(db: Db, org: OrgRecord, id: string) {
  const row = await db
    .selectFrom('org_units')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', org.id)
    .executeTakeFirst();
  if (!row) throw ouNotFound();
  return row;
}

/** Runs a write that may collide with a sibling OU's name; the unique index answers DuplicateOrganizationalUnit. */
async function uniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw isUniqueViolation(err) ? duplicateOu() : err;
  }
}

export const hierarchyHandlers: Handlers<OrganizationsOperations> = {
  async CreateOrganizationalUnit(ctx, input) {
    const ou = await uniqueName(() =>
      mutate(ctx, async (trx) => {
        const org = await managedOrg(ctx, trx);
        await requireParent(trx, org, input.ParentId);
        if ((await ancestry(trx, org, input.ParentId)).length > MAX_OU_DEPTH) {
          throw constraintViolation(
            'OU_DEPTH_LIMIT_EXCEEDED',
            'You have exceeded the maximum depth of nested organizational units.',
          );
        }
        const row = {
          id: newOuId(org.rootId),
          org_id: org.id,
          parent_id: input.ParentId,
          name: input.Name,
          created_at: Date.now(),
        };
        await trx.insertInto('org_units').values(row).execute();
        await attachDefaults(trx, org, row.id);
        if (input.Tags) await putTags(trx, org, row.id, input.Tags);
        return ouView(org.scope, row, await pathOf(trx, org, row.id));
      }),
    );
    return { OrganizationalUnit: ou };
  },

  async UpdateOrganizationalUnit(ctx, input) {
    const ou = await uniqueName(() =>
      mutate(ctx, async (trx) => {
        const org = await managedOrg(ctx, trx);
        const row = await ouRow(trx, org, input.OrganizationalUnitId);
        if (input.Name !== undefined) {
          await trx.updateTable('org_units').set({ name: input.Name }).where('id', '=', row.id).execute();
          row.name = input.Name;
        }
        return ouView(org.scope, row, await pathOf(trx, org, row.id));
      }),
    );
    return { OrganizationalUnit: ou };
  },

  async DeleteOrganizationalUnit(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const row = await ouRow(trx, org, input.OrganizationalUnitId);
      const child = await trx.selectFrom('org_units').select('id').where('parent_id', '=', row.id).executeTakeFirst();
      const member = await trx
        .selectFrom('org_accounts')
        .select('account_id')
        .where('parent_id', '=', row.id)
        .executeTakeFirst();
      if (child || member) {
        throw new AwsError(
          'OrganizationalUnitNotEmptyException',
          'The specified OU is not empty. Move all accounts to another root or OU, remove all child OUs, and try the operation again.',
        );
      }
      await trx
        .deleteFrom('org_policy_attachments')
        .where('org_id', '=', org.id)
        .where('target_id', '=', row.id)
        .execute();
      await trx.deleteFrom('org_tags').where('org_id', '=', org.id).where('resource_id', '=', row.id).execute();
      await trx.deleteFrom('org_units').where('id', '=', row.id).execute();
    });
  },

  async DescribeOrganizationalUnit(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    const row = await ouRow(db, org, input.OrganizationalUnitId);
    return { OrganizationalUnit: ouView(org.scope, row, await pathOf(db, org, row.id)) };
  },

  async ListOrganizationalUnitsForParent(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    await requireParent(db, org, input.ParentId);
    const rows = await db
      .selectFrom('org_units')
      .selectAll()
      .where('parent_id', '=', input.ParentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const views = [];
    for (const row of rows) views.push(ouView(org.scope, row, await pathOf(db, org, row.id)));
    const page = paginate(ctx, views, input);
    return { OrganizationalUnits: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async ListChildren(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    await requireParent(db, org, input.ParentId);
    const ids =
      input.ChildType === 'ACCOUNT'
        ? (
            await db
              .selectFrom('org_accounts')
              .select('account_id as id')
              .where('org_id', '=', org.id)
              .where('parent_id', '=', input.ParentId)
              .orderBy('joined_at')
              .execute()
          ).map((r) => r.id)
        : (
            await db
              .selectFrom('org_units')
              .select('id')
              .where('parent_id', '=', input.ParentId)
              .orderBy('created_at')
              .execute()
          ).map((r) => r.id);
    const page = paginate(
      ctx,
      ids.map((Id) => ({ Id, Type: input.ChildType })),
      input,
    );
    return { Children: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async ListParents(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    const kind = await entityKind(db, org, input.ChildId);
    if (kind !== 'ACCOUNT' && kind !== 'ORGANIZATIONAL_UNIT') throw childNotFound();
    const parent = (await parentOf(db, org, input.ChildId))!;
    const type = parent === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
    const page = paginate(ctx, [{ Id: parent, Type: type as 'ROOT' | 'ORGANIZATIONAL_UNIT' }], input);
    return { Parents: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async MoveAccount(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      if ((await entityKind(trx, org, input.AccountId)) !== 'ACCOUNT') throw accountNotFound();
      const sourceMissing = () =>
        new AwsError(
          'SourceParentNotFoundException',
          "We can't find a source root or OU with the ParentId that you specified.",
        );
      await requireParent(trx, org, input.SourceParentId, sourceMissing);
      await requireParent(
        trx,
        org,
        input.DestinationParentId,
        () =>
          new AwsError(
            'DestinationParentNotFoundException',
            "We can't find a destination root or OU with the ParentId that you specified.",
          ),
      );
      const current = await parentOf(trx, org, input.AccountId);
      if (current !== input.SourceParentId) throw sourceMissing();
      if (current === input.DestinationParentId) {
        throw new AwsError(
          'DuplicateAccountException',
          'That account is already present in the specified destination.',
        );
      }
      // The management account moves a member: another account's membership.
      await otherAccountScope(trx, input.AccountId)
        .updateTable('org_accounts')
        .set({ parent_id: input.DestinationParentId })
        .execute();
    });
  },
};
