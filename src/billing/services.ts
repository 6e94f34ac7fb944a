// The services Warden meters: each one's CloudTrail eventSource, Cost Explorer name and request usage type.

export interface BilledService {
  /** The CloudTrail eventSource its calls are recorded under. */
  eventSource: string;
  /** The SERVICE dimension value Cost Explorer shows. */
  name: string;
  /** The usage type one API request counts under. */
  requestUsageType: string;
}

/** In the order reports list them. */
export const BILLED_SERVICES: readonly BilledService[] = [
  { eventSource: 'kms.amazonaws.com', name: 'AWS Key Management Service', requestUsageType: 'KMS-Requests' },
  { eventSource: 'iam.amazonaws.com', name: 'AWS Identity and Access Management', requestUsageType: 'IAM-Requests' },
  { eventSource: 'sts.amazonaws.com', name: 'AWS Security Token Service', requestUsageType: 'STS-Requests' },
  { eventSource: 'organizations.amazonaws.com', name: 'AWS Organizations', requestUsageType: 'Organizations-Requests' },
  { eventSource: 'cloudtrail.amazonaws.com', name: 'AWS CloudTrail', requestUsageType: 'CloudTrail-Requests' },
  { eventSource: 'wafv2.amazonaws.com', name: 'AWS WAF', requestUsageType: 'WAF-Requests' },
  { eventSource: 'guardduty.amazonaws.com', name: 'Amazon GuardDuty', requestUsageType: 'GuardDuty-Requests' },
  { eventSource: 'inspector2.amazonaws.com', name: 'Amazon Inspector', requestUsageType: 'Inspector-Requests' },
  { eventSource: 'shield.amazonaws.com', name: 'AWS Shield', requestUsageType: 'Shield-Requests' },
  { eventSource: 'artifact.amazonaws.com', name: 'AWS Artifact', requestUsageType: 'Artifact-Requests' },
  { eventSource: 'ce.amazonaws.com', name: 'AWS Cost Explorer', requestUsageType: 'CE-Requests' },
];

/** The usage type of a KMS customer managed key's existence, counted in key-months. */
export const KMS_KEY_USAGE_TYPE = 'KMS-Keys';

const BY_SOURCE = new Map(BILLED_SERVICES.map((s) => [s.eventSource, s]));

export function serviceOfEventSource(eventSource: string): BilledService | undefined {
  return BY_SOURCE.get(eventSource);
}

export const KMS_SERVICE = BY_SOURCE.get('kms.amazonaws.com')!;

/** The unit a usage type is counted in (GetDimensionValues' `unit` attribute for USAGE_TYPE). */
export function usageUnit(usageType: string): string {
  return usageType === KMS_KEY_USAGE_TYPE ? 'Keys' : 'Requests';
}
