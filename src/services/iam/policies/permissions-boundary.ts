// Checks a PermissionsBoundary ARN given to CreateUser/CreateRole: a managed policy that exists and can be attached.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { noSuchEntity } from '../errors.js';
import { AWS_MANAGED_ACCOUNT, isAwsManaged, resolvePolicyArn } from './arns.js';
import { otherAccountScope } from '../../../store/account-scope.js';

/** "Scope ARN: arn:... does not exist or is not attachable." (NoSuchEntity, 404), as IAM words it. */
function notAttachable(arn: string) {
  return noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
}

/**
 * Returns the boundary policy's ARN as the store keys it (see arns.ts), or throws: ValidationError for text
 * that is no ARN, NoSuchEntity unless it names a customer managed policy of this account that exists or an AWS
 * managed policy. AWS managed policies are checked against the stored catalog once one is seeded; those reserved
 * for service-linked roles (aws-service-role/) are never attachable.
 */
export async function acceptBoundaryPolicy(
  db: Kysely<Database>,
  accountId: string,
  partition: string,
  arn: string,
): Promise<string> {
  const ref = resolvePolicyArn(arn, partition);
  if (!ref || (ref.owner !== accountId && !isAwsManaged(ref))) throw notAttachable(arn);
  if (isAwsManaged(ref) && ref.stored.includes(':policy/aws-service-role/')) throw notAttachable(arn);
  const stored = await db.selectFrom('iam_policies').select('arn').where('arn', '=', ref.stored).executeTakeFirst();
  if (stored) return ref.stored;
  if (isAwsManaged(ref) && !(await awsCatalogSeeded(db))) return ref.stored;
  throw notAttachable(arn);
}

async function awsCatalogSeeded(db: Kysely<Database>): Promise<boolean> {
  // AWS's own account, where the managed catalogue lives.
  const any = await otherAccountScope(db, AWS_MANAGED_ACCOUNT)
    .selectFrom('iam_policies')
    .select('arn')
    .limit(1)
    .executeTakeFirst();
  return any !== undefined;
}
