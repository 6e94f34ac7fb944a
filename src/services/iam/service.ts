// IAM as Warden knows it: model, IAM prefix, CloudTrail event source, billing, handlers, authorization, migrations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { iam } from './index.js';
import { iamAuthorization } from './authorization/hooks.js';
import { iamMigration } from './migrations/0010_iam.js';
import { iamIdentitiesMigration } from './migrations/0011_iam_identities.js';
import { iamCredentialsMigration } from './migrations/0013_iam_credentials.js';
import { iamAccountMigration } from './migrations/0014_iam_account.js';
import { iamCertificatesKeysMigration } from './migrations/0015_iam_certificates_keys.js';
import { iamAuthEpochMigration } from './migrations/0170_iam_auth_epoch.js';
import { serverCertificateResourceOverrides } from './credentials/server-certificate-resources.js';

export const iamService: ServiceDescriptor = {
  model: 'iam',
  iamPrefix: 'iam',
  eventSource: 'iam.amazonaws.com',
  billing: { name: 'AWS Identity and Access Management', requestUsageType: 'IAM-Requests' },
  provider: iam,
  authorization: {
    ...iamAuthorization,
    resourceOverrides: { ...iamAuthorization.resourceOverrides, ...serverCertificateResourceOverrides },
  },
  migrations: [
    iamMigration,
    iamIdentitiesMigration,
    iamCredentialsMigration,
    iamAccountMigration,
    iamCertificatesKeysMigration,
    iamAuthEpochMigration,
  ],
};
