// CloudTrail's errors, with the codes its model declares (every one a 400, client fault) and AWS's messages.
import { AwsError } from '../../aws/error.js';

export function cloudTrailError(code: string, message: string): AwsError {
  return new AwsError(code, message, { status: 400, fault: 'Sender' });
}

export function trailNotFound(nameOrArn: string, accountId: string): AwsError {
  return cloudTrailError('TrailNotFoundException', `Unknown trail: ${nameOrArn} for the user: ${accountId}`);
}

export function invalidTrailName(message: string): AwsError {
  return cloudTrailError('InvalidTrailNameException', message);
}

export function invalidTrailArn(arn: string): AwsError {
  return cloudTrailError('CloudTrailARNInvalidException', `Invalid trail ARN: ${arn}`);
}

export function invalidHomeRegion(homeRegion: string): AwsError {
  return cloudTrailError(
    'InvalidHomeRegionException',
    `This operation must be called from the trail's home region (${homeRegion}); it cannot be called on a shadow trail.`,
  );
}

/** For features Warden does not offer (SNS, CloudWatch Logs, organization trails): refused, never pretended. */
export function unsupported(what: string): AwsError {
  return cloudTrailError('UnsupportedOperationException', `Warden does not support ${what}.`);
}
