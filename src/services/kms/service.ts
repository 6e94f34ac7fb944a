// KMS as Warden knows it: model, IAM prefix, CloudTrail event source, billing, handlers, authorization, migrations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { kms } from './index.js';
import { kmsAuthorization } from './key-authorization.js';
import { kmsMigration } from './migrations/0030_kms.js';
import { kmsMultiRegionMigration } from './migrations/0031_kms_multi_region.js';
import { kmsCustomKeyStoresMigration } from './migrations/0032_kms_custom_key_stores.js';

export const kmsService: ServiceDescriptor = {
  model: 'kms',
  iamPrefix: 'kms',
  eventSource: 'kms.amazonaws.com',
  billing: { name: 'AWS Key Management Service', requestUsageType: 'KMS-Requests' },
  provider: kms,
  authorization: kmsAuthorization,
  migrations: [kmsMigration, kmsMultiRegionMigration, kmsCustomKeyStoresMigration],
};
