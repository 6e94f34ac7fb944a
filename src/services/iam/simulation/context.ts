// Simulation inputs: ContextEntries as a request context, and the context keys policies reference.
import type { ContextEntry } from '../../../aws/generated/iam.js';
import type { ContextInput, ContextValue } from '../../../policy/index.js';
import { invalidInput } from '../errors.js';

const LIST_TYPES = new Set(['stringList', 'numericList', 'booleanList', 'ipList', 'binaryList', 'dateList']);

/**
 * ContextEntries → the request context. A list type keeps every value (a multivalued key); any other type takes its
 * single value. Keys are matched case-insensitively by the engine, as AWS matches condition keys.
 */
export function contextFromEntries(entries: readonly ContextEntry[] | undefined): ContextInput {
  const ctx: Record<string, ContextValue> = {};
  for (const e of entries ?? []) {
    const name = e.ContextKeyName;
    if (name === undefined || name === '')
      throw invalidInput('ContextKeyName must be specified for every context entry.');
    const values = e.ContextKeyValues ?? [];
    const type = e.ContextKeyType ?? 'string';
    if (LIST_TYPES.has(type)) ctx[name] = values;
    else if (values.length > 0) ctx[name] = values[0];
  }
  return ctx;
}

const VARIABLE = /\$\{([^}]+)\}/g;

/** The condition keys a policy document references: in its Condition blocks and as `${...}` policy variables. */
export function contextKeysOf(document: unknown, into: Map<string, string>): void {
  const add = (key: string) => {
    const k = key.trim();
    if (k === '' || k === '*' || k === '?' || k === '$') return;
    if (!into.has(k.toLowerCase())) into.set(k.toLowerCase(), k);
  };
  const variables = (value: unknown) => {
    const list = Array.isArray(value) ? value : [value];
    for (const v of list) {
      if (typeof v !== 'string') continue;
      for (const m of v.matchAll(VARIABLE)) add(m[1].split(',')[0]);
    }
  };
  if (document === null || typeof document !== 'object') return;
  const raw = (document as Record<string, unknown>).Statement;
  const statements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const s of statements) {
    if (s === null || typeof s !== 'object') continue;
    const st = s as Record<string, unknown>;
    variables(st.Resource);
    variables(st.NotResource);
    const condition = st.Condition;
    if (condition === null || typeof condition !== 'object') continue;
    for (const block of Object.values(condition as Record<string, unknown>)) {
      if (block === null || typeof block !== 'object') continue;
      for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
        add(key);
        variables(values);
      }
    }
  }
}
