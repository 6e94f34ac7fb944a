// GetCostAndUsage: the caller's consolidated bill (its organization's, for a management account) from metered usage.
import { AwsError } from '../../aws/error.js';
import type { GetCostAndUsageRequest, GetCostAndUsageResponse, MetricValue } from '../../aws/generated/ce.js';
import { formatDay, monthStart } from '../../billing/dates.js';
import { metricAmount, metricUnit, type Metric, type Totals } from '../../billing/metrics.js';
import { buildCostReport, formatAmount } from '../../billing/report.js';
import type { RequestContext } from '../../core/runtime.js';
import { pageOf, PERIODS_PER_PAGE } from './paging.js';
import { parseCostQuery } from './request.js';
import { filtered, visibleUsage } from './usage.js';

export async function getCostAndUsage(
  ctx: RequestContext,
  input: GetCostAndUsageRequest,
): Promise<GetCostAndUsageResponse> {
  if (input.BillingViewArn) throw new AwsError('ValidationException', 'BillingViewArn is not supported by Warden');
  const now = ctx.receivedAt.getTime();
  const query = parseCostQuery(input, now);
  const { accounts, usage } = await visibleUsage(ctx, query.start, query.end);
  const periods = buildCostReport(filtered(usage, query.filter), query);
  const { items: page, NextPageToken } = pageOf(ctx, periods, input.NextPageToken, PERIODS_PER_PAGE, query);
  const startOfMonth = monthStart(now);
  const metricsOf = (totals: Totals) => metricValues(query.metrics, totals);

  const response: GetCostAndUsageResponse = {
    GroupDefinitions: query.groupBy.map((Key) => ({ Type: 'DIMENSION', Key })),
    ResultsByTime: page.map((p) => ({
      TimePeriod: { Start: formatDay(p.start), End: formatDay(p.end) },
      // As Cost Explorer does, a grouped query's totals are in its groups; Total is empty.
      Total: query.groupBy.length === 0 ? metricsOf(p.total) : {},
      Groups: p.groups.map((g) => ({ Keys: g.keys, Metrics: metricsOf(g) })),
      // The current month's bill is not final until the month ends ("Your bill is not finalized until the
      // beginning of the next month"): its periods can still change, blended rates with the month's usage.
      Estimated: p.end > startOfMonth,
    })),
    DimensionValueAttributes: linkedAccountAttributes(query.groupBy, page, accounts),
  };
  if (NextPageToken !== undefined) response.NextPageToken = NextPageToken;
  return response;
}

function metricValues(metrics: readonly Metric[], totals: Totals): Record<string, MetricValue> {
  const values: Record<string, MetricValue> = {};
  for (const metric of metrics) {
    values[metric] = { Amount: formatAmount(metricAmount(metric, totals)), Unit: metricUnit(metric) };
  }
  return values;
}

/** The names of the linked accounts this page's groups show (Cost Explorer's `description` attribute). */
function linkedAccountAttributes(
  groupBy: readonly string[],
  page: { groups: { keys: string[] }[] }[],
  accounts: { id: string; name: string }[],
): GetCostAndUsageResponse['DimensionValueAttributes'] {
  const index = groupBy.indexOf('LINKED_ACCOUNT');
  if (index < 0) return [];
  const shown = new Set(page.flatMap((p) => p.groups.map((g) => g.keys[index]!)));
  return accounts.filter((a) => shown.has(a.id)).map((a) => ({ Value: a.id, Attributes: { description: a.name } }));
}
