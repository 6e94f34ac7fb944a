// List prices (USD, us-east-1) per usage type, flat or tiered, overridable by the operator with a validated JSON file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { KMS_KEY_USAGE_TYPE } from './services.js';

/**
 * One step of a tiered price: `price` USD per unit for the month's usage up to `upTo` units (cumulative, across
 * the whole consolidated-billing family, reset each calendar month); the last tier has no `upTo`.
 */
export interface PriceTier {
  upTo?: number;
  price: number;
}

/** USD per unit: one rate for all usage, or tiers that lower (or raise) the rate as a month's usage grows. */
export type Price = number | readonly PriceTier[];

/** The price of each usage type. */
export type PriceList = Readonly<Record<string, Price>>;

/**
 * AWS's public list prices for what Warden can meter: API requests and KMS key-months.
 * Requests to IAM, STS, Organizations, CloudTrail (management events, first copy), WAF, GuardDuty, Inspector,
 * Shield and Artifact APIs carry no per-request charge; they are still metered so UsageQuantity shows them.
 * The resource-based charges of WAF (web ACL-months, rule-months, inspected web requests), GuardDuty (events
 * analysed) and Inspector (instances scanned) are not metered: Warden keeps no such resources to measure.
 * Every default is a single flat rate (AWS's free tiers are not modelled), so with these prices every account pays
 * the same rate and BlendedCost equals UnblendedCost; an override with tiers makes them differ (see rating.ts).
 */
export const DEFAULT_PRICES: PriceList = {
  // https://aws.amazon.com/kms/pricing/ — $1.00 per customer managed key per month, prorated hourly.
  [KMS_KEY_USAGE_TYPE]: 1.0,
  // https://aws.amazon.com/kms/pricing/ — $0.03 per 10,000 requests (symmetric keys).
  'KMS-Requests': 0.03 / 10_000,
  // https://aws.amazon.com/iam/pricing/ — IAM is offered at no additional charge.
  'IAM-Requests': 0,
  // https://aws.amazon.com/iam/pricing/ — STS is part of IAM, no additional charge.
  'STS-Requests': 0,
  // https://aws.amazon.com/organizations/pricing/ — no additional charge.
  'Organizations-Requests': 0,
  // https://aws.amazon.com/cloudtrail/pricing/ — the first copy of management events is free; API calls are free.
  'CloudTrail-Requests': 0,
  // https://aws.amazon.com/waf/pricing/ — charges are per web ACL, rule and inspected request, not per API call.
  'WAF-Requests': 0,
  // https://aws.amazon.com/elasticloadbalancing/pricing/ — charges are per load balancer hour and LCU, not per API call.
  'ELB-Requests': 0,
  // https://aws.amazon.com/guardduty/pricing/ — charges are per analysed event/volume, not per API call.
  'GuardDuty-Requests': 0,
  // https://aws.amazon.com/inspector/pricing/ — charges are per scanned resource, not per API call.
  'Inspector-Requests': 0,
  // https://aws.amazon.com/shield/pricing/ — Shield Standard is free; Advanced is a subscription, not per call.
  'Shield-Requests': 0,
  // https://aws.amazon.com/artifact/faq/ — AWS Artifact is available at no cost.
  'Artifact-Requests': 0,
  // https://aws.amazon.com/aws-cost-management/aws-cost-explorer/pricing/ — $0.01 per API request.
  'CE-Requests': 0.01,
  // https://aws.amazon.com/systems-manager/pricing/ — API calls carry no charge; advanced on-premises instances and
  // advanced parameters are billed per instance-hour / parameter-month, which Warden does not meter.
  'SSM-Requests': 0,
  // https://aws.amazon.com/inspector/pricing/ — CI/CD scanning: $0.03 per image assessment (one ScanSbom call).
  'InspectorScan-Requests': 0.03,
  // https://aws.amazon.com/route53/pricing/ — health checks are billed per check per month, API calls are free.
  'Route53-Requests': 0,
};

/**
 * The usage types a price list may name: those with a list price (a typo in an override must fail loudly, not bill
 * at list price). Every service's request usage type has one (src/services/registry.test.ts checks it).
 */
export const USAGE_TYPES: readonly string[] = Object.keys(DEFAULT_PRICES);

const RateSchema = z.number().finite().nonnegative();

/** Tiers in ascending order of `upTo`, each bound positive, the last one open-ended. */
const TiersSchema = z
  .array(z.strictObject({ upTo: z.number().finite().positive().optional(), price: RateSchema }))
  .min(1)
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (last && tier.upTo !== undefined) {
        ctx.addIssue({ code: 'custom', path: [i, 'upTo'], message: 'the last tier has no upTo (it is open-ended)' });
      }
      if (!last && tier.upTo === undefined) {
        ctx.addIssue({ code: 'custom', path: [i, 'upTo'], message: 'every tier but the last needs an upTo' });
      }
      const previous = i > 0 ? tiers[i - 1]!.upTo : undefined;
      if (tier.upTo !== undefined && previous !== undefined && tier.upTo <= previous) {
        ctx.addIssue({ code: 'custom', path: [i, 'upTo'], message: 'upTo must increase from tier to tier' });
      }
    });
  });

const OverrideSchema = z
  .record(z.string(), z.union([RateSchema, TiersSchema]))
  .refine((prices) => Object.keys(prices).every((k) => USAGE_TYPES.includes(k)), {
    message: `keys must be usage types: ${USAGE_TYPES.join(', ')}`,
  });

/** Validates an override's parsed JSON; throws an Error naming the problem. */
export function parsePriceOverride(json: unknown, source: string): PriceList {
  const parsed = OverrideSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid price list ${source}: ${problems}`);
  }
  return parsed.data;
}

export interface PriceListSource {
  dataDir: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The list prices with the operator's override applied: the file named by WARDEN_PRICE_LIST, else
 * `<dataDir>/price-list.json` when it exists. Read on every call so an edited file applies without a restart.
 */
export async function loadPriceList({ dataDir, env }: PriceListSource): Promise<PriceList> {
  const explicit = env.WARDEN_PRICE_LIST ? env.WARDEN_PRICE_LIST : undefined;
  const path = explicit ?? join(dataDir, 'price-list.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    // Only the default location is optional; a file the operator named must exist.
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_PRICES;
    throw new Error(`Cannot read price list ${path}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`Invalid price list ${path}: not JSON (${(err as Error).message})`, { cause: err });
  }
  return { ...DEFAULT_PRICES, ...parsePriceOverride(json, path) };
}

/**
 * What the units from cumulative quantity `from` up to `to` cost under `price`: a flat rate times the quantity,
 * or each tier's rate times the part of [from, to) that falls in that tier.
 */
export function costBetween(price: Price | undefined, from: number, to: number): number {
  if (price === undefined || to <= from) return 0;
  if (typeof price === 'number') return (to - from) * price;
  let cost = 0;
  let tierStart = 0;
  for (const tier of price) {
    const tierEnd = tier.upTo ?? Infinity;
    const overlap = Math.min(to, tierEnd) - Math.max(from, tierStart);
    if (overlap > 0) cost += overlap * tier.price;
    if (tierEnd >= to) break;
    tierStart = tierEnd;
  }
  return cost;
}
