// The activation's IAM role as Systems Manager uses it: trusted by ssm.amazonaws.com, assumed for a managed instance.
import type { Kysely } from 'kysely';
import { issueSessionCredentials, type IssuedCredentials } from '../../auth/session-tokens.js';
import { decide } from '../../authz/decide.js';
import type { Runtime } from '../../core/runtime.js';
import type { Database } from '../../store/schema.js';
import { parseRoleArn } from '../sts/role-arn.js';
import { findTargetRole, noteRoleUsed, type TargetRole } from '../sts/target-role.js';
import { managedInstanceArn, roleArnOf } from './arns.js';

const SSM_PRINCIPAL = 'ssm.amazonaws.com';
/** How long a managed instance's credentials last; the agent renews them before they expire. */
export const INSTANCE_CREDENTIAL_SECONDS = 3600;

/**
 * The role `iamRole` names in the account, when it exists and its trust policy lets Systems Manager assume it
 * (sts:AssumeRole by the service principal, with aws:SourceAccount and aws:SourceArn as AWS sets them, so a trust
 * policy scoped with the confused-deputy conditions AWS recommends works); otherwise undefined.
 */
export async function usableRole(
  db: Kysely<Database>,
  partition: string,
  region: string,
  accountId: string,
  iamRole: string,
  now: Date,
): Promise<TargetRole | undefined> {
  let ref;
  try {
    ref = parseRoleArn(roleArnOf(partition, accountId, iamRole));
  } catch {
    return undefined;
  }
  if (ref === undefined) return undefined;
  const role = await findTargetRole(db, ref, partition);
  if (role === undefined) return undefined;
  const decision = decide({
    principal: { type: 'AWSService', arn: SSM_PRINCIPAL },
    action: 'sts:AssumeRole',
    resource: {
      arn: role.arn,
      display: role.arn,
      entity: { kind: 'role', tags: role.tags, trustPolicy: role.trustPolicy },
    },
    context: {
      'aws:SourceAccount': accountId,
      'aws:SourceArn': `arn:${partition}:ssm:${region}:${accountId}:*`,
      'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:PrincipalServiceName': SSM_PRINCIPAL,
      'aws:RequestedRegion': region,
    },
  });
  return decision.decision === 'Allowed' ? role : undefined;
}

/**
 * Credentials of `role` for one managed instance, minted by STS's session machinery: an assumed-role session named
 * after the instance (as AWS names it), bound to the instance's ARN so that deregistering it revokes them.
 */
export async function instanceCredentials(
  runtime: Runtime,
  role: TargetRole,
  instance: { instanceId: string; accountId: string; region: string; partition: string },
  now: Date,
): Promise<IssuedCredentials> {
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const seconds = Math.min(INSTANCE_CREDENTIAL_SECONDS, role.maxSessionDuration);
  const issued = issueSessionCredentials(runtime, {
    accountId: role.accountId,
    partition: instance.partition,
    kind: 'AssumeRole',
    issuer: { type: 'Role', principalId: role.roleId, arn: role.arn, accountId: role.accountId, name: role.name },
    sessionName: instance.instanceId,
    issuedAt,
    expiration: new Date(issuedAt.getTime() + seconds * 1000),
    mfaAuthenticated: false,
    sourceInstanceArn: managedInstanceArn(instance.partition, instance.region, instance.accountId, instance.instanceId),
  });
  await noteRoleUsed(runtime.store.db, role, now, instance.region);
  return issued;
}
