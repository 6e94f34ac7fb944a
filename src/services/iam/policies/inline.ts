// Inline policies of users, groups and roles: Put/Get/Delete/List*Policy with IAM's size quota per entity.
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import type { RequestContext } from '../../../core/runtime.js';
import { noSuchEntity } from '../errors.js';
import { paginate, type Page } from '../common.js';
import { assertModifiable, lockEntity, requireEntity } from '../identities/entities.js';
import { assertInlineSize, policySize } from './quotas.js';
import { encodeDocument } from './records.js';
import { assertValidPolicyDocument } from '../../../policy/validation/validate.js';
import type { IamEntityType } from '../tables.js';

type H = Handlers<IAMOperations>;

function inlineNotFound(kind: IamEntityType, policyName: string) {
  return noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
}

interface InlinePolicyDocument {
  /** The entity's name as it was created (requests may spell it in another case). */
  entityName: string;
  policyName: string;
  /** Percent-encoded, as IAM returns documents. */
  document: string;
}

/** The four inline-policy operations for one kind of entity. */
function inlineOperations(kind: IamEntityType) {
  return {
    async put(ctx: RequestContext, entityName: string, policyName: string, document: string): Promise<void> {
      assertValidPolicyDocument(document, 'identity');
      const accountId = ctx.identity.accountId;
      await ctx.runtime.store.transaction(async (trx) => {
        const entity = await lockEntity(trx, accountId, kind, entityName);
        assertModifiable(entity);
        const others = await trx
          .selectFrom('iam_inline_policies')
          .select('document')
          .where('account_id', '=', accountId)
          .where('entity_type', '=', kind)
          .where('entity_lc', '=', entity.nameLc)
          .where('policy_name', '!=', policyName)
          .execute();
        const total = others.reduce((sum, r) => sum + policySize(r.document), policySize(document));
        assertInlineSize(kind, entity.name, total);
        await trx
          .deleteFrom('iam_inline_policies')
          .where('account_id', '=', accountId)
          .where('entity_type', '=', kind)
          .where('entity_lc', '=', entity.nameLc)
          .where('policy_name', '=', policyName)
          .execute();
        await trx
          .insertInto('iam_inline_policies')
          .values({
            account_id: accountId,
            entity_type: kind,
            entity_lc: entity.nameLc,
            policy_name: policyName,
            document,
          })
          .execute();
      });
    },

    async get(ctx: RequestContext, entityName: string, policyName: string): Promise<InlinePolicyDocument> {
      const db = ctx.runtime.store.db;
      const entity = await requireEntity(db, ctx.identity.accountId, kind, entityName);
      const row = await db
        .selectFrom('iam_inline_policies')
        .select(['policy_name', 'document'])
        .where('account_id', '=', ctx.identity.accountId)
        .where('entity_type', '=', kind)
        .where('entity_lc', '=', entity.nameLc)
        .where('policy_name', '=', policyName)
        .executeTakeFirst();
      if (!row) throw inlineNotFound(kind, policyName);
      return { entityName: entity.name, policyName: row.policy_name, document: encodeDocument(row.document) };
    },

    async remove(ctx: RequestContext, entityName: string, policyName: string): Promise<void> {
      const accountId = ctx.identity.accountId;
      await ctx.runtime.store.transaction(async (trx) => {
        const entity = await lockEntity(trx, accountId, kind, entityName);
        assertModifiable(entity);
        const result = await trx
          .deleteFrom('iam_inline_policies')
          .where('account_id', '=', accountId)
          .where('entity_type', '=', kind)
          .where('entity_lc', '=', entity.nameLc)
          .where('policy_name', '=', policyName)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) throw inlineNotFound(kind, policyName);
      });
    },

    async list(
      ctx: RequestContext,
      entityName: string,
      input: { Marker?: string; MaxItems?: number },
    ): Promise<Page<string>> {
      const db = ctx.runtime.store.db;
      const entity = await requireEntity(db, ctx.identity.accountId, kind, entityName);
      const rows = await db
        .selectFrom('iam_inline_policies')
        .select('policy_name')
        .where('account_id', '=', ctx.identity.accountId)
        .where('entity_type', '=', kind)
        .where('entity_lc', '=', entity.nameLc)
        .execute();
      const names = rows.map((r) => r.policy_name).sort();
      return paginate(ctx, names, input);
    },
  };
}

const user = inlineOperations('user');
const group = inlineOperations('group');
const role = inlineOperations('role');

export const putUserPolicy: NonNullable<H['PutUserPolicy']> = async (ctx, input) => {
  await user.put(ctx, input.UserName, input.PolicyName, input.PolicyDocument);
};
export const getUserPolicy: NonNullable<H['GetUserPolicy']> = async (ctx, input) => {
  const p = await user.get(ctx, input.UserName, input.PolicyName);
  return { UserName: p.entityName, PolicyName: p.policyName, PolicyDocument: p.document };
};
export const deleteUserPolicy: NonNullable<H['DeleteUserPolicy']> = async (ctx, input) => {
  await user.remove(ctx, input.UserName, input.PolicyName);
};
export const listUserPolicies: NonNullable<H['ListUserPolicies']> = async (ctx, input) => {
  const page = await user.list(ctx, input.UserName, input);
  return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};

export const putGroupPolicy: NonNullable<H['PutGroupPolicy']> = async (ctx, input) => {
  await group.put(ctx, input.GroupName, input.PolicyName, input.PolicyDocument);
};
export const getGroupPolicy: NonNullable<H['GetGroupPolicy']> = async (ctx, input) => {
  const p = await group.get(ctx, input.GroupName, input.PolicyName);
  return { GroupName: p.entityName, PolicyName: p.policyName, PolicyDocument: p.document };
};
export const deleteGroupPolicy: NonNullable<H['DeleteGroupPolicy']> = async (ctx, input) => {
  await group.remove(ctx, input.GroupName, input.PolicyName);
};
export const listGroupPolicies: NonNullable<H['ListGroupPolicies']> = async (ctx, input) => {
  const page = await group.list(ctx, input.GroupName, input);
  return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};

export const putRolePolicy: NonNullable<H['PutRolePolicy']> = async (ctx, input) => {
  await role.put(ctx, input.RoleName, input.PolicyName, input.PolicyDocument);
};
export const getRolePolicy: NonNullable<H['GetRolePolicy']> = async (ctx, input) => {
  const p = await role.get(ctx, input.RoleName, input.PolicyName);
  return { RoleName: p.entityName, PolicyName: p.policyName, PolicyDocument: p.document };
};
export const deleteRolePolicy: NonNullable<H['DeleteRolePolicy']> = async (ctx, input) => {
  await role.remove(ctx, input.RoleName, input.PolicyName);
};
export const listRolePolicies: NonNullable<H['ListRolePolicies']> = async (ctx, input) => {
  const page = await role.list(ctx, input.RoleName, input);
  return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};
