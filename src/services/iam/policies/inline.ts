// Inline policies of users, groups and roles: Put/Get/Delete/List*Policy with IAM's size quota per entity.
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import type { RequestContext } from '../../../core/runtime.js';
import { noSuchEntity } from '../errors.js';
import { paginate } from '../common.js';
import {
  assertModifiable,
  entityNameIn,
  lockEntity,
  namedBy,
  requireEntity,
  type NamedBy,
} from '../identities/entities.js';
import { assertInlineSize, policySize } from './quotas.js';
import { encodeDocument } from './records.js';
import { assertValidPolicyDocument } from '../../../policy/validation/validate.js';
import type { IamEntityType } from '../tables.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

function inlineNotFound(kind: IamEntityType, policyName: string) {
  return noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
}

/**
 * Put/Get/Delete/List<Kind>Policy for one kind of entity: the entity named by the kind's member (UserName,
 * GroupName, RoleName), which Get<Kind>Policy answers with the name as the entity was created.
 */
function inlineOperations<K extends IamEntityType>(kind: K) {
  return {
    async put(ctx: RequestContext, input: NamedBy<K> & { PolicyName: string; PolicyDocument: string }): Promise<void> {
      const entityName = entityNameIn(kind, input);
      const { PolicyName: policyName, PolicyDocument: document } = input;
      assertValidPolicyDocument(document, 'identity');
      const accountId = ctx.identity.accountId;
      await mutateIam(ctx, async (trx) => {
        const entity = await lockEntity(trx, accountId, kind, entityName);
        assertModifiable(entity);
        const others = await accountScope(trx, accountId)
          .selectFrom('iam_inline_policies')
          .select('document')
          .where('entity_type', '=', kind)
          .where('entity_lc', '=', entity.nameLc)
          .where('policy_name', '!=', policyName)
          .execute();
        const total = others.reduce((sum, r) => sum + policySize(r.document), policySize(document));
        assertInlineSize(kind, entity.name, total);
        await accountScope(trx, accountId)
          .deleteFrom('iam_inline_policies')
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

    async get(ctx: RequestContext, input: NamedBy<K> & { PolicyName: string }) {
      const entityName = entityNameIn(kind, input);
      const policyName = input.PolicyName;
      const db = ctx.runtime.store.db;
      const entity = await requireEntity(db, ctx.identity.accountId, kind, entityName);
      const row = await accountScope(db, ctx.identity.accountId)
        .selectFrom('iam_inline_policies')
        .select(['policy_name', 'document'])
        .where('entity_type', '=', kind)
        .where('entity_lc', '=', entity.nameLc)
        .where('policy_name', '=', policyName)
        .executeTakeFirst();
      if (!row) throw inlineNotFound(kind, policyName);
      // The document percent-encoded, as IAM returns documents.
      return {
        ...namedBy(kind, entity.name),
        PolicyName: row.policy_name,
        PolicyDocument: encodeDocument(row.document),
      };
    },

    async remove(ctx: RequestContext, input: NamedBy<K> & { PolicyName: string }): Promise<void> {
      const entityName = entityNameIn(kind, input);
      const policyName = input.PolicyName;
      const accountId = ctx.identity.accountId;
      await mutateIam(ctx, async (trx) => {
        const entity = await lockEntity(trx, accountId, kind, entityName);
        assertModifiable(entity);
        const result = await accountScope(trx, accountId)
          .deleteFrom('iam_inline_policies')
          .where('entity_type', '=', kind)
          .where('entity_lc', '=', entity.nameLc)
          .where('policy_name', '=', policyName)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) throw inlineNotFound(kind, policyName);
      });
    },

    async list(ctx: RequestContext, input: NamedBy<K> & { Marker?: string; MaxItems?: number }) {
      const entityName = entityNameIn(kind, input);
      const db = ctx.runtime.store.db;
      const entity = await requireEntity(db, ctx.identity.accountId, kind, entityName);
      const rows = await accountScope(db, ctx.identity.accountId)
        .selectFrom('iam_inline_policies')
        .select('policy_name')
        .where('entity_type', '=', kind)
        .where('entity_lc', '=', entity.nameLc)
        .execute();
      const page = paginate(ctx, rows.map((r) => r.policy_name).sort(), input);
      return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  };
}

const user = inlineOperations('user');
const group = inlineOperations('group');
const role = inlineOperations('role');

export const putUserPolicy: NonNullable<H['PutUserPolicy']> = user.put;
export const getUserPolicy: NonNullable<H['GetUserPolicy']> = user.get;
export const deleteUserPolicy: NonNullable<H['DeleteUserPolicy']> = user.remove;
export const listUserPolicies: NonNullable<H['ListUserPolicies']> = user.list;
export const putGroupPolicy: NonNullable<H['PutGroupPolicy']> = group.put;
export const getGroupPolicy: NonNullable<H['GetGroupPolicy']> = group.get;
export const deleteGroupPolicy: NonNullable<H['DeleteGroupPolicy']> = group.remove;
export const listGroupPolicies: NonNullable<H['ListGroupPolicies']> = group.list;
export const putRolePolicy: NonNullable<H['PutRolePolicy']> = role.put;
export const getRolePolicy: NonNullable<H['GetRolePolicy']> = role.get;
export const deleteRolePolicy: NonNullable<H['DeleteRolePolicy']> = role.remove;
export const listRolePolicies: NonNullable<H['ListRolePolicies']> = role.list;
