// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, escapes `${*}` `${?}` `${$}`).
import { QUESTION, STAR, tokenizeGlob } from './glob.js';
import type { GlobToken } from './glob.js';

/** A variable reference inside a policy string. */
export interface VariablePart {
  /** The key as written, e.g. `aws:PrincipalTag/team`. */
  readonly name: string;
  /** Lower-cased key used for the (case-insensitive) context lookup. */
  readonly key: string;
  /** The value to use when the key is absent from the request context. */
  readonly fallback: string | undefined;
}

export type TemplatePart = GlobToken | VariablePart;

/** The request context as policy evaluation reads it. */
export interface ContextSource {
  /** Looks a lower-cased condition key up. */
  lookup(key: string): string | readonly string[] | undefined;
}

const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

function pushText(parts: TemplatePart[], text: string, wildcards: boolean): void {
  if (text.length === 0) return;
  if (wildcards) parts.push(...tokenizeGlob(text));
  else parts.push(text);
}

/** Parses `${name}` / `${name, 'default'}`; returns undefined when the body is not a variable reference. */
function parseVariable(body: string): VariablePart | undefined {
  const comma = body.indexOf(',');
  const name = (comma < 0 ? body : body.slice(0, comma)).trim();
  if (name.length === 0) return undefined;
  let fallback: string | undefined;
  if (comma >= 0) {
    const rest = body.slice(comma + 1).trim();
    const quoted = /^'(.*)'$/s.exec(rest);
    if (!quoted) return undefined;
    fallback = quoted[1];
  }
  return { name, key: name.toLowerCase(), fallback };
}

/**
 * Splits a policy string into literal text, wildcards (when `wildcards`) and variable references. With
 * `variables` false (policies whose Version is not 2012-10-17) `${...}` is ordinary text, as in IAM.
 */
export function parseTemplate(text: string, wildcards: boolean, variables: boolean): TemplatePart[] {
  const parts: TemplatePart[] = [];
  if (!variables || !text.includes('${')) {
    pushText(parts, text, wildcards);
    return parts;
  }
  let pos = 0;
  let pending = '';
  while (pos < text.length) {
    const open = text.indexOf('${', pos);
    const close = open < 0 ? -1 : text.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      pending += text.slice(pos);
      break;
    }
    const body = text.slice(open + 2, close);
    const escaped = ESCAPES[body];
    const variable = escaped === undefined ? parseVariable(body) : undefined;
    if (escaped === undefined && !variable) {
      pending += text.slice(pos, close + 1);
      pos = close + 1;
      continue;
    }
    pushText(parts, pending + text.slice(pos, open), wildcards);
    pending = '';
    parts.push(escaped !== undefined ? escaped : variable!);
    pos = close + 1;
  }
  pushText(parts, pending, wildcards);
  return parts;
}

export function isVariable(part: TemplatePart): part is VariablePart {
  return typeof part === 'object';
}

/** Lower-cased keys of the variables a template references. */
export function templateKeys(parts: readonly TemplatePart[]): string[] {
  const keys: string[] = [];
  for (const p of parts) if (isVariable(p)) keys.push(p.key);
  return keys;
}

/** The single value a variable stands for in this request, or undefined when it cannot be resolved. */
function variableValue(part: VariablePart, ctx: ContextSource): string | undefined {
  const v = ctx.lookup(part.key);
  if (v === undefined || (typeof v !== 'string' && v.length === 0)) return part.fallback;
  if (typeof v === 'string') return v;
  return v.length === 1 ? v[0] : undefined;
}

/**
 * Substitutes variables into glob tokens (substituted values are literal text). Returns null when a variable
 * has no value and no default: IAM then treats that policy value as matching nothing.
 */
export function resolveTokens(parts: readonly TemplatePart[], ctx: ContextSource): GlobToken[] | null {
  const out: GlobToken[] = [];
  for (const p of parts) {
    if (!isVariable(p)) {
      out.push(p);
      continue;
    }
    const value = variableValue(p, ctx);
    if (value === undefined) return null;
    out.push(value);
  }
  return out;
}

/** Substitutes variables into plain text (for exact-match operators); null when unresolvable. */
export function resolveText(parts: readonly TemplatePart[], ctx: ContextSource): string | null {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else if (p === STAR) out += '*';
    else if (p === QUESTION) out += '?';
    else {
      const value = variableValue(p, ctx);
      if (value === undefined) return null;
      out += value;
    }
  }
  return out;
}

const TEMPLATE_CACHE_LIMIT = 256;

/**
 * Builds what a template resolves to (a matcher, a string) once per distinct set of variable values, so a policy
 * like `arn:aws:s3:::home/${aws:username}/*` costs a Map lookup per request instead of a compilation.
 */
export class TemplateCache<T> {
  private readonly variables: VariablePart[];
  private readonly built = new Map<string, T>();

  constructor(
    private readonly parts: readonly TemplatePart[],
    private readonly build: (tokens: GlobToken[]) => T,
  ) {
    this.variables = parts.filter(isVariable);
  }

  /** The resolved value, or undefined when a variable has no value and no default. */
  get(ctx: ContextSource): T | undefined {
    const vars = this.variables;
    let key: string;
    if (vars.length === 1) {
      const v = variableValue(vars[0]!, ctx);
      if (v === undefined) return undefined;
      key = v;
    } else {
      key = '';
      for (let i = 0; i < vars.length; i++) {
        const v = variableValue(vars[i]!, ctx);
        if (v === undefined) return undefined;
        key += `${v}\u0000`;
      }
    }
    let hit = this.built.get(key);
    if (hit === undefined) {
      hit = this.build(resolveTokens(this.parts, ctx)!);
      if (this.built.size >= TEMPLATE_CACHE_LIMIT) this.built.clear();
      this.built.set(key, hit);
    }
    return hit;
  }
}
