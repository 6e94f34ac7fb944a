// The request context (condition keys and their values), looked up case-insensitively.

/** A context value: one string, or the values of a multivalued key. Numbers and booleans are stringified. */
export type ContextValue = string | readonly string[] | number | boolean;

/** Context as callers usually hold it: key names as AWS documents them, e.g. `aws:SourceIp`. */
export type ContextInput = Readonly<Record<string, ContextValue | undefined>>;

/** Distinct key names remembered lower-cased before the memo starts over (tag keys make the set open-ended). */
const LOWER_CASE_MEMO_LIMIT = 4096;
const lowerCased = new Map<string, string>();

/**
 * A key name lower-cased. The server builds the same names (`aws:SourceIp`, `aws:PrincipalTag/team`) for every request,
 * so a lookup in this memo replaces lower-casing each one afresh.
 */
function lowerCaseKey(key: string): string {
  let lower = lowerCased.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowerCased.size >= LOWER_CASE_MEMO_LIMIT) lowerCased.clear();
    lowerCased.set(key, lower);
  }
  return lower;
}

/**
 * A prepared request context: keys lower-cased once. Build it once per request with {@link createContext} when
 * the same request is evaluated more than once; plain objects are accepted too and prepared on first lookup.
 */
export class ConditionContext {
  private readonly values = new Map<string, string | readonly string[]>();

  constructor(input?: ContextInput) {
    if (input) {
      const keys = Object.keys(input);
      for (let i = 0; i < keys.length; i++) this.set(keys[i]!, input[keys[i]!]);
    }
  }

  /** Adds or replaces a key; undefined removes it. */
  set(key: string, value: ContextValue | undefined): void {
    const k = lowerCaseKey(key);
    if (value === undefined) this.values.delete(k);
    else if (typeof value === 'string') this.values.set(k, value);
    else if (typeof value === 'number' || typeof value === 'boolean') this.values.set(k, String(value));
    else this.values.set(k, value.map(String));
  }

  /** Looks up a lower-cased key. */
  get(key: string): string | readonly string[] | undefined {
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.values.has(lowerCaseKey(key));
  }
}

export function createContext(input?: ContextInput): ConditionContext {
  return new ConditionContext(input);
}
