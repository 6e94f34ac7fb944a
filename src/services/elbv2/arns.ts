// ELBv2 ARNs as AWS writes them, and the resource kind an ARN names.
import { randomBytes } from 'node:crypto';

interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

const prefix = (s: ArnScope): string => `arn:${s.partition}:elasticloadbalancing:${s.region}:${s.accountId}`;
/** AWS's resource ids: 16 hex digits. */
const newId = (): string => randomBytes(8).toString('hex');

export const loadBalancerArn = (s: ArnScope, name: string): string =>
  `${prefix(s)}:loadbalancer/app/${name}/${newId()}`;
export const targetGroupArn = (s: ArnScope, name: string): string => `${prefix(s)}:targetgroup/${name}/${newId()}`;

/** A listener's ARN extends its load balancer's: listener/app/<lb name>/<lb id>/<id>. */
export function listenerArn(lbArn: string): string {
  return `${lbArn.replace(':loadbalancer/', ':listener/')}/${newId()}`;
}

export function ruleArn(listener: string): string {
  return `${listener.replace(':listener/', ':listener-rule/')}/${newId()}`;
}

export type ResourceKind = 'loadbalancer' | 'targetgroup' | 'listener' | 'listener-rule';

/** The kind of ELBv2 resource an ARN names, or undefined when it names none. */
export function resourceKind(arn: string): ResourceKind | undefined {
  const m =
    /^arn:[a-z-]+:elasticloadbalancing:[a-z0-9-]+:\d{12}:(loadbalancer|targetgroup|listener|listener-rule)\//.exec(arn);
  return m?.[1] as ResourceKind | undefined;
}

/** The region and account an ELBv2 ARN names, or undefined when it is not one. */
export function arnOwner(arn: string): { region: string; accountId: string } | undefined {
  const m = /^arn:[a-z-]+:elasticloadbalancing:([a-z0-9-]+):(\d{12}):/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]! } : undefined;
}
