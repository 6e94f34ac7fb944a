// The request context (condition keys and their values), looked up case-insensitively.

/** A context value: one string, or the values of a multivalued key. Numbers and booleans are stringified. */
export type ContextValue = string | readonly string[] | number | boolean;

/** Context as callers usually hold it: key names as AWS documents them, e.g. `aws:SourceIp`. */
export type ContextInput = Readonly<Record<string, ContextValue | undefined>>;

/**
 * A prepared request context: keys lower-cased once. Build it once per request with {@link createContext} when
 * the same request is evaluated more than once; plain objects are accepted too and prepared on first lookup.
 */
export class ConditionContext {
  private readonly values = new Map<string, string | readonly string[]>();

  constructor(input?: ContextInput) {
    if (input) for (const [key, value] of Object.entries(input)) this.set(key, value);
  }

  /** Adds or replaces a key; undefined removes it. */
  set(key: string, value: ContextValue | undefined): void {
    const k = key.toLowerCase();
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
    return this.values.has(key.toLowerCase());
  }
}

export function createContext(input?: ContextInput): ConditionContext {
  return new ConditionContext(input);
}
