// WAFv2's errors as AWS words them on the wire (the WAF API reference's exception texts, "AWS WAF" prefixed).
import { AwsError } from '../../aws/error.js';
import type { ParameterExceptionField } from '../../aws/generated/wafv2.js';

export function nonexistent(): AwsError {
  return new AwsError(
    'WAFNonexistentItemException',
    'AWS WAF couldn’t perform the operation because your resource doesn’t exist.',
  );
}

export function duplicate(): AwsError {
  return new AwsError(
    'WAFDuplicateItemException',
    'AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.',
  );
}

export function optimisticLock(): AwsError {
  return new AwsError(
    'WAFOptimisticLockException',
    'AWS WAF couldn’t save your changes because you tried to update or delete a resource that has changed since you last retrieved it. Get the resource again, make any changes you need to make to the new copy, and retry your operation.',
  );
}

export function associated(): AwsError {
  return new AwsError(
    'WAFAssociatedItemException',
    'AWS WAF couldn’t perform the operation because your resource is being used by another resource or it’s associated with another resource.',
  );
}

export function limitsExceeded(): AwsError {
  return new AwsError(
    'WAFLimitsExceededException',
    'AWS WAF couldn’t perform the operation because you exceeded your resource limit. For example, the maximum number of WebACL objects that you can create for an AWS account. For more information, see Limits in the AWS WAF Developer Guide.',
  );
}

/** AWS's reasons, as its WAFInvalidParameterException messages carry them. */
export const REASON = {
  format: "The parameter contains formatting that isn't valid.",
  exactlyOne: 'You have used none or multiple values for a field that requires exactly one value.',
  scope: 'The scope is not valid.',
  notValid: 'The parameter is not valid.',
  duplicate: 'Your request contains a duplicate value.',
  unsupported: 'Your statement has a type that isn’t supported in this context.',
  reference: 'A reference in your rule statement is not valid.',
} as const;

/** WAFInvalidParameterException with its Field, Parameter and Reason members and the message AWS builds of them. */
export function invalidParameter(field: ParameterExceptionField, parameter: string, reason: string): AwsError {
  const shown = parameter.length > 256 ? `${parameter.slice(0, 256)}…` : parameter;
  return new AwsError('WAFInvalidParameterException', `Error reason: ${reason}, field: ${field}, parameter: ${shown}`, {
    fields: { Field: field, Parameter: shown, Reason: reason },
  });
}

export function invalidMarker(): AwsError {
  return invalidParameter('ENTITY_LIMIT' as ParameterExceptionField, 'NextMarker', REASON.notValid);
}
