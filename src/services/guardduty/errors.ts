// GuardDuty's errors as it answers them: BadRequestException with a `message` and a `type` (InvalidInputException).
import { AwsError } from '../../aws/error.js';

export function badRequest(message: string): AwsError {
  return new AwsError('BadRequestException', message, { fields: { Type: 'InvalidInputException' } });
}

export function detectorExists(): AwsError {
  return badRequest('The request is rejected because a detector already exists for the current account.');
}

/** AWS's answer for a detector id the caller does not own: missing, deleted, or another account's. */
export function detectorNotFound(): AwsError {
  return badRequest('The request is rejected because the input detectorId is not owned by the current account.');
}

export function resourceNotFound(): AwsError {
  return badRequest('The request is rejected since no such resource found.');
}

/** AWS's generic wording for a value outside what a parameter allows. */
export function invalidInput(): AwsError {
  return badRequest(
    'The request is rejected because an invalid or out-of-range value is specified as an input parameter.',
  );
}
