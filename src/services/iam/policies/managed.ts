// Customer managed policies: create, read, delete, list (with AWS-managed ones) and their tags.
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import { newUniqueId } from '../../../aws/ids.js';
import { isUniqueViolation } from '../../../store/errors.js';
import { assertTags, loadTags, matchesPathPrefix, nameKey, paginate, putTags, removeTags } from '../common.js';
import { deleteConflict, entityAlreadyExists, policyNotFound } from '../errors.js';
import { AWS_MANAGED_ACCOUNT, storedPolicyArn } from './arns.js';
import { assertManagedPolicySize, assertPolicyCountQuota } from './quotas.js';
import {
  lockPolicy,
  policyUsage,
  requireOwnPolicy,
  requirePolicy,
  toPolicy,
  type PolicyRow,
  type PolicyUsage,
} from './records.js';
import { assertValidPolicyDocument } from '../../../policy/validation/validate.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

/** Tags of a policy are keyed by its stored ARN (see tables.ts, iam_tags.resource_key). */
const TAG_TYPE = 'policy';

function isUsed(usage: PolicyUsage | undefined, filter: string | undefined): boolean {
  if (!usage) return false;
  if (filter === 'PermissionsPolicy') return usage.attachments > 0;
  if (filter === 'PermissionsBoundary') return usage.boundaries > 0;
  return usage.attachments > 0 || usage.boundaries > 0;
}

export const createPolicy: NonNullable<H['CreatePolicy']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  assertValidPolicyDocument(input.PolicyDocument, 'identity');
  assertManagedPolicySize(input.PolicyDocument);
  assertTags(input.Tags);
  const path = input.Path ?? '/';
  const now = Date.now();
  const row: PolicyRow = {
    arn: storedPolicyArn(accountId, path, input.PolicyName),
    account_id: accountId,
    name_lc: nameKey(input.PolicyName),
    policy_name: input.PolicyName,
    policy_id: newUniqueId('ANPA'),
    path,
    description: input.Description ?? null,
    default_version_id: 'v1',
    next_version: 2,
    created_at: now,
    updated_at: now,
  };
  try {
    await mutateIam(ctx, async (trx) => {
      const count = await accountScope(trx, accountId)
        .selectFrom('iam_policies')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      assertPolicyCountQuota(Number(count.n));
      await trx.insertInto('iam_policies').values(row).execute();
      await trx
        .insertInto('iam_policy_versions')
        .values({ policy_arn: row.arn, version_id: 'v1', document: input.PolicyDocument, created_at: now })
        .execute();
      if (input.Tags) await putTags(trx, accountId, TAG_TYPE, row.arn, input.Tags);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw entityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
    }
    throw err;
  }
  // CreatePolicy answers without the Description (AWS's Policy type: it "is included in the response to the
  // GetPolicy operation"); the Tags it was given are returned.
  return { Policy: toPolicy(ctx, row, undefined, { tags: input.Tags }) };
};

export const getPolicy: NonNullable<H['GetPolicy']> = async (ctx, input) => {
  const db = ctx.runtime.store.db;
  const accountId = ctx.identity.accountId;
  const { row } = await requirePolicy(db, ctx, input.PolicyArn);
  const usage = await policyUsage(db, accountId, [row.arn]);
  const tags = await loadTags(db, accountId, TAG_TYPE, row.arn);
  return { Policy: toPolicy(ctx, row, usage.get(row.arn), { description: true, tags }) };
};

export const deletePolicy: NonNullable<H['DeletePolicy']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const { ref } = await requireOwnPolicy(ctx.runtime.store.db, ctx, input.PolicyArn);
  await mutateIam(ctx, async (trx) => {
    if (!(await lockPolicy(trx, ref.stored))) throw policyNotFound(input.PolicyArn);
    const usage = (await policyUsage(trx, accountId, [ref.stored])).get(ref.stored);
    if (isUsed(usage, undefined)) throw deleteConflict('Cannot delete a policy attached to entities.');
    const versions = await trx
      .selectFrom('iam_policy_versions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('policy_arn', '=', ref.stored)
      .executeTakeFirstOrThrow();
    if (Number(versions.n) > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    await trx.deleteFrom('iam_policy_versions').where('policy_arn', '=', ref.stored).execute();
    await removeTags(trx, accountId, TAG_TYPE, ref.stored);
    await trx.deleteFrom('iam_policies').where('arn', '=', ref.stored).execute();
  });
};

export const listPolicies: NonNullable<H['ListPolicies']> = async (ctx, input) => {
  const db = ctx.runtime.store.db;
  const accountId = ctx.identity.accountId;
  const scope = input.Scope ?? 'All';
  const owners =
    scope === 'AWS' ? [AWS_MANAGED_ACCOUNT] : scope === 'Local' ? [accountId] : [accountId, AWS_MANAGED_ACCOUNT];
  const rows = await db.selectFrom('iam_policies').selectAll().where('account_id', 'in', owners).execute();
  const usage = await policyUsage(db, accountId);
  const listed = rows
    .filter((r) => matchesPathPrefix(r.path, input.PathPrefix))
    .filter((r) => !input.OnlyAttached || isUsed(usage.get(r.arn), input.PolicyUsageFilter))
    .sort((a, b) => (a.policy_name < b.policy_name ? -1 : a.policy_name > b.policy_name ? 1 : 0));
  const page = paginate(ctx, listed, input);
  return {
    Policies: page.items.map((r) => toPolicy(ctx, r, usage.get(r.arn))),
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
};

export const tagPolicy: NonNullable<H['TagPolicy']> = async (ctx, input) => {
  const { ref } = await requireOwnPolicy(ctx.runtime.store.db, ctx, input.PolicyArn);
  assertTags(input.Tags);
  await mutateIam(ctx, async (trx) => {
    if (!(await lockPolicy(trx, ref.stored))) throw policyNotFound(input.PolicyArn);
    await putTags(trx, ctx.identity.accountId, TAG_TYPE, ref.stored, input.Tags);
  });
};

export const untagPolicy: NonNullable<H['UntagPolicy']> = async (ctx, input) => {
  const { ref } = await requireOwnPolicy(ctx.runtime.store.db, ctx, input.PolicyArn);
  const existing = await loadTags(ctx.runtime.store.db, ctx.identity.accountId, TAG_TYPE, ref.stored);
  // Tag keys match regardless of case, as TagPolicy treats them.
  const wanted = new Set(input.TagKeys.map((k) => k.toLowerCase()));
  const keys = existing.filter((t) => wanted.has(t.Key.toLowerCase())).map((t) => t.Key);
  await removeTags(ctx.runtime.store.db, ctx.identity.accountId, TAG_TYPE, ref.stored, keys);
};

export const listPolicyTags: NonNullable<H['ListPolicyTags']> = async (ctx, input) => {
  const db = ctx.runtime.store.db;
  const { row } = await requirePolicy(db, ctx, input.PolicyArn);
  const tags = await loadTags(db, ctx.identity.accountId, TAG_TYPE, row.arn);
  const page = paginate(ctx, tags, input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};
