// GetCostAndUsage's request, validated into the report Warden computes (errors worded as Cost Explorer words them).
import { createHash } from 'node:crypto';
import { AwsError } from '../../aws/error.js';
import type { GetCostAndUsageRequest } from '../../aws/generated/ce.js';
import type { Granularity, GroupDimension } from '../../billing/report.js';
import { parseDay } from '../../billing/dates.js';

export const SUPPORTED_METRICS = ['UnblendedCost', 'UsageQuantity'] as const;
export type Metric = (typeof SUPPORTED_METRICS)[number];
const GROUP_DIMENSIONS: readonly string[] = ['LINKED_ACCOUNT', 'SERVICE'];

export interface CostQuery {
  start: number;
  end: number;
  granularity: Granularity;
  metrics: Metric[];
  groupBy: GroupDimension[];
}

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

export function parseCostQuery(input: GetCostAndUsageRequest, now: number): CostQuery {
  const period = input.TimePeriod;
  if (!period?.Start || !period.End) throw validation('TimePeriod with Start and End is required');
  const start = parseDay(period.Start);
  if (start === undefined) throw validation(`Start date ${period.Start} is not a valid date in YYYY-MM-DD format`);
  const end = parseDay(period.End);
  if (end === undefined) throw validation(`End date ${period.End} is not a valid date in YYYY-MM-DD format`);
  if (start >= end) throw validation('Start date (and hour) should be before end date (and hour)');
  const today = new Date(now);
  if (end > Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)) {
    throw validation('end date past the beginning of next month');
  }
  return {
    start,
    end,
    granularity: parseGranularity(input.Granularity),
    metrics: parseMetrics(input.Metrics),
    groupBy: parseGroupBy(input.GroupBy),
  };
}

function parseGranularity(value: string | undefined): Granularity {
  if (value === 'DAILY' || value === 'MONTHLY') return value;
  if (value === 'HOURLY') {
    throw validation('HOURLY granularity is not supported: Warden meters usage per day; use DAILY or MONTHLY');
  }
  throw validation(`Granularity must be one of DAILY, MONTHLY (got ${value ?? 'none'})`);
}

function parseMetrics(metrics: string[] | undefined): Metric[] {
  if (!metrics || metrics.length === 0) throw validation('Metrics are required');
  const unsupported = metrics.filter((m) => !(SUPPORTED_METRICS as readonly string[]).includes(m));
  if (unsupported.length > 0) {
    throw validation(
      `Unsupported metrics: ${unsupported.join(', ')}. Supported metrics: ${SUPPORTED_METRICS.join(', ')}`,
    );
  }
  return [...new Set(metrics)] as Metric[];
}

function parseGroupBy(groupBy: GetCostAndUsageRequest['GroupBy']): GroupDimension[] {
  if (!groupBy || groupBy.length === 0) return [];
  if (groupBy.length > 2) throw validation('You can group by at most 2 dimensions');
  const keys: GroupDimension[] = [];
  for (const g of groupBy) {
    if (g.Type !== 'DIMENSION') {
      throw validation(`Group type ${g.Type ?? 'none'} is not supported: Warden groups by DIMENSION only`);
    }
    if (!g.Key || !GROUP_DIMENSIONS.includes(g.Key)) {
      throw validation(`Group by dimension ${g.Key ?? 'none'} is not supported: use LINKED_ACCOUNT or SERVICE`);
    }
    if (keys.includes(g.Key as GroupDimension)) throw validation(`Duplicate group by dimension ${g.Key}`);
    keys.push(g.Key as GroupDimension);
  }
  return keys;
}

/** Identifies the request a NextPageToken was issued for, so a token cannot page a different query. */
export function fingerprintOf(query: CostQuery): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}
