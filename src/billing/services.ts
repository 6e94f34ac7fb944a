// The services Warden meters: each one's CloudTrail eventSource, Cost Explorer name and request usage type.
import type { ServiceDescriptor } from '../core/runtime.js';

export interface BilledService {
  /** The CloudTrail eventSource its calls are recorded under. */
  eventSource: string;
  /** The SERVICE dimension value Cost Explorer shows. */
  name: string;
  /** The usage type one API request counts under. */
  requestUsageType: string;
}

/** Each service's billing, as its descriptor (src/services/<svc>/service.ts) gives it. */
export function billedServices(services: Iterable<ServiceDescriptor>): BilledService[] {
  return [...services].map((s) => ({ eventSource: s.eventSource, ...s.billing }));
}

/** The usage type of a KMS customer managed key's existence, counted in key-months. */
export const KMS_KEY_USAGE_TYPE = 'KMS-Keys';

/** KMS's eventSource: its keys are metered by the month besides its requests. */
export const KMS_EVENT_SOURCE = 'kms.amazonaws.com';

/** The unit a usage type is counted in (GetDimensionValues' `unit` attribute for USAGE_TYPE). */
export function usageUnit(usageType: string): string {
  return usageType === KMS_KEY_USAGE_TYPE ? 'Keys' : 'Requests';
}
