// IAM account-level operations as one handler map: aliases, the account summary, authorization details, the
// credential report, and the OIDC and SAML identity providers that federation trusts.
import type { IAMOperations } from '../../aws/generated/iam.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import { accountSummaryHandlers } from './account-summary.js';
import { aliasHandlers } from './aliases.js';
import { authorizationDetailsHandlers } from './authorization-details.js';
import { credentialReportHandlers } from './credential-report.js';
import { oidcProviderHandlers } from './oidc-providers.js';
import { samlProviderHandlers } from './saml-providers.js';

export const accountHandlers: Handlers<IAMOperations> = {
  ...aliasHandlers,
  ...accountSummaryHandlers,
  ...authorizationDetailsHandlers,
  ...credentialReportHandlers,
  ...oidcProviderHandlers,
  ...samlProviderHandlers,
};
