// Organizations as Warden knows it: model, IAM prefix, CloudTrail event source, billing, handlers, authorization, migrations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { organizations } from './index.js';
import { organizationsAuthorization } from './authorization.js';
import { organizationsMigration } from './migrations/0020_organizations.js';
import { organizationsPoliciesMigration } from './migrations/0021_organizations_policies.js';
import { responsibilityTransfersMigration } from './migrations/0023_responsibility_transfers.js';
import { organizationsInputError } from './input-errors.js';

export const organizationsService: ServiceDescriptor = {
  model: 'organizations',
  iamPrefix: 'organizations',
  eventSource: 'organizations.amazonaws.com',
  billing: { name: 'AWS Organizations', requestUsageType: 'Organizations-Requests' },
  provider: organizations,
  authorization: organizationsAuthorization,
  migrations: [organizationsMigration, organizationsPoliciesMigration, responsibilityTransfersMigration],
  inputError: organizationsInputError,
};
