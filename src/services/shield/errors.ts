// Shield's errors as its API reference words them (the exception texts of the AWS Shield Advanced API Reference).
import { AwsError } from '../../aws/error.js';

/** The caller has no Shield Advanced subscription (every Advanced operation needs one). */
export function noSubscription(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The subscription does not exist.', {
    fields: { resourceType: 'subscription' },
  });
}

export function protectionNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The referenced protection does not exist.', {
    fields: { resourceType: 'protection' },
  });
}

export function protectionGroupNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The referenced protection group does not exist.', {
    fields: { resourceType: 'protection-group' },
  });
}

export function alreadyExists(resourceType: 'subscription' | 'protection' | 'protection-group'): AwsError {
  const what = resourceType.replace('-', ' ');
  return new AwsError('ResourceAlreadyExistsException', `The referenced ${what} already exists.`, {
    fields: { resourceType },
  });
}

/** The API reference's InvalidResourceException text: the resource is not protectable, not the caller's, or gone. */
export function invalidResource(
  message = 'Exception that indicates that the resource is invalid. You might not have access to the resource, or the resource might not exist.',
): AwsError {
  return new AwsError('InvalidResourceException', message);
}

/** InvalidParameterException with AWS's reason and the offending fields. */
export function invalidParameter(message: string, field?: string): AwsError {
  return new AwsError('InvalidParameterException', message, {
    fields: field ? { reason: 'FIELD_VALIDATION_FAILED', fields: [{ name: field, message }] } : { reason: 'OTHER' },
  });
}

export function invalidOperation(message: string): AwsError {
  return new AwsError('InvalidOperationException', message);
}

export function limitsExceeded(type: string, limit: number): AwsError {
  return new AwsError('LimitsExceededException', `The ${type} limit of ${limit} has been reached.`, {
    fields: { Type: type, Limit: limit },
  });
}

export function lockedSubscription(): AwsError {
  return new AwsError(
    'LockedSubscriptionException',
    'You are trying to update a subscription that has not yet completed the 1-year commitment. You can change the AutoRenew parameter during the last 30 days of your subscription. This exception indicates that you are attempting to change AutoRenew prior to that period.',
  );
}

export function invalidPaginationToken(): AwsError {
  return new AwsError('InvalidPaginationTokenException', 'The pagination token is not valid.');
}
