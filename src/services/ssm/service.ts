// Systems Manager as Warden knows it: hybrid activations, managed instances registered by `warden agent`, inventory, tags.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { ssm } from './index.js';
import { ssmMigration } from './migrations/0101_ssm.js';
import { ssmInstanceTagsMigration } from './migrations/0160_ssm_instance_tags.js';
import { ssmAuthorization } from './tag-authorization.js';

export const ssmService: ServiceDescriptor = {
  model: 'ssm',
  iamPrefix: 'ssm',
  eventSource: 'ssm.amazonaws.com',
  billing: { name: 'AWS Systems Manager', requestUsageType: 'SSM-Requests' },
  provider: ssm,
  authorization: ssmAuthorization,
  migrations: [ssmMigration, ssmInstanceTagsMigration],
};
