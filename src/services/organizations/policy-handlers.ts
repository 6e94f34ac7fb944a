// Policies: policy types per root, CRUD, attach/detach (AWS's 5-per-target and last-SCP rules), listings, effective policy.
import { AwsError } from '../../aws/error.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { OrganizationsOperations } from '../../aws/generated/organizations.js';
import { isUniqueViolation } from '../../store/errors.js';
import { constraintViolation, invalidInput, rootNotFound } from './errors.js';
import { newPolicyId } from './ids.js';
import type { Db, OrgRecord } from './org-context.js';
import { callerOrg, isPolicyTypeEnabled, managedOrg, readableOrg, rootPolicyTypes } from './org-context.js';
import { allTargets, defaultPolicyOf } from './attachments.js';
import { effectiveFor, effectivePolicyNotFound } from './effective-store.js';
import { mutate } from './mutate.js';
import { paginate } from './paging.js';
import { assertSupportedType, assertValidContent, maxAttachments } from './policy-content.js';
import { isManagementType, policyTypeSpec } from './policy-types.js';
import { attachedPolicyIds, findPolicy, policiesOfType, requireTarget, targetSummary } from './policy-store.js';
import { putTags } from './tags.js';
import { policySummary, rootView } from './views.js';

const duplicatePolicy = () => new AwsError('DuplicatePolicyException', 'A policy with the same name already exists.');
const typeNotEnabled = () =>
  new AwsError('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.');
const immutable = () =>
  invalidInput('IMMUTABLE_POLICY', 'You specified a policy that is managed by AWS and cannot be modified or deleted.');

function requireAllFeatures(org: OrgRecord, type: string): void {
  if (org.featureSet !== 'ALL') {
    throw new AwsError(
      'PolicyTypeNotAvailableForOrganizationException',
      `You can't use policies of type ${type} with the feature set currently enabled for this organization.`,
    );
  }
}

async function requireRoot(org: OrgRecord, rootId: string): Promise<void> {
  if (rootId !== org.rootId) throw rootNotFound();
}

async function setPolicyTypes(db: Db, org: OrgRecord, types: { Type: string; Status: string }[]): Promise<void> {
  await db
    .updateTable('org_roots')
    .set({ policy_types: JSON.stringify(types) })
    .where('id', '=', org.rootId)
    .execute();
}

export const policyHandlers: Handlers<OrganizationsOperations> = {
  async EnablePolicyType(ctx, input) {
    const root = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      await requireRoot(org, input.RootId);
      assertSupportedType(input.PolicyType);
      requireAllFeatures(org, input.PolicyType);
      const types = await rootPolicyTypes(trx, org);
      if (types.some((t) => t.Type === input.PolicyType && t.Status === 'ENABLED')) {
        throw new AwsError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
      }
      types.push({ Type: input.PolicyType, Status: 'ENABLED' });
      await setPolicyTypes(trx, org, types);
      // Enabling SCPs (or RCPs) attaches the AWS-managed full-access policy everywhere, so nothing is denied yet.
      const policyId = defaultPolicyOf(input.PolicyType);
      if (policyId) {
        for (const target of await allTargets(trx, org)) {
          await trx
            .insertInto('org_policy_attachments')
            .values({
              org_id: org.id,
              policy_id: policyId,
              target_id: target,
              policy_type: input.PolicyType,
              attached_at: Date.now(),
            })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      }
      return rootView(org.scope, org.rootId, types);
    });
    return { Root: root };
  },

  async DisablePolicyType(ctx, input) {
    const root = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      await requireRoot(org, input.RootId);
      assertSupportedType(input.PolicyType);
      const types = await rootPolicyTypes(trx, org);
      if (!types.some((t) => t.Type === input.PolicyType)) throw typeNotEnabled();
      const remaining = types.filter((t) => t.Type !== input.PolicyType);
      await setPolicyTypes(trx, org, remaining);
      // AWS detaches every policy of the type when it is disabled.
      await trx
        .deleteFrom('org_policy_attachments')
        .where('org_id', '=', org.id)
        .where('policy_type', '=', input.PolicyType)
        .execute();
      return rootView(org.scope, org.rootId, remaining);
    });
    return { Root: root };
  },

  async CreatePolicy(ctx, input) {
    const policy = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      assertSupportedType(input.Type);
      requireAllFeatures(org, input.Type);
      assertValidContent(input.Type, input.Content);
      const count = await trx
        .selectFrom('org_policies')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', org.id)
        .where('type', '=', input.Type)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= (policyTypeSpec(input.Type)?.maxPolicies ?? 1000)) {
        throw constraintViolation('POLICY_NUMBER_LIMIT_EXCEEDED', 'You have exceeded the number of policies allowed.');
      }
      const row = {
        id: newPolicyId(),
        org_id: org.id,
        type: input.Type,
        name: input.Name,
        description: input.Description,
        content: input.Content,
        created_at: Date.now(),
      };
      await trx.insertInto('org_policies').values(row).execute();
      if (input.Tags) await putTags(trx, org, row.id, input.Tags);
      return { PolicySummary: policySummary(org.scope, { ...row, awsManaged: false }), Content: row.content };
    }).catch((err: unknown) => {
      throw isUniqueViolation(err) ? duplicatePolicy() : err;
    });
    return { Policy: policy };
  },

  async UpdatePolicy(ctx, input) {
    const policy = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const current = await findPolicy(trx, org, input.PolicyId);
      if (current.awsManaged) throw immutable();
      if (input.Content !== undefined) assertValidContent(current.type, input.Content);
      const next = {
        name: input.Name ?? current.name,
        description: input.Description ?? current.description,
        content: input.Content ?? current.content,
      };
      await trx.updateTable('org_policies').set(next).where('id', '=', current.id).execute();
      const updated = { ...current, ...next };
      return { PolicySummary: policySummary(org.scope, updated), Content: updated.content };
    }).catch((err: unknown) => {
      throw isUniqueViolation(err) ? duplicatePolicy() : err;
    });
    return { Policy: policy };
  },

  async DeletePolicy(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const policy = await findPolicy(trx, org, input.PolicyId);
      if (policy.awsManaged) throw immutable();
      const attached = await trx
        .selectFrom('org_policy_attachments')
        .select('target_id')
        .where('org_id', '=', org.id)
        .where('policy_id', '=', policy.id)
        .executeTakeFirst();
      if (attached) {
        throw new AwsError(
          'PolicyInUseException',
          'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
        );
      }
      await trx.deleteFrom('org_tags').where('org_id', '=', org.id).where('resource_id', '=', policy.id).execute();
      await trx.deleteFrom('org_policies').where('id', '=', policy.id).execute();
    });
  },

  async DescribePolicy(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    const policy = await findPolicy(db, org, input.PolicyId);
    return { Policy: { PolicySummary: policySummary(org.scope, policy), Content: policy.content } };
  },

  async ListPolicies(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    assertSupportedType(input.Filter);
    const page = paginate(
      ctx,
      (await policiesOfType(db, org, input.Filter)).map((p) => policySummary(org.scope, p)),
      input,
    );
    return { Policies: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async AttachPolicy(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const policy = await findPolicy(trx, org, input.PolicyId);
      await requireTarget(trx, org, input.TargetId);
      if (!(await isPolicyTypeEnabled(trx, org, policy.type))) throw typeNotEnabled();
      const attached = await attachedPolicyIds(trx, org, input.TargetId, policy.type);
      if (attached.includes(policy.id)) {
        // AWS's own words for this refusal, as its CLI and SDKs report them (not the exception's documentation).
        throw new AwsError(
          'DuplicatePolicyAttachmentException',
          'A policy with the specified name and type already exists.',
        );
      }
      if (attached.length >= maxAttachments(policy.type)) {
        throw constraintViolation(
          'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          'You have attached the maximum number of policies to the specified target.',
        );
      }
      await trx
        .insertInto('org_policy_attachments')
        .values({
          org_id: org.id,
          policy_id: policy.id,
          target_id: input.TargetId,
          policy_type: policy.type,
          attached_at: Date.now(),
        })
        .execute();
    });
  },

  async DetachPolicy(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const policy = await findPolicy(trx, org, input.PolicyId);
      await requireTarget(trx, org, input.TargetId);
      const attached = await attachedPolicyIds(trx, org, input.TargetId, policy.type);
      if (!attached.includes(policy.id)) {
        throw new AwsError(
          'PolicyNotAttachedException',
          'The selected policy is not attached to the specified target.',
        );
      }
      if (policy.type === 'RESOURCE_CONTROL_POLICY' && policy.awsManaged) {
        throw invalidInput('NON_DETACHABLE_POLICY', 'You cannot detach the RCPFullAWSAccess policy.');
      }
      // Every root, OU and account keeps at least one SCP while SCPs are enabled.
      if (policy.type === 'SERVICE_CONTROL_POLICY' && attached.length === 1) {
        throw constraintViolation(
          'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          'You attempted to detach a policy from an entity that would leave the entity with fewer than the minimum number of policies of that type required.',
        );
      }
      await trx
        .deleteFrom('org_policy_attachments')
        .where('org_id', '=', org.id)
        .where('policy_id', '=', policy.id)
        .where('target_id', '=', input.TargetId)
        .execute();
    });
  },

  async ListPoliciesForTarget(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    assertSupportedType(input.Filter);
    await requireTarget(db, org, input.TargetId);
    const ids = await attachedPolicyIds(db, org, input.TargetId, input.Filter);
    const summaries = [];
    for (const id of ids) summaries.push(policySummary(org.scope, await findPolicy(db, org, id)));
    const page = paginate(ctx, summaries, input);
    return { Policies: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async ListTargetsForPolicy(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    const policy = await findPolicy(db, org, input.PolicyId);
    const rows = await db
      .selectFrom('org_policy_attachments')
      .select('target_id')
      .where('org_id', '=', org.id)
      .where('policy_id', '=', policy.id)
      .orderBy('target_id')
      .execute();
    const targets = [];
    for (const row of rows) targets.push(await targetSummary(db, org, row.target_id));
    const page = paginate(ctx, targets, input);
    return { Targets: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async DescribeEffectivePolicy(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await callerOrg(ctx, db);
    const targetId = input.TargetId ?? ctx.identity.accountId;
    // Members may ask about themselves; others' policies are for the management account and delegated admins.
    if (targetId !== ctx.identity.accountId) await readableOrg(ctx, db);
    // The model's EffectivePolicyType lists only management types; SCPs and RCPs never reach here.
    if (!isManagementType(input.PolicyType)) {
      throw invalidInput('INVALID_ENUM_POLICY_TYPE', 'You specified an invalid policy type string.');
    }
    const kind = await requireTarget(db, org, targetId);
    if (kind !== 'ACCOUNT') {
      throw invalidInput('TARGET_NOT_SUPPORTED', "You can't perform the specified operation on that target entity.");
    }
    const effective = await effectiveFor(db, org, targetId, input.PolicyType);
    if (!effective) throw effectivePolicyNotFound();
    return {
      EffectivePolicy: {
        PolicyContent: JSON.stringify(effective.document),
        LastUpdatedTimestamp: new Date(effective.lastUpdated),
        TargetId: targetId,
        PolicyType: input.PolicyType,
      },
    };
  },
};
