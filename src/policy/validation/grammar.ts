// The IAM policy grammar (what AWS rejects as "Syntax errors in policy."), read into a typed document model.
//
// The shape follows AWS's published grammar (IAM User Guide, "Grammar of the IAM JSON policy language"):
// top-level Version / Id / Statement only, statements made of the nine known elements, Action/NotAction,
// Resource/NotResource and Principal/NotPrincipal mutually exclusive, a case-insensitive Allow/Deny Effect
// (the exact case is the legacy parser's business), and Condition blocks keyed by a known operator.

export type PolicyVersion = '2008-10-17' | '2012-10-17';
export const POLICY_VERSIONS: readonly PolicyVersion[] = ['2008-10-17', '2012-10-17'];

const TOP_LEVEL_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** The base condition operators of the IAM policy language, before ForAnyValue:/ForAllValues: and IfExists. */
const CONDITION_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);
const SET_QUALIFIERS = ['ForAnyValue:', 'ForAllValues:'] as const;
const IF_EXISTS = 'IfExists';

/** `"*"` (everyone), or principal identifiers by type. */
export type PrincipalElement = '*' | Partial<Record<PrincipalType, string[]>>;
/** The grammar's <condition_value>: a JSON string, number or boolean. */
export type ConditionValue = string | number | boolean;

export interface ConditionBlock {
  /** The operator as written, e.g. `ForAnyValue:StringEqualsIfExists`. */
  readonly operator: string;
  /** The operator with its set qualifier and IfExists suffix removed, e.g. `StringEquals`. */
  readonly baseOperator: string;
  /** Condition keys and their values, in document order. */
  readonly entries: ReadonlyArray<readonly [key: string, values: ConditionValue[]]>;
}

/** One statement; a list element is undefined when the statement does not have that element at all. */
export interface PolicyStatement {
  readonly sid: string | undefined;
  readonly effect: string;
  readonly principal: PrincipalElement | undefined;
  readonly notPrincipal: PrincipalElement | undefined;
  readonly action: string[] | undefined;
  readonly notAction: string[] | undefined;
  readonly resource: string[] | undefined;
  readonly notResource: string[] | undefined;
  /** Only the non-empty blocks: AWS ignores an empty block whatever its operator. */
  readonly conditions: ConditionBlock[];
}

export interface PolicyDocument {
  readonly version: PolicyVersion | undefined;
  readonly statements: PolicyStatement[];
}

/** Splits a condition operator into its parts; undefined when its base is not a known operator. */
export function parseConditionOperator(
  operator: string,
): { baseOperator: string; setQualifier: string | undefined; ifExists: boolean } | undefined {
  let rest = operator;
  const setQualifier = SET_QUALIFIERS.find((qualifier) => rest.startsWith(qualifier));
  if (setQualifier) rest = rest.slice(setQualifier.length);
  const ifExists = rest.endsWith(IF_EXISTS);
  if (ifExists) rest = rest.slice(0, -IF_EXISTS.length);
  return CONDITION_OPERATORS.has(rest) ? { baseOperator: rest, setQualifier, ifExists } : undefined;
}

/** Thrown inside this module only: the document breaks the grammar. */
class GrammarViolation extends Error {}

function violation(): never {
  throw new GrammarViolation();
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string, or a list of strings; null list entries are skipped, as AWS accepts and ignores them. */
function readStringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) violation();
  return value.filter((item) => item !== null).map((item) => (typeof item === 'string' ? item : violation()));
}

function isConditionValue(value: unknown): value is ConditionValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function readConditionValues(value: unknown): ConditionValue[] {
  if (isConditionValue(value)) return [value];
  if (!Array.isArray(value)) violation();
  return value.filter((item) => item !== null).map((item) => (isConditionValue(item) ? item : violation()));
}

function readPrincipal(value: unknown): PrincipalElement {
  if (value === '*') return '*';
  if (!isObject(value)) violation();
  const principal: Partial<Record<PrincipalType, string[]>> = {};
  for (const [type, identifiers] of Object.entries(value)) {
    const known = PRINCIPAL_TYPES.find((t) => t === type) ?? violation();
    principal[known] = readStringList(identifiers);
  }
  return principal;
}

function readConditions(value: unknown): ConditionBlock[] {
  if (!isObject(value)) violation();
  const blocks: ConditionBlock[] = [];
  for (const [operator, body] of Object.entries(value)) {
    if (!isObject(body)) violation();
    const entries = Object.entries(body).map(([key, values]) => [key, readConditionValues(values)] as const);
    if (entries.length === 0) continue;
    const parsed = parseConditionOperator(operator) ?? violation();
    blocks.push({ operator, baseOperator: parsed.baseOperator, entries });
  }
  return blocks;
}

function optional<T>(statement: JsonObject, element: string, read: (value: unknown) => T): T | undefined {
  return Object.hasOwn(statement, element) ? read(statement[element]) : undefined;
}

function bothPresent(statement: JsonObject, a: string, b: string): boolean {
  return Object.hasOwn(statement, a) && Object.hasOwn(statement, b);
}

function readStatement(value: unknown): PolicyStatement {
  if (!isObject(value)) violation();
  if (!Object.keys(value).every((element) => STATEMENT_ELEMENTS.has(element))) violation();
  if (
    bothPresent(value, 'Action', 'NotAction') ||
    bothPresent(value, 'Resource', 'NotResource') ||
    bothPresent(value, 'Principal', 'NotPrincipal')
  ) {
    violation();
  }
  const effect = value.Effect;
  if (typeof effect !== 'string' || !/^(allow|deny)$/i.test(effect)) violation();
  return {
    sid: optional(value, 'Sid', (sid) => (typeof sid === 'string' ? sid : violation())),
    effect,
    principal: optional(value, 'Principal', readPrincipal),
    notPrincipal: optional(value, 'NotPrincipal', readPrincipal),
    action: optional(value, 'Action', readStringList),
    notAction: optional(value, 'NotAction', readStringList),
    resource: optional(value, 'Resource', readStringList),
    notResource: optional(value, 'NotResource', readStringList),
    conditions: optional(value, 'Condition', readConditions) ?? [],
  };
}

function readDocument(json: unknown): PolicyDocument {
  if (!isObject(json)) violation();
  if (!Object.keys(json).every((element) => TOP_LEVEL_ELEMENTS.has(element))) violation();
  const version = optional(json, 'Version', (v) => POLICY_VERSIONS.find((known) => known === v) ?? violation());
  optional(json, 'Id', (id) => (typeof id === 'string' ? id : violation()));
  const statement = json.Statement;
  const statements = Array.isArray(statement) ? statement : isObject(statement) ? [statement] : violation();
  if (statements.length === 0) violation();
  return { version, statements: statements.map(readStatement) };
}

/** The document read from parsed JSON, or undefined when it breaks the policy grammar. */
export function parsePolicyGrammar(json: unknown): PolicyDocument | undefined {
  try {
    return readDocument(json);
  } catch (error) {
    if (error instanceof GrammarViolation) return undefined;
    throw error;
  }
}
