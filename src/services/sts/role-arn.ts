// The RoleArn of the AssumeRole family: AWS's ValidationError for text that is no ARN, else the role it names.
import { AwsError } from '../../aws/error.js';

export interface RoleRef {
  /** The ARN as the caller gave it. */
  arn: string;
  partition: string;
  accountId: string;
  /** `/` or `/division/team/`. */
  path: string;
  name: string;
}

/**
 * Parses a RoleArn. Text without the six colon-separated parts of an ARN, or with an empty partition, service or
 * resource, is AWS's `ValidationError: <text> is invalid`. A well-formed ARN that names no IAM role returns
 * undefined: AWS answers those with AccessDenied, as it does for a role that does not exist.
 */
export function parseRoleArn(text: string): RoleRef | undefined {
  const parts = text.split(':');
  const resource = parts.slice(5).join(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[1] === '' || parts[2] === '' || resource === '') {
    throw new AwsError('ValidationError', `${text} is invalid`, { status: 400 });
  }
  const [, partition, service, region, accountId] = parts;
  if (service !== 'iam' || region !== '' || !/^\d{12}$/.test(accountId) || !resource.startsWith('role/')) {
    return undefined;
  }
  const segments = resource.slice('role/'.length).split('/');
  const name = segments.pop() ?? '';
  if (name === '' || segments.some((s) => s === '')) return undefined;
  const path = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
  return { arn: text, partition, accountId, path, name };
}
