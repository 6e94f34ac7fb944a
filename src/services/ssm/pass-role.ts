// CreateActivation passes its role to Systems Manager: the caller needs iam:PassRole on it, as AWS requires.
import { AwsError } from '../../aws/error.js';
import { decideRequest } from '../../authz/authorize.js';
import { accessDeniedCode, accessDeniedMessage } from '../../authz/denial.js';
import type { RequestContext } from '../../core/runtime.js';
import type { TargetRole } from '../sts/target-role.js';

/**
 * Decides iam:PassRole (with iam:PassedToService ssm.amazonaws.com) on the role, with the caller's policies, boundary,
 * session policies and SCPs, exactly as the request itself was decided; throws AWS's AccessDeniedException otherwise.
 * IamRole names the role without an ARN, so the generic operation plan cannot find it: the handler asks once the role
 * is known.
 */
export async function authorizePassRole(
  ctx: RequestContext,
  input: Record<string, unknown>,
  role: TargetRole,
): Promise<void> {
  const resource = { arn: role.arn, display: role.arn, entity: { kind: 'role' as const, tags: role.tags } };
  const { denied } = await decideRequest(ctx, input, {
    adjust: (inputs) => ({
      ...inputs,
      checks: [
        { action: 'iam:PassRole', resources: [resource], context: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
      ],
    }),
  });
  if (denied === undefined) return;
  throw new AwsError(
    accessDeniedCode(ctx.service),
    accessDeniedMessage(ctx.service, ctx.identity.arn, 'iam:PassRole', denied.resource, denied.result),
  );
}
