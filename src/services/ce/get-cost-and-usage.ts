// GetCostAndUsage: the caller's consolidated bill (its organization's, for a management account) from metered usage.
import { AwsError } from '../../aws/error.js';
import type { GetCostAndUsageRequest, GetCostAndUsageResponse, MetricValue } from '../../aws/generated/ce.js';
import { consolidatedAccounts } from '../../billing/accounts.js';
import { loadPriceList } from '../../billing/price-list.js';
import { buildCostReport, formatAmount, type Amounts } from '../../billing/report.js';
import { meterUsage } from '../../billing/usage.js';
import type { RequestContext } from '../types.js';
import { decodePageToken, encodePageToken, PERIODS_PER_PAGE } from './paging.js';
import { fingerprintOf, parseCostQuery, type Metric } from './request.js';
import { formatDay } from '../../billing/dates.js';

export async function getCostAndUsage(
  ctx: RequestContext,
  input: GetCostAndUsageRequest,
): Promise<GetCostAndUsageResponse> {
  if (input.Filter) throw new AwsError('ValidationException', 'Filter is not supported by Warden; use GroupBy');
  if (input.BillingViewArn) throw new AwsError('ValidationException', 'BillingViewArn is not supported by Warden');
  const now = ctx.receivedAt.getTime();
  const query = parseCostQuery(input, now);
  const offset = decodePageToken(input.NextPageToken, fingerprintOf(query));
  const { runtime } = ctx;
  const accounts = await consolidatedAccounts(runtime.store.db, ctx.identity.accountId);
  const prices = await loadPriceList({ dataDir: runtime.config.dataDir, env: process.env });
  const usage = await meterUsage(runtime.store, {
    accounts: accounts.map((a) => a.id),
    start: query.start,
    end: query.end,
    now,
  });
  const periods = buildCostReport(usage, prices, query);
  const page = periods.slice(offset, offset + PERIODS_PER_PAGE);
  const next = offset + PERIODS_PER_PAGE < periods.length ? offset + PERIODS_PER_PAGE : undefined;
  const startOfToday = now - (now % 86_400_000);
  const metricsOf = (amounts: Amounts) => metricValues(query.metrics, amounts);

  const response: GetCostAndUsageResponse = {
    GroupDefinitions: query.groupBy.map((Key) => ({ Type: 'DIMENSION', Key })),
    ResultsByTime: page.map((p) => ({
      TimePeriod: { Start: formatDay(p.start), End: formatDay(p.end) },
      // As Cost Explorer does, a grouped query's totals are in its groups; Total is empty.
      Total: query.groupBy.length === 0 ? metricsOf(p.total) : {},
      Groups: p.groups.map((g) => ({ Keys: g.keys, Metrics: metricsOf(g) })),
      // A period still open (today or later) can still change.
      Estimated: p.end > startOfToday,
    })),
    DimensionValueAttributes: linkedAccountAttributes(query.groupBy, page, accounts),
  };
  if (next !== undefined) response.NextPageToken = encodePageToken(next, fingerprintOf(query));
  return response;
}

function metricValues(metrics: readonly Metric[], amounts: Amounts): Record<string, MetricValue> {
  const values: Record<string, MetricValue> = {};
  for (const metric of metrics) {
    values[metric] =
      metric === 'UnblendedCost'
        ? { Amount: formatAmount(amounts.cost), Unit: 'USD' }
        : { Amount: formatAmount(amounts.quantity), Unit: 'N/A' };
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
