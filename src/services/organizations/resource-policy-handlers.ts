// PutResourcePolicy, DescribeResourcePolicy, DeleteResourcePolicy: the organization's resource-based delegation policy.
import { AwsError } from '../../aws/error.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { OrganizationsOperations, ResourcePolicy } from '../../aws/generated/organizations.js';
import { managedOrg, readableOrg, type OrgRecord } from './org-context.js';
import { mutate } from './mutate.js';
import { putTags } from './tags.js';
import { resourcePolicyContentError } from './resource-policy-content.js';
import {
  newResourcePolicyId,
  resourcePolicyArn,
  resourcePolicyOf,
  type StoredResourcePolicy,
} from './resource-policy-store.js';

/** The model's ResourcePolicyNotFoundException, in its documentation's words. */
export const resourcePolicyNotFound = () =>
  new AwsError(
    'ResourcePolicyNotFoundException',
    "We can't find a resource policy request with the parameter that you specified.",
  );

function view(org: OrgRecord, policy: StoredResourcePolicy): ResourcePolicy {
  return {
    ResourcePolicySummary: { Id: policy.id, Arn: resourcePolicyArn(org.scope, policy.id) },
    Content: policy.content,
  };
}

export const resourcePolicyHandlers: Handlers<OrganizationsOperations> = {
  /** Creates the policy, or replaces its content (its id and ARN stay); only the management account may. */
  async PutResourcePolicy(ctx, input) {
    return mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const invalid = resourcePolicyContentError(input.Content, ctx.partition, org.managementAccountId);
      if (invalid) throw invalid;
      const existing = await resourcePolicyOf(trx, org.id);
      const policy = { id: existing?.id ?? newResourcePolicyId(), content: input.Content };
      await trx
        .insertInto('org_resource_policies')
        .values({ org_id: org.id, id: policy.id, content: policy.content, updated_at: Date.now() })
        .onConflict((oc) => oc.column('org_id').doUpdateSet({ content: policy.content, updated_at: Date.now() }))
        .execute();
      if (input.Tags && input.Tags.length > 0) await putTags(trx, org, policy.id, input.Tags);
      return { ResourcePolicy: view(org, policy) };
    });
  },

  async DescribeResourcePolicy(ctx) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    const policy = await resourcePolicyOf(db, org.id);
    if (!policy) throw resourcePolicyNotFound();
    return { ResourcePolicy: view(org, policy) };
  },

  /** Removes the policy and its tags: every access it delegated ends with it. */
  async DeleteResourcePolicy(ctx) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const policy = await resourcePolicyOf(trx, org.id);
      if (!policy) throw resourcePolicyNotFound();
      await trx.deleteFrom('org_resource_policies').where('org_id', '=', org.id).execute();
      await trx.deleteFrom('org_tags').where('org_id', '=', org.id).where('resource_id', '=', policy.id).execute();
    });
  },
};
