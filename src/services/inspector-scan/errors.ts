// Inspector Scan's errors: ValidationException with the model's reasons (its messages are Warden's; AWS documents none).
import { AwsError } from '../../aws/error.js';

export type ValidationReason = 'CANNOT_PARSE' | 'FIELD_VALIDATION_FAILED' | 'UNSUPPORTED_SBOM_TYPE' | 'OTHER';

export function validation(reason: ValidationReason, message: string, field?: string): AwsError {
  return new AwsError('ValidationException', message, {
    fields: field === undefined ? { reason } : { reason, fields: [{ name: field, message }] },
  });
}
