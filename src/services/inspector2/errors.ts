// Inspector2's errors as it answers them: ValidationException (400) with a reason, ResourceNotFoundException (404),
// ServiceQuotaExceededException (402), and for Organizations AccessDeniedException (403) and ConflictException (409).
import { AwsError } from '../../aws/error.js';

export function validation(message: string, reason = 'OTHER'): AwsError {
  return new AwsError('ValidationException', message, { fields: { reason } });
}

/** A nextToken that was not one of this operation's answers, or was altered. */
export function invalidToken(): AwsError {
  return validation('The provided pagination token is invalid.');
}

/** A filter ARN that is not one of the caller's filters in this region. */
export function filterNotFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `The filter ${arn.slice(0, 128)} was not found.`);
}

/** Creating a resource past the account's quota; `resourceId` names what is at its limit. */
export function quotaExceeded(message: string, resourceId: string): AwsError {
  return new AwsError('ServiceQuotaExceededException', message, { fields: { resourceId } });
}

/** Tags Inspector2 refuses (too many, or in the reserved `aws:` namespace), in its model's documented words. */
export function invalidTags(): AwsError {
  return new AwsError('BadRequestException', 'One or more tags submitted as part of the request is not valid.');
}

/** AccessDeniedException (403): the caller lacks the organization role the operation needs. */
export function accessDenied(message: string): AwsError {
  return new AwsError('AccessDeniedException', message, { status: 403 });
}

/** ConflictException (409) naming the conflicting resource. */
export function conflict(message: string, resourceId: string, resourceType: string): AwsError {
  return new AwsError('ConflictException', message, { fields: { resourceId, resourceType } });
}

/** ResourceNotFoundException (404). */
export function notFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message);
}
