// Inspector2's authorization hook: a request on one of the caller's taggable resources (a filter, by the ARN its
// members name) is decided with that resource's tags as aws:ResourceTag/*, as AWS documents for those resource types.
import type { ResolvedCheck, ResolvedResource } from '../../../core/authorization.js';
import type { RequestContext, ServiceAuthorization } from '../../../core/runtime.js';
import { parseTaggableArn, TAGGABLE, type Tags } from './taggable.js';

/** Distinct resources read per request at most: an operation names one or two. */
const MAX_LOOKUPS = 10;

/** The tags of the caller's own resource this ARN names in the request's Region, or undefined. */
async function ownTags(ctx: RequestContext, arn: string): Promise<Tags | undefined> {
  const p = parseTaggableArn(arn);
  if (p === undefined || !Object.hasOwn(TAGGABLE, p.kind)) return undefined;
  const account = ctx.identity.accountId;
  if (p.partition !== ctx.partition || p.region !== ctx.region || p.account !== account || p.owner !== account)
    return undefined;
  return TAGGABLE[p.kind]!.read(ctx.runtime.store.db, account, ctx.region, arn);
}

/**
 * Actions whose resource the generic rules cannot name, by the member holding its ARN: the catalogue's rules read
 * neither a lower-case `resourceArn` nor DeleteFilter's bare `arn`, leaving `*` or a template with wildcards.
 */
const ARN_MEMBER_BY_ACTION: Readonly<Record<string, string>> = {
  'inspector2:TagResource': 'resourceArn',
  'inspector2:UntagResource': 'resourceArn',
  'inspector2:DeleteFilter': 'arn',
};

/**
 * The check decided on the resource its ARN member names (when that is an owner-scoped Inspector ARN), and
 * UntagResource's `tagKeys` as its aws:TagKeys (the request context reads only a `TagKeys` member).
 */
function onNamedResource(check: ResolvedCheck, input: Readonly<Record<string, unknown>>): ResolvedCheck {
  const member = ARN_MEMBER_BY_ACTION[check.action];
  if (member === undefined) return check;
  const arn = input[member];
  const named = typeof arn === 'string' && parseTaggableArn(arn) !== undefined ? arn : undefined;
  const keys = Array.isArray(input.tagKeys) ? input.tagKeys.filter((k): k is string => typeof k === 'string') : [];
  const context = check.action === 'inspector2:UntagResource' ? { 'aws:TagKeys': keys } : undefined;
  const resources = check.resources.map((r) => {
    const resolved = named !== undefined && r.arn.includes('*') ? { ...r, arn: named, display: named } : r;
    return context === undefined ? resolved : { ...resolved, context: { ...resolved.context, ...context } };
  });
  return { ...check, resources };
}

async function resolveTaggedResources(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  given: readonly ResolvedCheck[],
): Promise<ResolvedCheck[]> {
  if (ctx.service !== 'inspector2') return [...given];
  const checks = given.map((c) => onNamedResource(c, input));
  const tagsByArn = new Map<string, Tags | undefined>();
  for (const check of checks)
    for (const r of check.resources)
      if (!tagsByArn.has(r.arn) && tagsByArn.size < MAX_LOOKUPS) tagsByArn.set(r.arn, await ownTags(ctx, r.arn));
  const withTags = (r: ResolvedResource): ResolvedResource => {
    const tags = tagsByArn.get(r.arn);
    if (tags === undefined) return r;
    const context = Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
    return { ...r, context: { ...r.context, ...context } };
  };
  return checks.map((check) => ({ ...check, resources: check.resources.map(withTags) }));
}

export const inspector2Authorization: ServiceAuthorization = { resolveResources: resolveTaggedResources };
