// Authorization of every request before its handler runs.
import { AwsError } from '../aws/error.js';
import type { RequestContext } from '../services/types.js';

/**
 * The root user is unrestricted inside its own account (Organizations' SCPs and RCPs aside, which
 * arrive with Organizations). Unsigned operations reach here as Anonymous only when the service marks
 * them unsigned. Any other principal type is decided by the policy engine.
 */
export async function authorize(ctx: RequestContext, _input: Record<string, unknown>): Promise<void> {
  const { identity } = ctx;
  if (identity.type === 'Root' || identity.type === 'Anonymous') return;
  throw new AwsError(
    'AccessDenied',
    `User: ${identity.arn} is not authorized to perform: ${ctx.service}:${ctx.operation} because no identity-based policy allows the ${ctx.service}:${ctx.operation} action`,
  );
}
