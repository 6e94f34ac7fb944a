// Every schema migration, in order. Adding one is one import and one entry; ids are never renamed or reordered.
import type { Migration } from './store.js';
import { core } from './migrations/0001_core.js';
import { cloudtrailMigration } from './migrations/0002_cloudtrail.js';
import { auditIntentsMigration } from './migrations/0003_audit_intents.js';
import { iamMigration } from './migrations/0010_iam.js';
import { iamIdentitiesMigration } from './migrations/0011_iam_identities.js';
import { iamCredentialsMigration } from './migrations/0013_iam_credentials.js';
import { iamAccountMigration } from './migrations/0014_iam_account.js';
import { organizationsMigration } from './migrations/0020_organizations.js';
import { kmsMigration } from './migrations/0030_kms.js';

export const MIGRATIONS: Migration[] = [
  core,
  cloudtrailMigration,
  auditIntentsMigration,
  iamMigration,
  iamIdentitiesMigration,
  iamCredentialsMigration,
  iamAccountMigration,
  organizationsMigration,
  kmsMigration,
];
