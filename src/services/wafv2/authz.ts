// WAF's resources named by Name, Scope and Id: the ARN policies name says regional or global, not REGIONAL or CLOUDFRONT.
import type { ResolvedResource, ResourceOverride, ResourceOverrides } from '../../core/authorization.js';
import { parseWafArn, scopePath } from './arns.js';

type Kind = 'webacl' | 'rulegroup' | 'ipset' | 'regexpatternset';

/** The resource type an operation names by its own Name/Scope/Id: `CreateIPSet` → ipset. */
function kindOf(operation: string): Kind | undefined {
  const m = /^(?:Create|Get|Update|Delete)(WebACL|RuleGroup|IPSet|RegexPatternSet)$/.exec(operation);
  return m ? (m[1]!.toLowerCase() as Kind) : undefined;
}

/**
 * The generic rules would fill `${Scope}` with REGIONAL; WAF's ARNs say `regional` (or `global` for CLOUDFRONT, in
 * us-east-1). A create is decided on the name with `*` for the Id it has yet to get. Calls naming a resource by
 * whole ARN (TagResource, AssociateWebACL, GetRuleGroup by ARN) keep the generic resolution.
 */
const wafResources: ResourceOverride = async (env, check, generic) => {
  // PutLoggingConfiguration names its web ACL inside LoggingConfiguration, where the generic rules do not look.
  if (env.operation === 'PutLoggingConfiguration') {
    const arn = (env.input['LoggingConfiguration'] as { ResourceArn?: unknown } | undefined)?.ResourceArn;
    return typeof arn === 'string' && parseWafArn(arn)?.kind === 'webacl' ? [{ arn, display: arn }] : generic();
  }
  const kind = kindOf(env.operation);
  const { Name, Scope, Id } = env.input as { Name?: unknown; Scope?: unknown; Id?: unknown };
  if (kind === undefined || typeof Name !== 'string' || typeof Scope !== 'string') return generic();
  if (!check.resourceTypes.some((t) => t.type.name === kind)) return generic();
  const id = env.operation.startsWith('Create') ? '*' : typeof Id === 'string' ? Id : undefined;
  if (id === undefined) return generic();
  const arn = `arn:${env.partition}:wafv2:${env.region}:${env.identity.accountId}:${scopePath(Scope)}/${kind}/${Name}/${id}`;
  const resource: ResolvedResource = { arn, display: arn };
  return [resource];
};

export const wafv2ResourceOverrides: ResourceOverrides = { 'wafv2:*': { resolve: wafResources } };
