// Every service provider Warden serves, keyed by model name.
import type { ModelName } from '../aws/model.js';
import type { ServiceProvider } from '../core/runtime.js';
import { sts } from './sts/index.js';
import { cloudtrail } from './cloudtrail/index.js';
import { iam } from './iam/index.js';
import { organizations } from './organizations/index.js';
import { kms } from './kms/index.js';
import { ce } from './ce/index.js';

export function serviceProviders(): ReadonlyMap<ModelName, ServiceProvider> {
  return new Map<ModelName, ServiceProvider>([sts, cloudtrail, iam, organizations, kms, ce].map((p) => [p.name, p]));
}
