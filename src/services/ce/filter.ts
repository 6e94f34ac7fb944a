// Cost Explorer's filter Expression: validated as Cost Explorer validates it, then evaluated against usage records.
import { AwsError } from '../../aws/error.js';
import type { Expression } from '../../aws/generated/ce.js';
import { dimensionValue } from '../../billing/dimensions.js';
import type { UsageRecord } from '../../billing/usage.js';

/**
 * How deeply And / Or / Not may nest. Cost Explorer documents no limit; real filters nest two or three levels.
 * The bound keeps validation and evaluation (both recursive) from being driven arbitrarily deep by a request.
 */
export const MAX_EXPRESSION_DEPTH = 10;

/** The dimensions GetCostAndUsage (and GetDimensionValues) may filter on: the COST_AND_USAGE context's. */
export const COST_AND_USAGE_DIMENSIONS: ReadonlySet<string> = new Set([
  'AZ',
  'BILLING_ENTITY',
  'CACHE_ENGINE',
  'DATABASE_ENGINE',
  'DEPLOYMENT_OPTION',
  'INSTANCE_TYPE',
  'INSTANCE_TYPE_FAMILY',
  'INVOICING_ENTITY',
  'LEGAL_ENTITY_NAME',
  'LINKED_ACCOUNT',
  'OPERATING_SYSTEM',
  'OPERATION',
  'PLATFORM',
  'PURCHASE_TYPE',
  'RECORD_TYPE',
  'REGION',
  'RESERVATION_ID',
  'SAVINGS_PLAN_ARN',
  'SAVINGS_PLANS_TYPE',
  'SERVICE',
  'TENANCY',
  'USAGE_TYPE',
  'USAGE_TYPE_GROUP',
]);

/** The dimensions GetCostForecast documents for its Filter. */
export const FORECAST_DIMENSIONS: ReadonlySet<string> = new Set([
  'AZ',
  'BILLING_ENTITY',
  'DATABASE_ENGINE',
  'DEPLOYMENT_OPTION',
  'INSTANCE_TYPE',
  'INSTANCE_TYPE_FAMILY',
  'LEGAL_ENTITY_NAME',
  'LINKED_ACCOUNT',
  'OPERATING_SYSTEM',
  'OPERATION',
  'PLATFORM',
  'PURCHASE_TYPE',
  'RECORD_TYPE',
  'REGION',
  'RESERVATION_ID',
  'SAVINGS_PLAN_ARN',
  'SCOPE',
  'SERVICE',
  'SUBSCRIPTION_ID',
  'TENANCY',
  'USAGE_TYPE',
  'USAGE_TYPE_GROUP',
]);

const ROOTS = ['And', 'Or', 'Not', 'Dimensions', 'Tags', 'CostCategories'] as const;
const ROOT_LIST = ROOTS.join(', ');
/** GetCostAndUsage: "Valid values for MatchOptions for Dimensions are EQUALS and CASE_SENSITIVE." */
const DIMENSION_MATCH_OPTIONS = ['EQUALS', 'CASE_SENSITIVE'];
/** "Valid values for MatchOptions for CostCategories and Tags are EQUALS, ABSENT, and CASE_SENSITIVE." */
const TAG_MATCH_OPTIONS = ['EQUALS', 'ABSENT', 'CASE_SENSITIVE'];

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** Throws Cost Explorer's ValidationException for the first rule the expression breaks. */
export function validateExpression(expression: Expression, dimensions: ReadonlySet<string>, depth = 1): void {
  if (depth > MAX_EXPRESSION_DEPTH) {
    throw validation(`Expression is nested too deeply: at most ${MAX_EXPRESSION_DEPTH} levels are allowed`);
  }
  const roots = ROOTS.filter((r) => expression[r] !== undefined && expression[r] !== null);
  if (roots.length === 0) {
    throw validation(
      `Expression has zero or more than one roots. Only one root operator is allowed for each expression: ${ROOT_LIST}`,
    );
  }
  if (roots.length > 1) {
    throw validation(
      `Expression has more than one roots. Only one root operator is allowed for each expression: ${ROOT_LIST}`,
    );
  }
  const { And, Or, Not, Dimensions, Tags, CostCategories } = expression;
  for (const [name, operands] of [
    ['And', And],
    ['Or', Or],
  ] as const) {
    if (operands === undefined) continue;
    if (operands.length < 2) throw validation(`${name} expression must have at least 2 operands`);
    for (const operand of operands) validateExpression(operand, dimensions, depth + 1);
  }
  if (Not) validateExpression(Not, dimensions, depth + 1);
  if (Dimensions) {
    if (!Dimensions.Key) throw validation('Dimensions must name a Key');
    if (!dimensions.has(Dimensions.Key)) throw validation(`Dimension ${Dimensions.Key} is not allowed.`);
    if (!Dimensions.Values || Dimensions.Values.length === 0) {
      throw validation(`Dimension ${Dimensions.Key} must have at least one value`);
    }
    checkMatchOptions('Dimensions', Dimensions.MatchOptions, DIMENSION_MATCH_OPTIONS);
  }
  if (Tags) checkMatchOptions('Tags', Tags.MatchOptions, TAG_MATCH_OPTIONS);
  if (CostCategories) checkMatchOptions('CostCategories', CostCategories.MatchOptions, TAG_MATCH_OPTIONS);
}

function checkMatchOptions(kind: string, options: readonly string[] | undefined, valid: readonly string[]): void {
  const invalid = (options ?? []).filter((o) => !valid.includes(o));
  if (invalid.length > 0) {
    throw validation(`MatchOptions ${invalid.join(', ')} not supported for ${kind}. Valid values: ${valid.join(', ')}`);
  }
}

/**
 * Whether a record passes a validated expression. A Dimensions node matches a record whose value for the key is one
 * of Values (values OR-ed, case-sensitive). Warden's usage carries no cost allocation tags and no cost category:
 * a Tags or CostCategories node matches it when it asks for absence (ABSENT, no Values, or the empty value that
 * stands for "no value"), and never when it asks for a value.
 */
export function matchesExpression(expression: Expression, record: UsageRecord): boolean {
  if (expression.And) return expression.And.every((e) => matchesExpression(e, record));
  if (expression.Or) return expression.Or.some((e) => matchesExpression(e, record));
  if (expression.Not) return !matchesExpression(expression.Not, record);
  if (expression.Dimensions) {
    const value = dimensionValue(record, expression.Dimensions.Key!);
    return value !== undefined && (expression.Dimensions.Values ?? []).includes(value);
  }
  const unvalued = expression.Tags ?? expression.CostCategories;
  if (unvalued) {
    return (
      (unvalued.MatchOptions ?? []).includes('ABSENT') ||
      (unvalued.Values ?? []).length === 0 ||
      (unvalued.Values ?? []).includes('')
    );
  }
  return false;
}
