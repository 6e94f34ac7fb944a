// Route 53's errors as its API reference words them (status codes come from the model's error shapes).
import { AwsError } from '../../aws/error.js';

export function noSuchHealthCheck(id: string): AwsError {
  return new AwsError('NoSuchHealthCheck', `A health check with id ${id.slice(0, 64)} does not exist.`);
}

/** Route 53's InvalidInput, its one error for a request it will not take: `Invalid parameter : <why>`. */
export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', message);
}

export function healthCheckAlreadyExists(): AwsError {
  return new AwsError(
    'HealthCheckAlreadyExists',
    "The health check you're attempting to create already exists. A health check with this CallerReference exists with other settings, or was deleted.",
  );
}

export function versionMismatch(): AwsError {
  return new AwsError(
    'HealthCheckVersionMismatch',
    "The value of HealthCheckVersion in the request doesn't match the value of HealthCheckVersion in the health check.",
  );
}

export function noSuchHostedZone(id: string): AwsError {
  return new AwsError('NoSuchHostedZone', `No hosted zone found with ID: ${id.slice(0, 64)}`);
}
