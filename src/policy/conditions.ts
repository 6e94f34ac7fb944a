// Condition operators compiled once, with IAM's rules for IfExists, set operators, and missing or empty keys.
import { ArnMatcher } from './arn.js';
import { Glob } from './glob.js';
import { cidrContains, parseCidr, parseIp } from './ip.js';
import type { CidrBlock, IpAddressValue } from './ip.js';
import { parseTemplate, resolveText, TemplateCache, templateKeys } from './variables.js';
import type { ContextSource, TemplatePart } from './variables.js';

/** What condition evaluation needs from the request. */
export interface ConditionEnv extends ContextSource {
  /** Set in explain mode: every condition is evaluated and absent keys are reported here. */
  readonly noteMissing: ((keyName: string) => void) | undefined;
}

/** A family's compiled policy values, tested against one request value. */
interface ValueSet {
  matchAny(value: string, env: ConditionEnv): boolean;
}

const NO_CONTEXT: ContextSource = { lookup: () => undefined };

function hasVariables(parts: readonly TemplatePart[]): boolean {
  return templateKeys(parts).length > 0;
}

class StringValues implements ValueSet {
  private readonly plain: string[] = [];
  private readonly templates: TemplatePart[][] = [];
  constructor(
    values: readonly string[],
    variables: boolean,
    private readonly ignoreCase: boolean,
  ) {
    for (const v of values) {
      const parts = parseTemplate(v, false, variables);
      if (hasVariables(parts)) this.templates.push(parts);
      else
        this.plain.push(ignoreCase ? resolveText(parts, NO_CONTEXT)!.toLowerCase() : resolveText(parts, NO_CONTEXT)!);
    }
  }
  matchAny(value: string, env: ConditionEnv): boolean {
    const v = this.ignoreCase ? value.toLowerCase() : value;
    const plain = this.plain;
    for (let i = 0; i < plain.length; i++) if (plain[i] === v) return true;
    for (const t of this.templates) {
      const resolved = resolveText(t, env);
      if (resolved !== null && (this.ignoreCase ? resolved.toLowerCase() : resolved) === v) return true;
    }
    return false;
  }
}

/** StringLike (globs) and the Arn operators (ARN component globs); both accept policy variables. */
class PatternValues implements ValueSet {
  private readonly matchers: { test(s: string): boolean }[] = [];
  private readonly templates: TemplateCache<{ test(s: string): boolean }>[] = [];
  constructor(
    values: readonly string[],
    variables: boolean,
    private readonly arn: boolean,
  ) {
    for (const v of values) {
      const parts = parseTemplate(v, true, variables);
      if (hasVariables(parts)) this.templates.push(new TemplateCache(parts, (tokens) => this.build(tokens)));
      else this.matchers.push(this.build(parts as Parameters<typeof Glob.fromTokens>[0]));
    }
  }
  private build(tokens: Parameters<typeof Glob.fromTokens>[0]): { test(s: string): boolean } {
    return this.arn ? ArnMatcher.fromTokens(tokens) : Glob.fromTokens(tokens);
  }
  matchAny(value: string, env: ConditionEnv): boolean {
    const m = this.matchers;
    for (let i = 0; i < m.length; i++) if (m[i]!.test(value)) return true;
    for (const t of this.templates) if (t.get(env)?.test(value)) return true;
    return false;
  }
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(text: string): number {
  const s = text.trim();
  return NUMBER_RE.test(s) ? Number(s) : NaN;
}

/** ISO 8601 or epoch seconds, as milliseconds; NaN when neither. */
export function parseDate(text: string): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s) : NaN;
}

type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

class OrderedValues implements ValueSet {
  private readonly numbers: number[];
  /** The last request value parsed: one request usually meets the same key in many statements. */
  private lastText: string | undefined;
  private lastValue = NaN;
  constructor(
    values: readonly string[],
    private readonly parse: (text: string) => number,
    private readonly cmp: Comparison,
  ) {
    this.numbers = values.map(parse);
  }
  matchAny(value: string): boolean {
    if (value !== this.lastText) {
      this.lastValue = this.parse(value);
      this.lastText = value;
    }
    const v = this.lastValue;
    if (Number.isNaN(v)) return false;
    const ns = this.numbers;
    for (let i = 0; i < ns.length; i++) {
      const n = ns[i]!;
      switch (this.cmp) {
        case 'eq':
          if (v === n) return true;
          break;
        case 'lt':
          if (v < n) return true;
          break;
        case 'le':
          if (v <= n) return true;
          break;
        case 'gt':
          if (v > n) return true;
          break;
        case 'ge':
          if (v >= n) return true;
          break;
      }
    }
    return false;
  }
}

class BoolValues implements ValueSet {
  private readonly wanted: string[];
  constructor(values: readonly string[]) {
    this.wanted = values.map((v) => v.toLowerCase());
  }
  matchAny(value: string): boolean {
    const v = value.toLowerCase();
    return this.wanted.includes(v);
  }
}

class IpValues implements ValueSet {
  private readonly blocks: CidrBlock[];
  private lastText: string | undefined;
  private lastIp: IpAddressValue | undefined;
  constructor(values: readonly string[]) {
    this.blocks = values.map(parseCidr).filter((b): b is CidrBlock => b !== undefined);
  }
  matchAny(value: string): boolean {
    if (value !== this.lastText) {
      this.lastIp = parseIp(value);
      this.lastText = value;
    }
    const ip = this.lastIp;
    if (!ip) return false;
    for (const b of this.blocks) if (cidrContains(b, ip)) return true;
    return false;
  }
}

const SET_NONE = 0;
const SET_ALL = 1;
const SET_ANY = 2;

interface OperatorSpec {
  negated: boolean;
  build(values: readonly string[], variables: boolean): ValueSet | 'null';
}

const str = (negated: boolean, ignoreCase: boolean): OperatorSpec => ({
  negated,
  build: (v, vars) => new StringValues(v, vars, ignoreCase),
});
const like = (negated: boolean, arn: boolean): OperatorSpec => ({
  negated,
  build: (v, vars) => new PatternValues(v, vars, arn),
});
const num = (negated: boolean, cmp: Comparison): OperatorSpec => ({
  negated,
  build: (v) => new OrderedValues(v, parseNumber, cmp),
});
const date = (negated: boolean, cmp: Comparison): OperatorSpec => ({
  negated,
  build: (v) => new OrderedValues(v, parseDate, cmp),
});

/** Base operators by lower-cased name. */
const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: str(false, false),
  stringnotequals: str(true, false),
  stringequalsignorecase: str(false, true),
  stringnotequalsignorecase: str(true, true),
  stringlike: like(false, false),
  stringnotlike: like(true, false),
  numericequals: num(false, 'eq'),
  numericnotequals: num(true, 'eq'),
  numericlessthan: num(false, 'lt'),
  numericlessthanequals: num(false, 'le'),
  numericgreaterthan: num(false, 'gt'),
  numericgreaterthanequals: num(false, 'ge'),
  dateequals: date(false, 'eq'),
  datenotequals: date(true, 'eq'),
  datelessthan: date(false, 'lt'),
  datelessthanequals: date(false, 'le'),
  dategreaterthan: date(false, 'gt'),
  dategreaterthanequals: date(false, 'ge'),
  bool: { negated: false, build: (v) => new BoolValues(v) },
  binaryequals: str(false, false),
  ipaddress: { negated: false, build: (v) => new IpValues(v) },
  notipaddress: { negated: true, build: (v) => new IpValues(v) },
  arnequals: like(false, true),
  arnlike: like(false, true),
  arnnotequals: like(true, true),
  arnnotlike: like(true, true),
  null: { negated: false, build: () => 'null' },
};

/** Whether an operator name (with optional set prefix and IfExists suffix) is one IAM knows. */
export function isKnownOperator(operator: string): boolean {
  return parseOperator(operator) !== undefined;
}

function parseOperator(operator: string): { set: number; ifExists: boolean; spec: OperatorSpec } | undefined {
  let name = operator.toLowerCase();
  let set = SET_NONE;
  if (name.startsWith('forallvalues:')) {
    set = SET_ALL;
    name = name.slice('forallvalues:'.length);
  } else if (name.startsWith('foranyvalue:')) {
    set = SET_ANY;
    name = name.slice('foranyvalue:'.length);
  }
  let ifExists = false;
  if (name.endsWith('ifexists') && name !== 'null') {
    ifExists = true;
    name = name.slice(0, -'ifexists'.length);
  }
  const spec = OPERATORS[name];
  if (!spec || (name === 'null' && (ifExists || set !== SET_NONE))) return undefined;
  return { set, ifExists, spec };
}

function stringValues(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v) => v !== null && v !== undefined && typeof v !== 'object').map((v) => String(v));
}

/** One `operator: { key: values }` pair of a Condition block. */
export class CompiledCondition {
  readonly operator: string;
  /** The key as written in the policy. */
  readonly keyName: string;
  /** The lower-cased key used for lookups (condition key names are case-insensitive). */
  readonly key: string;
  private readonly set: number;
  private readonly ifExists: boolean;
  private readonly negated: boolean;
  private readonly values: ValueSet | undefined;
  /** For Null: whether `"true"` (key must be absent) and/or `"false"` (key must be present) were given. */
  private readonly nullWantsAbsent: boolean = false;
  private readonly nullWantsPresent: boolean = false;
  private readonly isNull: boolean;
  /** False for an unknown operator: such a condition never matches. */
  readonly known: boolean;

  constructor(operator: string, keyName: string, rawValues: unknown, variables: boolean) {
    this.operator = operator;
    this.keyName = keyName;
    this.key = keyName.toLowerCase();
    const parsed = parseOperator(operator);
    const values = stringValues(rawValues);
    this.known = parsed !== undefined;
    this.set = parsed?.set ?? SET_NONE;
    this.ifExists = parsed?.ifExists ?? false;
    this.negated = parsed?.spec.negated ?? false;
    const built = parsed?.spec.build(values, variables);
    this.isNull = built === 'null';
    if (built === 'null') {
      for (const v of values) {
        if (v.toLowerCase() === 'true') this.nullWantsAbsent = true;
        else if (v.toLowerCase() === 'false') this.nullWantsPresent = true;
      }
    } else {
      this.values = built;
    }
  }

  /** Whether one request value satisfies the operator (for negated operators: matches none of the values). */
  private matchOne(value: string, env: ConditionEnv): boolean {
    const hit = this.values!.matchAny(value, env);
    return this.negated ? !hit : hit;
  }

  evaluate(env: ConditionEnv): boolean {
    if (!this.known) return false;
    const v = env.lookup(this.key);
    const missing = v === undefined || (typeof v !== 'string' && v.length === 0);
    if (this.isNull) return missing ? this.nullWantsAbsent : this.nullWantsPresent;
    if (missing) {
      env.noteMissing?.(this.keyName);
      if (this.ifExists || this.set === SET_ALL) return true;
      if (this.set === SET_ANY) return false;
      // A plain operator on an absent key: positive operators fail, negated ones ("not matched") hold.
      return this.negated;
    }
    if (typeof v === 'string') return this.matchOne(v, env);
    if (this.set === SET_ALL) {
      for (let i = 0; i < v.length; i++) if (!this.matchOne(v[i]!, env)) return false;
      return true;
    }
    if (this.set === SET_ANY) {
      for (let i = 0; i < v.length; i++) if (this.matchOne(v[i]!, env)) return true;
      return false;
    }
    // A single-valued operator given a multivalued key: positive operators need some value to match,
    // negated operators need no value to match.
    for (let i = 0; i < v.length; i++) {
      if (this.values!.matchAny(v[i]!, env)) return !this.negated;
    }
    return this.negated;
  }
}

/** Compiles a statement's Condition block; keys and operators within it are ANDed. */
export function compileConditions(block: unknown, variables: boolean): CompiledCondition[] {
  if (block === null || typeof block !== 'object' || Array.isArray(block)) return [];
  const out: CompiledCondition[] = [];
  for (const [operator, entries] of Object.entries(block as Record<string, unknown>)) {
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
      // A malformed block: an unknown operator never matches.
      out.push(new CompiledCondition(`invalid:${operator}`, '', undefined, variables));
      continue;
    }
    for (const [key, values] of Object.entries(entries as Record<string, unknown>)) {
      out.push(new CompiledCondition(operator, key, values, variables));
    }
  }
  return out;
}

/** Evaluates ANDed conditions; in explain mode evaluates them all so every missing key is reported. */
export function conditionsHold(conditions: readonly CompiledCondition[], env: ConditionEnv): boolean {
  if (env.noteMissing === undefined) {
    for (let i = 0; i < conditions.length; i++) if (!conditions[i]!.evaluate(env)) return false;
    return true;
  }
  let all = true;
  for (const c of conditions) if (!c.evaluate(env)) all = false;
  return all;
}
