// IAM account-level operations as one handler map: aliases, the account summary, authorization details, the
// credential report, and the OIDC and SAML identity providers that federation trusts.
import type { IAMOperations } from '../../aws/generated/iam.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import { accountSummaryHandlers } from './account/summary.js';
import { aliasHandlers } from './account/aliases.js';
import { authorizationDetailsHandlers } from './account/authorization-details.js';
import { credentialReportHandlers } from './credentials/report.js';
import { oidcProviderHandlers } from './federation/oidc-providers.js';
import { samlProviderHandlers } from './federation/saml-providers.js';

export const accountHandlers: Handlers<IAMOperations> = {
  ...aliasHandlers,
  ...accountSummaryHandlers,
  ...authorizationDetailsHandlers,
  ...credentialReportHandlers,
  ...oidcProviderHandlers,
  ...samlProviderHandlers,
};
