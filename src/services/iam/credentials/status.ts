// The statuses the Update* credential calls may set: Active or Inactive (Expired is IAM's to set, never the caller's).
import { validationError } from '../errors.js';

export function assertSettableStatus(status: string): asserts status is 'Active' | 'Inactive' {
  if (status !== 'Active' && status !== 'Inactive') {
    throw validationError(
      `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: ` +
        'Member must satisfy enum value set: [Active, Inactive]',
    );
  }
}
