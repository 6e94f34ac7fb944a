// Amazon Resource Names: split an ARN into its six fields and put one back together.

export interface Arn {
  partition: string;
  service: string;
  /** Empty for global services (IAM, Organizations) and for resources that name no region. */
  region: string;
  /** Empty for resources owned by no account (S3 buckets, AWS managed policies use `aws`). */
  accountId: string;
  /** Everything after the fifth colon, colons and slashes included: `role/path/name`, `key/1234`, `table:x`. */
  resource: string;
}

/**
 * Parses `arn:partition:service:region:account-id:resource`. The resource keeps any further colons
 * (`arn:aws:logs:us-east-1:123456789012:log-group:name:*`). Undefined when the text is not an ARN:
 * fewer than six fields, or an empty partition, service or resource.
 */
export function parseArn(arn: string): Arn | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const partitionEnd = arn.indexOf(':', 4);
  if (partitionEnd <= 4) return undefined;
  const serviceEnd = arn.indexOf(':', partitionEnd + 1);
  if (serviceEnd <= partitionEnd + 1) return undefined;
  const regionEnd = arn.indexOf(':', serviceEnd + 1);
  if (regionEnd < 0) return undefined;
  const accountEnd = arn.indexOf(':', regionEnd + 1);
  if (accountEnd < 0 || accountEnd === arn.length - 1) return undefined;
  return {
    partition: arn.slice(4, partitionEnd),
    service: arn.slice(partitionEnd + 1, serviceEnd),
    region: arn.slice(serviceEnd + 1, regionEnd),
    accountId: arn.slice(regionEnd + 1, accountEnd),
    resource: arn.slice(accountEnd + 1),
  };
}

/** The ARN text for its fields; the inverse of parseArn. */
export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
}
