// Shield's own ARNs (global: no Region) and the resource types of the ARNs it may be asked to protect.
import { apiEndpointAccount } from '../../core/api-endpoint.js';

/**
 * Warden's own API endpoint (src/core/api-endpoint.ts), a resource type of Warden's: stored as a protection's type,
 * never shown (Protection has no type), so BY_RESOURCE_TYPE groups, whose types are AWS's, never select it.
 */
export const API_ENDPOINT_TYPE = 'WARDEN_API_ENDPOINT';

export type ShieldKind = 'protection' | 'protection-group';

export function shieldArn(partition: string, accountId: string, kind: ShieldKind, id: string): string {
  return `arn:${partition}:shield::${accountId}:${kind}/${id}`;
}

/** A Shield ARN's account, kind and id; undefined for anything else. */
export function parseShieldArn(arn: string): { accountId: string; kind: ShieldKind; id: string } | undefined {
  const m = /^arn:aws[a-z-]*:shield::(\d{12}):(protection|protection-group)\/([A-Za-z0-9-]{1,36})$/.exec(arn);
  return m ? { accountId: m[1]!, kind: m[2] as ShieldKind, id: m[3]! } : undefined;
}

/** The (service, resource) pairs Shield Advanced protects, as its ProtectedResourceType names them. */
const KNOWN: readonly (readonly [RegExp, string])[] = [
  [
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[^/]+\/[0-9a-f]+$/,
    'APPLICATION_LOAD_BALANCER',
  ],
  [/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/[^/]+$/, 'CLASSIC_LOAD_BALANCER'],
  [/^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/[^/]+$/, 'CLOUDFRONT_DISTRIBUTION'],
  [/^arn:aws[a-z-]*:route53:::hostedzone\/[^/]+$/, 'ROUTE_53_HOSTED_ZONE'],
  [/^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:eip-allocation\/[^/]+$/, 'ELASTIC_IP_ALLOCATION'],
  [/^arn:aws[a-z-]*:globalaccelerator::\d{12}:accelerator\/[^/]+$/, 'GLOBAL_ACCELERATOR'],
];

/** The ProtectedResourceType an ARN names, or undefined when it is none of them. */
export function protectedResourceType(arn: string): string | undefined {
  if (apiEndpointAccount(arn) !== undefined) return API_ENDPOINT_TYPE;
  return KNOWN.find(([pattern]) => pattern.test(arn))?.[1];
}

/** The service and resource words of an ARN, for AWS's "Unrecognized resource" message (undefined: not an ARN). */
export function arnResourceWords(arn: string): { service: string; resource: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const rest = parts.slice(5).join(':');
  const slash = rest.indexOf('/');
  return { service: parts[2]!, resource: slash < 0 ? '' : rest.slice(0, slash) };
}
