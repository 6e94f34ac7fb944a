// GetDimensionValues: the values a dimension takes in the caller's metered usage, searchable, sortable and paged.
import type {
  DimensionValuesWithAttributes,
  GetDimensionValuesRequest,
  GetDimensionValuesResponse,
} from '../../aws/generated/ce.js';
import type { BilledAccount } from '../../billing/accounts.js';
import { dimensionValue } from '../../billing/dimensions.js';
import { addTo, emptyTotals, isMetric, metricAmount, type Metric, type Totals } from '../../billing/metrics.js';
import { usageUnit } from '../../billing/services.js';
import type { RequestContext } from '../../core/runtime.js';
import { COST_AND_USAGE_DIMENSIONS, validateExpression } from './filter.js';
import { pageOf } from './paging.js';
import { parseHistoricalPeriod, validation } from './request.js';
import { filtered, visibleUsage } from './usage.js';

/** Most values one page carries, and the most (and default) MaxResults with SortBy. */
export const VALUES_PER_PAGE = 1000;

/**
 * GetDimensionValues' COST_AND_USAGE dimensions: the filterable ones, plus RESOURCE_ID (listed for this context
 * though only GetCostAndUsageWithResources filters on it).
 */
const SEARCHABLE_DIMENSIONS: ReadonlySet<string> = new Set([...COST_AND_USAGE_DIMENSIONS, 'RESOURCE_ID']);

interface SortKey {
  metric: Metric;
  descending: boolean;
}

export async function getDimensionValues(
  ctx: RequestContext,
  input: GetDimensionValuesRequest,
): Promise<GetDimensionValuesResponse> {
  if (input.BillingViewArn) throw validation('BillingViewArn is not supported by Warden');
  const { start, end } = parseHistoricalPeriod(input.TimePeriod, ctx.receivedAt.getTime());
  const context = input.Context ?? 'COST_AND_USAGE';
  if (context === 'COST_AND_USAGE' && !SEARCHABLE_DIMENSIONS.has(input.Dimension)) {
    throw validation(`Dimension ${input.Dimension} is not allowed.`);
  }
  if (input.Filter) validateExpression(input.Filter, COST_AND_USAGE_DIMENSIONS);
  const sortBy = parseSortBy(input, context);
  const limit = sortBy ? (input.MaxResults ?? VALUES_PER_PAGE) : VALUES_PER_PAGE;
  if (sortBy && limit > VALUES_PER_PAGE) {
    throw validation(`MaxResults must be at most ${VALUES_PER_PAGE} for GetDimensionValues`);
  }

  // Warden sells no reservations or Savings Plans: those contexts have no values.
  const { accounts, usage } =
    context === 'COST_AND_USAGE' ? await visibleUsage(ctx, start, end) : { accounts: [], usage: [] };
  const totals = new Map<string, Totals>();
  for (const record of filtered(usage, input.Filter)) {
    const value = dimensionValue(record, input.Dimension);
    if (value === undefined) continue;
    let t = totals.get(value);
    if (!t) {
      t = emptyTotals();
      totals.set(value, t);
    }
    addTo(t, record);
  }
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const search = input.SearchString?.toLowerCase();
  const values = [...totals.keys()]
    .filter((v) => search === undefined || searchable(input.Dimension, v, names).toLowerCase().includes(search))
    .sort((a, b) => compareValues(a, b, sortBy, totals));
  const { items: page, NextPageToken } = pageOf(ctx, values, input.NextPageToken, limit, input);
  const response: GetDimensionValuesResponse = {
    DimensionValues: page.map((v) => withAttributes(input.Dimension, v, names)),
    ReturnSize: page.length,
    TotalSize: values.length,
  };
  if (!sortBy && NextPageToken !== undefined) response.NextPageToken = NextPageToken;
  return response;
}

/** "When you specify a SortBy paramater, the context must be COST_AND_USAGE. Further, when using SortBy,
 * NextPageToken and SearchString aren't supported." */
function parseSortBy(input: GetDimensionValuesRequest, context: string): SortKey[] | undefined {
  if (!input.SortBy || input.SortBy.length === 0) return undefined;
  if (context !== 'COST_AND_USAGE') throw validation('SortBy is only supported in the COST_AND_USAGE context');
  if (input.NextPageToken) throw validation('NextPageToken is not supported with SortBy');
  if (input.SearchString !== undefined) throw validation('SearchString is not supported with SortBy');
  return input.SortBy.map((s) => {
    if (!isMetric(s.Key)) {
      throw validation(`SortBy key ${s.Key} is not supported: use one of the metrics (e.g. UnblendedCost)`);
    }
    return { metric: s.Key, descending: s.SortOrder === 'DESCENDING' };
  });
}

/** By the SortBy metrics in order (ascending unless DESCENDING), then by value; by value alone without SortBy. */
function compareValues(a: string, b: string, sortBy: SortKey[] | undefined, totals: Map<string, Totals>): number {
  for (const key of sortBy ?? []) {
    const difference = metricAmount(key.metric, totals.get(a)!) - metricAmount(key.metric, totals.get(b)!);
    if (difference !== 0) return key.descending ? -difference : difference;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What SearchString looks in: the value, and for a linked account also its name. */
function searchable(dimension: string, value: string, names: Map<string, string>): string {
  return dimension === 'LINKED_ACCOUNT' ? `${value} ${names.get(value) ?? ''}` : value;
}

function withAttributes(
  dimension: string,
  value: string,
  names: Map<string, BilledAccount['name']>,
): DimensionValuesWithAttributes {
  if (dimension === 'LINKED_ACCOUNT') return { Value: value, Attributes: { description: names.get(value) ?? value } };
  if (dimension === 'USAGE_TYPE') return { Value: value, Attributes: { unit: usageUnit(value) } };
  return { Value: value, Attributes: {} };
}
