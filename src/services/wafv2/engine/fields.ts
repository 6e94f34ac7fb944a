// FieldToMatch compiled once into an extractor: the request component's values, or a decided outcome (oversize, fallback).
import type { FieldToMatch } from './types.js';
import type { RequestView } from './request-view.js';
import type { TransformChain } from './transforms.js';

/** The values to inspect, or `true`/`false` when AWS decides the statement without inspecting (oversize, fallback). */
export type FieldValues = readonly string[] | boolean;

export interface CompiledField {
  /** Identifies the component and its options, so rules sharing a field share per-request work. */
  readonly key: string;
  /** Set for Body: the whole body as one string, which the injection detector also reads piece by piece. */
  readonly wholeBody?: true;
  extract(view: RequestView): FieldValues;
}

export class FieldCompileError extends Error {}

const decided = (handling: string | undefined): boolean | undefined =>
  handling === 'MATCH' ? true : handling === 'NO_MATCH' ? false : undefined;

const fallback = (behavior: string | undefined): boolean => behavior === 'MATCH';

function mapScope<T extends readonly (readonly [string, string])[]>(items: T, scope: string): string[] {
  const out: string[] = [];
  for (const [k, v] of items) {
    if (scope !== 'VALUE') out.push(k);
    if (scope !== 'KEY') out.push(v);
  }
  return out;
}

export function compileField(f: FieldToMatch): CompiledField {
  if (f.SingleHeader) {
    const name = f.SingleHeader.Name.toLowerCase();
    return { key: `h:${name}`, extract: (v) => v.header(name) };
  }
  if (f.SingleQueryArgument) {
    // AWS matches the argument name case-insensitively.
    const name = f.SingleQueryArgument.Name.toLowerCase();
    return {
      key: `q:${name}`,
      extract: (v) =>
        v
          .queryArguments()
          .filter(([k]) => k.toLowerCase() === name)
          .map(([, val]) => val),
    };
  }
  if (f.AllQueryArguments) return { key: 'qa', extract: (v) => v.queryArguments().map(([, val]) => val) };
  if (f.UriPath) return { key: 'uri', extract: (v) => [v.request.uri] };
  if (f.QueryString) return { key: 'qs', extract: (v) => [v.request.query] };
  if (f.Method) return { key: 'm', extract: (v) => [v.request.method] };
  if (f.Body) {
    const over = decided(f.Body.OversizeHandling);
    return {
      key: `b:${f.Body.OversizeHandling ?? 'CONTINUE'}`,
      wholeBody: true,
      extract: (v) => (v.request.bodyTruncated && over !== undefined ? over : [v.body()]),
    };
  }
  if (f.JsonBody) return compileJsonBody(f.JsonBody);
  if (f.Headers) {
    const { MatchPattern: p, MatchScope: scope, OversizeHandling: oh } = f.Headers;
    const over = decided(oh);
    const included = p.IncludedHeaders ? new Set(p.IncludedHeaders.map((h) => h.toLowerCase())) : undefined;
    const excluded = p.ExcludedHeaders ? new Set(p.ExcludedHeaders.map((h) => h.toLowerCase())) : undefined;
    return {
      key: `hs:${scope}:${oh}:${[...(included ?? [])].join(',')}|${[...(excluded ?? [])].join(',')}`,
      extract: (v) => {
        const { items, oversize } = v.headers();
        if (oversize && over !== undefined) return over;
        const picked = items.filter(([name]) => {
          const n = name.toLowerCase();
          return included ? included.has(n) : excluded ? !excluded.has(n) : true;
        });
        return mapScope(picked, scope);
      },
    };
  }
  if (f.Cookies) {
    const { MatchPattern: p, MatchScope: scope, OversizeHandling: oh } = f.Cookies;
    const over = decided(oh);
    const included = p.IncludedCookies ? new Set(p.IncludedCookies) : undefined;
    const excluded = p.ExcludedCookies ? new Set(p.ExcludedCookies) : undefined;
    return {
      key: `c:${scope}:${oh}:${[...(included ?? [])].join(',')}|${[...(excluded ?? [])].join(',')}`,
      extract: (v) => {
        const { items, oversize } = v.cookies();
        if (oversize && over !== undefined) return over;
        const picked = items.filter(([name]) =>
          included ? included.has(name) : excluded ? !excluded.has(name) : true,
        );
        return mapScope(picked, scope);
      },
    };
  }
  if (f.HeaderOrder) {
    const over = decided(f.HeaderOrder.OversizeHandling);
    return {
      key: `ho:${f.HeaderOrder.OversizeHandling}`,
      extract: (v) => {
        const { items, oversize } = v.headers();
        if (oversize && over !== undefined) return over;
        return [items.map(([name]) => name).join(':')];
      },
    };
  }
  // An ALB never receives a URI fragment (browsers do not send it): always missing, so AWS's fallback decides.
  if (f.UriFragment) {
    const fb = fallback(f.UriFragment.FallbackBehavior);
    return { key: `uf:${fb}`, extract: () => fb };
  }
  // Fingerprints exist where TLS ended at the listener; on plain HTTP (or an unreadable hello) the fallback decides.
  if (f.JA3Fingerprint) {
    const fb = fallback(f.JA3Fingerprint.FallbackBehavior);
    return { key: `ja3:${fb}`, extract: (v) => (v.request.tlsFingerprints ? [v.request.tlsFingerprints.ja3] : fb) };
  }
  if (f.JA4Fingerprint) {
    const fb = fallback(f.JA4Fingerprint.FallbackBehavior);
    return { key: `ja4:${fb}`, extract: (v) => (v.request.tlsFingerprints ? [v.request.tlsFingerprints.ja4] : fb) };
  }
  throw new FieldCompileError('FieldToMatch names no request component.');
}

function compileJsonBody(j: NonNullable<FieldToMatch['JsonBody']>): CompiledField {
  const over = decided(j.OversizeHandling);
  const paths = j.MatchPattern.IncludedPaths;
  const scope = j.MatchScope;
  const invalid = j.InvalidFallbackBehavior;
  const inPaths = (pointer: string): boolean =>
    !paths || paths.some((p) => p === '' || pointer === p || pointer.startsWith(`${p}/`));
  return {
    key: `j:${scope}:${j.OversizeHandling ?? 'CONTINUE'}:${invalid ?? ''}:${(paths ?? ['*']).join(',')}`,
    extract: (v) => {
      if (v.request.bodyTruncated && over !== undefined) return over;
      const parsed = v.jsonBody();
      if (!parsed.complete) {
        if (invalid === 'MATCH') return true;
        if (invalid === 'NO_MATCH') return false;
        if (invalid === 'EVALUATE_AS_STRING') return [v.body()];
        // Unset: AWS evaluates what it parsed up to the first failure — the tokens read so far.
      }
      const out: string[] = [];
      for (const t of parsed.tokens) {
        if (scope === 'KEY' && t.kind !== 'key') continue;
        if (scope === 'VALUE' && t.kind !== 'value') continue;
        if (inPaths(t.pointer)) out.push(t.text);
      }
      return out;
    },
  };
}

/**
 * Numbers the per-request cache entries of one compiled web ACL: RequestView keeps values in an array indexed by
 * them (a Map keyed by strings cost several times more per lookup, and a request makes about a hundred). Each
 * distinct (field, transformations so far) gets one number, so rules of any group that read the same thing share it.
 */
export class InspectionSlots {
  readonly #byKey = new Map<string, number>();

  slotOf(key: string): number {
    let slot = this.#byKey.get(key);
    if (slot === undefined) {
      slot = this.#byKey.size;
      this.#byKey.set(key, slot);
    }
    return slot;
  }
}

/** A field read through a transformation chain, with its per-request cache entries numbered once. */
export interface Inspection {
  readonly field: CompiledField;
  readonly chain: TransformChain;
  /**
   * `slots[k]` holds, in RequestView.values, the field's values after the chain's first k transformations:
   * `slots[0]` the values as extracted, the last one the fully transformed values.
   */
  readonly slots: readonly number[];
}

export function compileInspection(field: CompiledField, chain: TransformChain, slots: InspectionSlots): Inspection {
  return { field, chain, slots: chain.prefixKeys.map((prefix) => slots.slotOf(`${field.key}\u0000${prefix}`)) };
}

/**
 * Transformed values of a field, computed once per request per (field, chain). Chains that begin alike share the work
 * of their common beginning (URL_DECODE_UNI, HTML_ENTITY_DECODE then LOWERCASE continues from the values another rule's
 * URL_DECODE_UNI, HTML_ENTITY_DECODE left): each step's values are kept under their own key. Transformations are pure,
 * so a value reached by the same steps is the same whichever rule asked first.
 */
export function inspect(inspection: Inspection, view: RequestView): FieldValues {
  const { slots } = inspection;
  const cache = view.values;
  const last = slots.length - 1;
  const done = cache[slots[last]!];
  if (done) return done;
  let k = last - 1;
  let values: readonly string[] | undefined;
  for (; k >= 0 && values === undefined; k--) values = cache[slots[k]!];
  if (values === undefined) {
    const raw = inspection.field.extract(view);
    if (typeof raw === 'boolean') return raw;
    values = raw;
    cache[slots[0]!] = raw;
    k = 0;
  } else k += 1;
  // values are those after k steps.
  const { steps } = inspection.chain;
  for (; k < last; k++) {
    values = applyStep(steps[k]!, values);
    cache[slots[k + 1]!] = values;
  }
  return values;
}

/** One transformation over every value; the same array when it changed none (most values need no decoding). */
function applyStep(step: (value: string) => string, values: readonly string[]): readonly string[] {
  let out: string[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = step(v);
    if (out) out.push(t);
    else if (t !== v) {
      out = values.slice(0, i);
      out.push(t);
    }
  }
  return out ?? values;
}
