// STS as Warden knows it: model, IAM prefix, CloudTrail event source, billing, handlers, authorization, migrations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { sts } from './index.js';
import { STS_SELF_AUTHORIZED_OPERATIONS } from './authorize-assume-role.js';
import { stsSamlReplayMigration } from './migrations/0050_sts_saml_replay.js';

export const stsService: ServiceDescriptor = {
  model: 'sts',
  iamPrefix: 'sts',
  eventSource: 'sts.amazonaws.com',
  billing: { name: 'AWS Security Token Service', requestUsageType: 'STS-Requests' },
  provider: sts,
  authorization: { selfAuthorizing: STS_SELF_AUTHORIZED_OPERATIONS },
  migrations: [stsSamlReplayMigration],
};
