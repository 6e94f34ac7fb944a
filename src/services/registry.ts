// The one list of the services Warden knows; every other list of services (models, routes, IAM prefixes, event
// sources, billing, migrations, generated types) derives from it.
import type { ModelName } from '../aws/model.js';
import type { ServiceDescriptor } from '../core/runtime.js';
import { billedServices, type BilledService } from '../billing/services.js';
import { CORE_MIGRATIONS } from '../store/migrations.js';
import type { Migration } from '../store/store.js';
import { kmsService } from './kms/service.js';
import { iamService } from './iam/service.js';
import { stsService } from './sts/service.js';
import { organizationsService } from './organizations/service.js';
import { cloudtrailService } from './cloudtrail/service.js';
import { wafv2Service } from './wafv2/service.js';
import { guarddutyService } from './guardduty/service.js';
import { inspector2Service } from './inspector2/service.js';
import { shieldService } from './shield/service.js';
import { artifactService } from './artifact/service.js';
import { ceService } from './ce/service.js';
import { elbv2Service } from './elbv2/service.js';
import { ssmService } from './ssm/service.js';
import { inspectorScanService } from './inspector-scan/service.js';
import { route53Service } from './route53/service.js';

/** Every service Warden knows. Order carries no meaning: what derives from the list is keyed or sorted where used. */
export const SERVICES: readonly ServiceDescriptor[] = [
  kmsService,
  iamService,
  stsService,
  organizationsService,
  cloudtrailService,
  wafv2Service,
  guarddutyService,
  inspector2Service,
  shieldService,
  artifactService,
  ceService,
  elbv2Service,
  ssmService,
  inspectorScanService,
  route53Service,
];

/** The models Warden vendors (scripts/vendor-models.mjs fetches exactly these). */
export const MODEL_NAMES: readonly ModelName[] = SERVICES.map((s) => s.model);

/** The models of the services that have handlers (scripts/gen-types.ts generates types for these). */
export const SERVED_MODEL_NAMES: readonly ModelName[] = SERVICES.filter((s) => s.provider).map((s) => s.model);

/** Every schema migration: the core schema's, then each service's (migrate() applies them in id order). */
export const MIGRATIONS: readonly Migration[] = [...CORE_MIGRATIONS, ...SERVICES.flatMap((s) => s.migrations ?? [])];

/** What billing meters and Cost Explorer reports, per service. */
export const BILLED_SERVICES: readonly BilledService[] = billedServices(SERVICES);

/** Every service by model name, as the Runtime holds them. */
export function serviceDescriptors(): ReadonlyMap<ModelName, ServiceDescriptor> {
  return new Map(SERVICES.map((s) => [s.model, s]));
}
