// Resource/NotResource values of an IAM policy: the ARN format checks and the stricter legacy ARN parse.
//
// IAM reads a resource as colon-separated ARN components and ignores what the first one says: `aws:s3:::b`
// is read as partition `s3`. Missing trailing components count as `*`, which is how IAM spells the resource
// back in its partition message ("arn:b:cadfsdf:*:*:*" for `a:b:cadfsdf`).

import { isPartition } from '../../aws/partitions.js';

/** How an IAM resource path must start (after `arn:aws:iam::<account>:`), in the order AWS's message lists. */
const IAM_RESOURCE_PATH_PREFIXES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

interface ArnComponents {
  readonly partition: string;
  readonly service: string | undefined;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** `parts` has at least two entries (its caller refuses fewer). */
function componentsOf(parts: readonly string[]): ArnComponents {
  return {
    partition: parts[1]!,
    service: parts[2],
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    resource: parts.slice(5).join(':'),
  };
}

/** The resource as a six-component ARN, missing components shown as `*`, as IAM quotes it back. */
function asFullArn(parts: readonly string[]): string {
  const [, partition, service = '*', region = '*', account = '*'] = parts;
  const resource = parts.length > 5 ? parts.slice(5).join(':') : '*';
  return ['arn', partition, service, region, account, resource].join(':');
}

/** Why IAM rejects `resource` as a Resource/NotResource value, or undefined when its format is accepted. */
export function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const parts = resource.split(':');
  if (parts.length < 2) return `Resource ${resource} must be in ARN format or "*".`;
  const arn = componentsOf(parts);
  if (arn.partition !== '*' && !isPartition(arn.partition)) {
    return `Partition "${arn.partition}" is not valid for resource "${asFullArn(parts)}".`;
  }
  if (arn.service === undefined || /[*?]/.test(arn.service)) {
    return 'Resource vendor must be fully qualified and cannot contain regexes.';
  }
  if (arn.service === 'iam') {
    if (arn.region !== '') return `IAM resource ${resource} cannot contain region information.`;
    if (arn.resource !== '*' && !IAM_RESOURCE_PATH_PREFIXES.some((prefix) => arn.resource.startsWith(prefix))) {
      return `IAM resource path must either be "*" or start with ${IAM_RESOURCE_PATH_PREFIXES.join(', ')}.`;
    }
  }
  // Buckets and objects are global; only S3's account-owned resources (access points, batch jobs, Storage
  // Lens configurations, Access Grants) are regional, and those always name their account.
  if (arn.service === 's3' && arn.region !== '' && arn.account === '') {
    return `Resource ${resource} can not contain region information.`;
  }
  return undefined;
}

/**
 * Whether IAM's legacy parser rejects a resource whose format is otherwise accepted: the service component
 * must not be empty, and an ARN shorter than six components must not have an empty component inside it.
 */
export function failsLegacyArnParse(resource: string): boolean {
  if (resource === '*') return false;
  const parts = resource.split(':');
  if (parts.length >= 3 && parts[2] === '') return true;
  return parts.length < 6 && parts.slice(1, -1).includes('');
}
