// Cost Explorer requests validated into the queries Warden computes (errors worded as Cost Explorer words them).
import { AwsError } from '../../aws/error.js';
import type { DateInterval, Expression, GetCostAndUsageRequest } from '../../aws/generated/ce.js';
import type { Granularity } from '../../billing/report.js';
import { nextMonthStart, parseDay } from '../../billing/dates.js';
import { isMetric, METRICS, type Metric } from '../../billing/metrics.js';
import { COST_AND_USAGE_DIMENSIONS, validateExpression } from './filter.js';

/**
 * The DIMENSION group keys GetCostAndUsage documents that Warden's usage has values for. The others it documents
 * (AZ, INSTANCE_TYPE, LEGAL_ENTITY_NAME, INVOICING_ENTITY, PLATFORM, PURCHASE_TYPE, TENANCY) describe resources
 * Warden does not have.
 */
const GROUP_DIMENSIONS: readonly string[] = ['LINKED_ACCOUNT', 'SERVICE', 'USAGE_TYPE', 'OPERATION', 'RECORD_TYPE'];

export interface CostQuery {
  start: number;
  end: number;
  granularity: Granularity;
  metrics: Metric[];
  groupBy: string[];
  filter: Expression | undefined;
}

export function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** A TimePeriod's dates as epoch-ms midnights; the order of Start and End is each operation's to check. */
export function parseDates(period: DateInterval | undefined): { start: number; end: number } {
  if (!period?.Start || !period.End) throw validation('TimePeriod with Start and End is required');
  const start = parseDay(period.Start);
  if (start === undefined) throw validation(`Start date ${period.Start} is not a valid date in YYYY-MM-DD format`);
  const end = parseDay(period.End);
  if (end === undefined) throw validation(`End date ${period.End} is not a valid date in YYYY-MM-DD format`);
  return { start, end };
}

/** A past-and-present TimePeriod (GetCostAndUsage, GetDimensionValues): Start before End, End by next month. */
export function parseHistoricalPeriod(period: DateInterval | undefined, now: number): { start: number; end: number } {
  const { start, end } = parseDates(period);
  if (start >= end) throw validation('Start date (and hour) should be before end date (and hour)');
  if (end > nextMonthStart(now)) throw validation('end date past the beginning of next month');
  return { start, end };
}

export function parseCostQuery(input: GetCostAndUsageRequest, now: number): CostQuery {
  const { start, end } = parseHistoricalPeriod(input.TimePeriod, now);
  if (input.Filter) validateExpression(input.Filter, COST_AND_USAGE_DIMENSIONS);
  return {
    start,
    end,
    granularity: parseGranularity(input.Granularity),
    metrics: parseMetrics(input.Metrics),
    groupBy: parseGroupBy(input.GroupBy),
    filter: input.Filter,
  };
}

export function parseGranularity(value: string | undefined): Granularity {
  if (value === 'DAILY' || value === 'MONTHLY') return value;
  if (value === 'HOURLY') {
    throw validation('HOURLY granularity is not supported: Warden meters usage per day; use DAILY or MONTHLY');
  }
  throw validation(`Granularity must be one of DAILY, MONTHLY (got ${value ?? 'none'})`);
}

function parseMetrics(metrics: string[] | undefined): Metric[] {
  if (!metrics || metrics.length === 0) throw validation('Metrics are required');
  const unsupported = metrics.filter((m) => !isMetric(m));
  if (unsupported.length > 0) {
    throw validation(`Unsupported metrics: ${unsupported.join(', ')}. Supported metrics: ${METRICS.join(', ')}`);
  }
  return [...new Set(metrics)] as Metric[];
}

function parseGroupBy(groupBy: GetCostAndUsageRequest['GroupBy']): string[] {
  if (!groupBy || groupBy.length === 0) return [];
  if (groupBy.length > 2) throw validation('You can group by at most 2 dimensions');
  const keys: string[] = [];
  for (const g of groupBy) {
    if (g.Type !== 'DIMENSION') {
      throw validation(`Group type ${g.Type ?? 'none'} is not supported: Warden groups by DIMENSION only`);
    }
    if (!g.Key || !GROUP_DIMENSIONS.includes(g.Key)) {
      throw validation(
        `Group by dimension ${g.Key ?? 'none'} is not supported: use one of ${GROUP_DIMENSIONS.join(', ')}`,
      );
    }
    if (keys.includes(g.Key)) throw validation(`Duplicate group by dimension ${g.Key}`);
    keys.push(g.Key);
  }
  return keys;
}
