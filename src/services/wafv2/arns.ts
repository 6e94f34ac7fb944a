// WAFv2 scopes, ids and ARNs as AWS forms them: arn:aws:wafv2:<region>:<account>:regional|global/<kind>/<name>/<id>.
import type { RequestContext } from '../../core/runtime.js';
import type { Scope } from '../../aws/generated/wafv2.js';
import { invalidParameter, REASON } from './errors.js';

export type Kind = 'webacl' | 'rulegroup' | 'ipset' | 'regexpatternset';

/** Where a scope's resources live: CLOUDFRONT is global, reached (and named) in us-east-1 only. */
export function checkScope(ctx: Pick<RequestContext, 'region'>, scope: Scope): void {
  if (scope === 'CLOUDFRONT' && ctx.region !== 'us-east-1') {
    throw invalidParameter('SCOPE_VALUE', scope, REASON.scope);
  }
}

export function scopePath(scope: string): string {
  return scope === 'CLOUDFRONT' ? 'global' : 'regional';
}

export function wafArn(
  ctx: Pick<RequestContext, 'partition' | 'region' | 'identity'>,
  scope: string,
  kind: Kind,
  name: string,
  id: string,
): string {
  return `arn:${ctx.partition}:wafv2:${ctx.region}:${ctx.identity.accountId}:${scopePath(scope)}/${kind}/${name}/${id}`;
}

export interface ParsedWafArn {
  partition: string;
  region: string;
  account: string;
  scope: Scope;
  kind: Kind;
  name: string;
  id: string;
}

const WAF_ARN =
  /^arn:(aws[a-z-]*):wafv2:([a-z0-9-]+):(\d{12}):(regional|global)\/(webacl|rulegroup|ipset|regexpatternset)\/([\w-]{1,128})\/([0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})$/;

export function parseWafArn(arn: string): ParsedWafArn | undefined {
  const m = WAF_ARN.exec(arn);
  if (!m) return undefined;
  return {
    partition: m[1]!,
    region: m[2]!,
    account: m[3]!,
    scope: m[4] === 'global' ? 'CLOUDFRONT' : 'REGIONAL',
    kind: m[5] as Kind,
    name: m[6]!,
    id: m[7]!,
  };
}

const ALB_ARN =
  /^arn:(aws[a-z-]*):elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer\/app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/** An Application Load Balancer's ARN, the one kind of resource Warden's WAF protects. */
export function isAlbArn(arn: string): boolean {
  return ALB_ARN.test(arn);
}
