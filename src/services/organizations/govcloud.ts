// CreateGovCloudAccount: AWS creates the account only for a management account paired with an account in the
// GovCloud (US) partition. Warden serves no GovCloud partition, so no management account is ever paired: the call
// answers what AWS answers such a management account (ConstraintViolationException MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED).
import type { Handlers } from '../../aws/generated/handlers.js';
import type { OrganizationsOperations } from '../../aws/generated/organizations.js';
import { constraintViolation } from './errors.js';
import { managedOrg } from './org-context.js';

export const govCloudHandlers: Handlers<OrganizationsOperations> = {
  async CreateGovCloudAccount(ctx) {
    await managedOrg(ctx, ctx.runtime.store.db);
    // The Reason's own words in the model's ConstraintViolationException documentation.
    throw constraintViolation(
      'MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED',
      'To complete this operation, the management account must have an associated account in the Amazon Web Services GovCloud (US-West) Region.',
    );
  },
};
