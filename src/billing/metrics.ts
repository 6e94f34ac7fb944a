// Cost Explorer's metrics over rated usage: what each one means for the usage Warden meters, and its unit.
//
// - UnblendedCost: usage at the rates it was billed at (rating.ts).
// - BlendedCost: usage at the consolidated-billing family's blended rate (rating.ts).
// - AmortizedCost: unblended cost with reservation and Savings Plans fees spread over their terms. Warden sells
//   no reservations or Savings Plans, so there is nothing to amortize: AmortizedCost = UnblendedCost.
// - NetUnblendedCost / NetAmortizedCost: the same after discounts (EDP, private pricing, credits, bundled
//   discounts). Warden applies none, so they equal UnblendedCost as well.
// - UsageQuantity: the metered quantity, summed whatever its unit (requests, key-months), as AWS sums it.
// - NormalizedUsageAmount: instance hours × the instance size's normalization factor (EC2, RDS, ...). Warden's
//   usage is API requests and KMS key-months, which have no normalization factor, and AWS counts such usage as
//   0: NormalizedUsageAmount is always 0.
import type { RatedUsage } from './rating.js';

export const METRICS = [
  'AmortizedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
  'NormalizedUsageAmount',
  'UnblendedCost',
  'UsageQuantity',
] as const;
export type Metric = (typeof METRICS)[number];

export function isMetric(value: string): value is Metric {
  return (METRICS as readonly string[]).includes(value);
}

/** The sums every metric derives from. */
export interface Totals {
  unblendedCost: number;
  blendedCost: number;
  quantity: number;
}

export function emptyTotals(): Totals {
  return { unblendedCost: 0, blendedCost: 0, quantity: 0 };
}

export function addTo(totals: Totals, record: RatedUsage): void {
  totals.unblendedCost += record.unblendedCost;
  totals.blendedCost += record.blendedCost;
  totals.quantity += record.quantity;
}

export function metricAmount(metric: Metric, totals: Totals): number {
  switch (metric) {
    case 'BlendedCost':
      return totals.blendedCost;
    case 'UnblendedCost':
    case 'AmortizedCost':
    case 'NetUnblendedCost':
    case 'NetAmortizedCost':
      return totals.unblendedCost;
    case 'UsageQuantity':
      return totals.quantity;
    case 'NormalizedUsageAmount':
      return 0;
  }
}

/** Costs are in USD; quantities carry no single unit (Cost Explorer answers N/A). */
export function metricUnit(metric: Metric): string {
  return metric === 'UsageQuantity' || metric === 'NormalizedUsageAmount' ? 'N/A' : 'USD';
}
