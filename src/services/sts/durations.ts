// How long each kind of session may last, with AWS's limits and messages.
import { AwsError } from '../../aws/error.js';

/** AssumeRole* default, and the most a chained role session (a role session assuming a role) may have. */
export const ONE_HOUR = 3600;
/** GetSessionToken and GetFederationToken default for IAM users. */
export const TWELVE_HOURS = 43_200;

function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

/**
 * Seconds an assumed-role session lasts: DurationSeconds (default one hour) within the role's MaxSessionDuration,
 * and within one hour when a role session assumes a role (role chaining). The model already bounds it to 900..43200.
 */
export function roleSessionSeconds(
  requested: number | undefined,
  maxSessionDuration: number,
  chained: boolean,
): number {
  const seconds = requested ?? ONE_HOUR;
  if (chained && seconds > ONE_HOUR) {
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (seconds > maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return seconds;
}

/**
 * Seconds a GetSessionToken or GetFederationToken session lasts: DurationSeconds (default 12 hours; the model bounds
 * it to 900..129600). Sessions of the root user last at most one hour: a longer request is shortened, as AWS
 * documents ("defaults to one hour"), not refused.
 */
export function tokenSessionSeconds(requested: number | undefined, root: boolean): number {
  if (root) return Math.min(requested ?? ONE_HOUR, ONE_HOUR);
  return requested ?? TWELVE_HOURS;
}
