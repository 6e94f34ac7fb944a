// Systems Manager's authorization hook: a call naming a managed instance (by InstanceId, or by ResourceId in the tag
// operations with ResourceType ManagedInstance) is decided on that instance's ARN with its tags as
// aws:ResourceTag/* and ssm:resourceTag/*, the condition keys IAM lists for the managed-instance resource type.
import type { ResolvedCheck, ResolvedResource } from '../../core/authorization.js';
import type { RequestContext, ServiceAuthorization } from '../../core/runtime.js';
import { managedInstanceArn } from './arns.js';
import { managedInstanceTags } from './instance-tags.js';
import { MANAGED_INSTANCE_ID } from './tags.js';

const TAG_ACTIONS = new Set(['ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:ListTagsForResource']);
const INSTANCE_IN_ARN = /:managed-instance\/(mi-[0-9a-f]{17})$/;

/** The instance a tag operation names: only a well-formed id with ResourceType ManagedInstance (never free text). */
function taggedInstance(input: Readonly<Record<string, unknown>>): string | undefined {
  const id = input.ResourceId;
  return input.ResourceType === 'ManagedInstance' && typeof id === 'string' && MANAGED_INSTANCE_ID.test(id)
    ? id
    : undefined;
}

async function resolveInstances(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  checks: readonly ResolvedCheck[],
): Promise<ResolvedCheck[]> {
  if (ctx.service !== 'ssm') return [...checks];
  const accountId = ctx.identity.accountId;
  const arnOf = (id: string) => managedInstanceArn(ctx.partition, ctx.region, accountId, id);
  const tagged = taggedInstance(input);
  // The caller's own instances only: an ARN of another account or Region names none of them (its handler refuses).
  const named = new Set<string>();
  for (const check of checks)
    for (const r of check.resources) {
      const id = INSTANCE_IN_ARN.exec(r.arn)?.[1];
      if (id !== undefined && r.arn === arnOf(id)) named.add(id);
    }
  if (tagged !== undefined && checks.some((c) => TAG_ACTIONS.has(c.action))) named.add(tagged);
  if (named.size === 0) return [...checks];
  const tags = await managedInstanceTags(ctx.runtime.store.db, accountId, ctx.region, named);
  const withTags = (r: ResolvedResource, id: string): ResolvedResource => {
    const found = tags.get(id);
    // An instance that does not exist carries no tags here: the handler answers as Systems Manager does.
    if (found === undefined) return r;
    const context: Record<string, string> = {};
    for (const [k, v] of Object.entries(found)) {
      context[`aws:ResourceTag/${k}`] = v;
      context[`ssm:resourceTag/${k}`] = v;
    }
    const arn = arnOf(id);
    return { ...r, arn, display: arn, context: { ...r.context, ...context } };
  };
  return checks.map((check) => {
    // ResourceType names the type: the generic rules, reading ResourceId alone, built it into every taggable type's
    // template (document/mi-…, maintenancewindow/mi-…); the call is on the managed instance only.
    if (tagged !== undefined && TAG_ACTIONS.has(check.action)) {
      const arn = arnOf(tagged);
      return { ...check, resources: [withTags({ arn, display: arn }, tagged)] };
    }
    return {
      ...check,
      resources: check.resources.map((r) => {
        const id = INSTANCE_IN_ARN.exec(r.arn)?.[1];
        return id !== undefined && r.arn === arnOf(id) ? withTags(r, id) : r;
      }),
    };
  });
}

export const ssmAuthorization: ServiceAuthorization = { resolveResources: resolveInstances };
