// Inspector2's errors as it answers them: ValidationException (400) with a reason, AccessDeniedException (403).
import { AwsError } from '../../aws/error.js';

export function validation(message: string, reason = 'OTHER'): AwsError {
  return new AwsError('ValidationException', message, { fields: { reason } });
}

/** A nextToken that was not one of this operation's answers, or was altered. */
export function invalidToken(): AwsError {
  return validation('The provided pagination token is invalid.');
}
