// Cost Explorer's dimensions as Warden's usage records carry them; every other dimension has no value here.
import type { UsageRecord } from './usage.js';

/** The dimensions a usage record has a value for. */
export const RECORDED_DIMENSIONS = ['LINKED_ACCOUNT', 'SERVICE', 'USAGE_TYPE', 'REGION', 'OPERATION', 'RECORD_TYPE'];

/**
 * A record's value for a dimension. Everything Warden meters is a usage charge (RECORD_TYPE `Usage`): it sells no
 * reservations, Savings Plans or support and records no credits, refunds or tax. Dimensions of resources Warden
 * does not have (AZ, INSTANCE_TYPE, DATABASE_ENGINE, ...) have no value: a filter naming a value of one matches
 * nothing, as it would for an AWS account without such usage.
 */
export function dimensionValue(record: UsageRecord, dimension: string): string | undefined {
  switch (dimension) {
    case 'LINKED_ACCOUNT':
      return record.accountId;
    case 'SERVICE':
      return record.service;
    case 'USAGE_TYPE':
      return record.usageType;
    case 'REGION':
      return record.region;
    case 'OPERATION':
      return record.operation;
    case 'RECORD_TYPE':
      return 'Usage';
    default:
      return undefined;
  }
}
