// Artifact's errors as it answers them: rest-json shapes with a lower-case message and, for validation, a reason.
import { AwsError } from '../../aws/error.js';

export function validation(message: string, reason: 'invalidToken' | 'fieldValidationFailed' | 'other'): AwsError {
  return new AwsError('ValidationException', message, { status: 400, fields: { reason } });
}

export function reportNotFound(reportId: string): AwsError {
  return new AwsError('ResourceNotFoundException', 'Report resource not found', {
    status: 404,
    fields: { resourceId: reportId, resourceType: 'report' },
  });
}

export function reportVersionNotFound(reportId: string): AwsError {
  return new AwsError('ResourceNotFoundException', 'Report version not found', {
    status: 404,
    fields: { resourceId: reportId, resourceType: 'report' },
  });
}

/** GetReport without a term token this account accepted for this report: the download is refused. */
export function termNotAccepted(): AwsError {
  return new AwsError('AccessDeniedException', 'Term token is invalid, expired or already used', { status: 403 });
}

export function invalidNextToken(): AwsError {
  return validation('Invalid pagination token', 'invalidToken');
}

export function inquiryNotFound(inquiryId: string): AwsError {
  return new AwsError('ResourceNotFoundException', 'Compliance inquiry resource not found', {
    status: 404,
    fields: { resourceId: inquiryId, resourceType: 'compliance-inquiry' },
  });
}

export function queryNotFound(inquiryId: string, queryId: number): AwsError {
  return new AwsError('ResourceNotFoundException', 'Compliance inquiry query not found', {
    status: 404,
    fields: { resourceId: `${inquiryId}/${queryId}`, resourceType: 'compliance-inquiry-query' },
  });
}
