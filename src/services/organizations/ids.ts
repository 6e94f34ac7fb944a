// Organizations' identifiers and ARNs: o-, r-, ou-, p-, car-, h- ids in AWS's formats.
import { randomInt } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function lowerAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += LOWER_ALNUM[randomInt(LOWER_ALNUM.length)];
  return out;
}

export const newOrganizationId = () => `o-${lowerAlnum(10)}`;
export const newRootId = () => `r-${lowerAlnum(4)}`;
/** `ou-<the root's 4 characters>-<8>`, as AWS ties OU ids to their root. */
export const newOuId = (rootId: string) => `ou-${rootId.slice(2)}-${lowerAlnum(8)}`;
export const newPolicyId = () => `p-${lowerAlnum(8)}`;
export const newCreateAccountRequestId = () => `car-${lowerAlnum(32)}`;
export const newHandshakeId = () => `h-${lowerAlnum(10)}`;

export const FULL_AWS_ACCESS_ID = 'p-FullAWSAccess';
export const RCP_FULL_AWS_ACCESS_ID = 'p-RCPFullAWSAccess';

/** The ARN segment AWS uses for each policy type. */
export const POLICY_TYPE_SEGMENT: Readonly<Record<string, string>> = {
  SERVICE_CONTROL_POLICY: 'service_control_policy',
  RESOURCE_CONTROL_POLICY: 'resource_control_policy',
  TAG_POLICY: 'tag_policy',
};

export interface ArnScope {
  partition: string;
  managementAccountId: string;
  orgId: string;
}

export const organizationArn = (s: ArnScope) =>
  `arn:${s.partition}:organizations::${s.managementAccountId}:organization/${s.orgId}`;
export const rootArn = (s: ArnScope, rootId: string) =>
  `arn:${s.partition}:organizations::${s.managementAccountId}:root/${s.orgId}/${rootId}`;
export const ouArn = (s: ArnScope, ouId: string) =>
  `arn:${s.partition}:organizations::${s.managementAccountId}:ou/${s.orgId}/${ouId}`;
export const accountArn = (s: ArnScope, accountId: string) =>
  `arn:${s.partition}:organizations::${s.managementAccountId}:account/${s.orgId}/${accountId}`;
/** The handshake type segment is its action in lower case (`invite`, `enable_all_features`). */
export const handshakeArn = (s: ArnScope, handshakeId: string, action = 'INVITE') =>
  `arn:${s.partition}:organizations::${s.managementAccountId}:handshake/${s.orgId}/${action.toLowerCase()}/${handshakeId}`;
export function policyArn(s: ArnScope, type: string, policyId: string, awsManaged: boolean): string {
  const segment = POLICY_TYPE_SEGMENT[type] ?? type.toLowerCase();
  return awsManaged
    ? `arn:${s.partition}:organizations::aws:policy/${segment}/${policyId}`
    : `arn:${s.partition}:organizations::${s.managementAccountId}:policy/${s.orgId}/${segment}/${policyId}`;
}
