// SourceIdentity: set once, then carried unchanged along a role chain.
import { AwsError } from '../../aws/error.js';

/**
 * The source identity of a new role session: the calling session's when it has one (it cannot be changed once set,
 * so a different requested value is refused), else the requested one. The model already checks the value's
 * characters; values beginning with `aws:` are reserved.
 */
export function effectiveSourceIdentity(
  requested: string | undefined,
  inherited: string | undefined,
): string | undefined {
  if (requested !== undefined && requested.toLowerCase().startsWith('aws:')) {
    throw new AwsError('InvalidParameterValue', "The source identity can't start with the text aws:", { status: 400 });
  }
  if (inherited !== undefined) {
    if (requested !== undefined && requested !== inherited) {
      throw new AwsError(
        'InvalidParameterValue',
        'The source identity of the calling session is already set and cannot be changed.',
        { status: 400 },
      );
    }
    return inherited;
  }
  return requested;
}
