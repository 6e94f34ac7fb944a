// Shield's resources as policies name them: a protection by its id, or by the protected resource's ARN resolved to it.
import type { ResourceOverride, ResourceOverrides } from '../../core/authorization.js';
import { accountScope } from '../../store/account-scope.js';
import { shieldArn } from './arns.js';

/**
 * DescribeProtection may name the protection by the protected resource's ARN: that ARN is not the resource acted
 * on, so it is resolved to the caller's protection of it. A protection that does not exist is decided on
 * `protection/*`, so only a caller allowed every protection learns that it is missing.
 */
const describeProtection: ResourceOverride = async (env) => {
  const { ProtectionId, ResourceArn } = env.input as { ProtectionId?: unknown; ResourceArn?: unknown };
  const account = env.identity.accountId;
  if (typeof ProtectionId === 'string') {
    const arn = shieldArn(env.partition, account, 'protection', ProtectionId);
    return [{ arn, display: arn }];
  }
  let id = '*';
  if (typeof ResourceArn === 'string' && env.db) {
    const row = await accountScope(env.db, account)
      .selectFrom('shield_protections')
      .select('id')
      .where('resource_arn', '=', ResourceArn)
      .executeTakeFirst();
    if (row) id = row.id;
  }
  const arn = shieldArn(env.partition, account, 'protection', id);
  return [{ arn, display: arn }];
};

export const shieldResourceOverrides: ResourceOverrides = {
  'shield:DescribeProtection': { resolve: describeProtection, members: ['ProtectionId', 'ResourceArn'] },
};
