// SQL injection and XSS detection through libddwaf's libinjection operators (is_sqli, is_xss): one instance per
// compiled web ACL, one rule per distinct (detector, field, transformations) probe, and one run per request.
import { createRequire } from 'node:module';
import type { DDWAF as DdwafClass } from '@datadog/native-appsec';
import { BODY_PIECES_FIELD } from './body-pieces.js';
import {
  compileInspection,
  inspect,
  type CompiledField,
  type FieldValues,
  type Inspection,
  type InspectionSlots,
} from './fields.js';
import type { TransformChain } from './transforms.js';
import type { RequestView } from './request-view.js';

// The package is CommonJS whose exports Node's ESM loader cannot name statically.
const { DDWAF } = createRequire(import.meta.url)('@datadog/native-appsec') as {
  DDWAF: typeof DdwafClass;
};

/** libddwaf's per-run budget, in microseconds; a run that exceeds it reports no match rather than stalling traffic. */
const RUN_BUDGET_US = 50_000;

/**
 * libinjection has no sensitivity setting. It reads a value as it is and as if it followed an opening quote or double
 * quote; `sqli-high` (SqliMatch at SensitivityLevel HIGH) also reads it as if it followed a number (`1 <value>`), the
 * context of `id=<value>` where `or 1=1--` is an injection. That finds more, and flags more ordinary text, which is
 * the trade AWS documents for HIGH.
 */
export type InjectionKind = 'sqli' | 'sqli-high' | 'xss';

/**
 * Browsers drop ASCII tab, line feed and carriage return anywhere in a URL (WHATWG URL parsing), so
 * `jav&#x09;ascript:` in a link runs as `javascript:`; libinjection reads the characters as breaking the scheme. An XSS
 * probe also sends a value holding them without them.
 */
const URL_IGNORED = /[\t\n\r]/;
const URL_IGNORED_ALL = /[\t\n\r]/g;

interface Probe {
  readonly kind: InjectionKind;
  readonly inspection: Inspection;
  /** For a Body probe: the body's pieces through the same chain, and where the probe's whole list is kept. */
  readonly pieces: Inspection | undefined;
  readonly allSlot: number;
  readonly address: string;
}

export class InjectionDetector {
  private readonly probes: Probe[] = [];
  private readonly byKey = new Map<string, number>();
  private waf: DdwafClass | undefined;

  constructor(private readonly slots: InspectionSlots) {}

  /** Adds a probe (shared by statements inspecting the same thing the same way); answers its index. */
  register(kind: InjectionKind, field: CompiledField, chain: TransformChain): number {
    if (this.waf) throw new Error('The injection detector is already sealed.');
    const key = `${kind}\u0000${field.key}\u0000${chain.key}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const index = this.probes.length;
    const inspection = compileInspection(field, chain, this.slots);
    this.probes.push({
      kind,
      inspection,
      pieces: field.wholeBody ? compileInspection(BODY_PIECES_FIELD, chain, this.slots) : undefined,
      allSlot: this.slots.slotOf(`${field.key}\u0000${chain.key}\u0000with-pieces`),
      address: `warden.waf.p${index}`,
    });
    this.byKey.set(key, index);
    return index;
  }

  /** Builds the libddwaf instance once every statement has registered; compileWebAcl calls it last. */
  seal(): void {
    if (this.waf || this.probes.length === 0) return;
    const rules = this.probes.map((p, i) => ({
      id: String(i),
      name: `${p.kind} ${i}`,
      // A type of its own per rule: libddwaf reports at most one match per rule type and run, and every probe's
      // outcome is needed (two statements matching one request are two matches).
      tags: { type: `warden_${p.kind}_${i}`, category: 'attack_attempt' },
      conditions: [
        { operator: p.kind === 'xss' ? 'is_xss' : 'is_sqli', parameters: { inputs: [{ address: p.address }] } },
      ],
    }));
    const waf = new DDWAF({ version: '2.2', metadata: { rules_version: 'warden-wafv2-1' }, rules }, 'warden-wafv2');
    const d = waf.diagnostics.rules;
    if (!d || 'error' in d || d.failed.length > 0) {
      waf.dispose();
      throw new Error(`libddwaf refused Warden's injection ruleset: ${JSON.stringify(d)}`);
    }
    this.waf = waf;
  }

  /** Whether probe `index` finds an attack in this request; the first call runs every probe at once. */
  detected(view: RequestView, index: number): boolean {
    let results = view.injectionResults;
    if (!results) {
      results = this.runAll(view);
      view.injectionResults = results;
    }
    return results[index] === 1;
  }

  /**
   * Every probe's outcome for one request, in one libddwaf run. Its cost grows with each address sent (the values'
   * conversion to native objects dwarfs libinjection itself), so only what could change an outcome is sent: no value
   * libinjection cannot flag (toSend) or already found clean (knownClean), no address left with no value, and one
   * address for probes of the same detector that send the same values (libinjection decides each string alone, so
   * they share the outcome). A request whose values are all known clean makes no run at all.
   */
  private runAll(view: RequestView): Uint8Array {
    const count = this.probes.length;
    const results = new Uint8Array(count);
    const payload: Record<string, readonly string[]> = {};
    let any = false;
    let sent: Map<string, number> | undefined;
    let shares: [probe: number, sentAs: number][] | undefined;
    // Per sent probe: the values it sent that the clean cache may learn, if libinjection flags none of them.
    let learn: [probe: number, kind: InjectionKind, values: readonly string[]][] | undefined;
    for (let i = 0; i < count; i++) {
      const p = this.probes[i]!;
      const extracted = probeValues(p, view);
      if (typeof extracted === 'boolean') {
        results[i] = extracted ? 1 : 0;
        continue;
      }
      const fresh = notKnownClean(p.kind, extracted);
      const values = toSend(p.kind, fresh);
      if (values.length === 0) continue;
      // Each value length-prefixed, so no two different lists share a key.
      let key: string = p.kind;
      for (const v of values) key += `\u0000${v.length}:${v}`;
      sent ??= new Map();
      const first = sent.get(key);
      if (first !== undefined) {
        (shares ??= []).push([i, first]);
        continue;
      }
      sent.set(key, i);
      payload[p.address] = values;
      (learn ??= []).push([i, p.kind, fresh]);
      any = true;
    }
    const waf = this.waf;
    if (!any || !waf || waf.disposed) return results;
    const context = waf.createContext();
    let complete: boolean;
    try {
      const outcome = context.run({ ephemeral: payload }, RUN_BUDGET_US);
      for (const event of (outcome.events ?? []) as { rule?: { id?: string } }[]) {
        const id = Number(event.rule?.id);
        if (Number.isInteger(id)) results[id] = 1;
      }
      // A run cut by its budget may have missed a match: nothing it reported clean is learnt.
      complete = outcome.timeout !== true;
    } finally {
      context.dispose();
    }
    if (complete) for (const [probe, kind, values] of learn ?? []) if (results[probe] === 0) learnClean(kind, values);
    for (const [probe, sentAs] of shares ?? []) results[probe] = results[sentAs]!;
    return results;
  }

  dispose(): void {
    if (this.waf && !this.waf.disposed) this.waf.dispose();
  }
}

/**
 * Strings libinjection found nothing in, by detector: a value seen again (a user agent, a path, a cookie) is not sent
 * again. libinjection decides each string alone and always the same way, so a string's outcome is the same in every
 * request and web ACL; a probe whose run flagged nothing found every value it sent clean (one flagged value would
 * have matched it). Only complete runs teach it, only strings up to CLEAN_VALUE_MAX characters are kept, and each
 * detector keeps at most CLEAN_VALUES_PER_KIND (the oldest are forgotten first), so it stays within a few MB.
 */
const CLEAN_VALUES_PER_KIND = 4096;
const CLEAN_VALUE_MAX = 512;
const knownClean: Record<InjectionKind, Set<string>> = { sqli: new Set(), 'sqli-high': new Set(), xss: new Set() };

/** The values of a probe of `kind` that are not known to be clean (the same array when none is). */
function notKnownClean(kind: InjectionKind, values: readonly string[]): readonly string[] {
  const clean = knownClean[kind];
  if (clean.size === 0) return values;
  let fresh: string[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (clean.has(v)) {
      fresh ??= values.slice(0, i);
      continue;
    }
    fresh?.push(v);
  }
  return fresh ?? values;
}

function learnClean(kind: InjectionKind, values: readonly string[]): void {
  const clean = knownClean[kind];
  const inert = kind === 'xss' ? XSS_INERT : SQLI_INERT;
  for (const v of values) {
    // Inert values are never sent anyway: they would only push out values worth keeping.
    if (v.length > CLEAN_VALUE_MAX || clean.has(v) || inert.test(v)) continue;
    if (clean.size >= CLEAN_VALUES_PER_KIND) clean.delete(clean.values().next().value!);
    clean.add(v);
  }
}

/** How many values a detector holds as clean, and the most it may (tests). */
export function knownCleanCount(kind: InjectionKind): { count: number; max: number } {
  return { count: knownClean[kind].size, max: CLEAN_VALUES_PER_KIND };
}

/**
 * Values libinjection cannot flag, so never sent (each sent string costs a conversion to libddwaf's objects, which
 * dwarfs libinjection itself): for SQL injection one run of letters, digits and `_` is a single token, and an attack
 * takes several (also after HIGH's `1 `); for XSS, text of letters, digits, spaces and `_ . , -` opens no tag,
 * attribute value or URL. injection.test.ts checks both against libinjection on SQL and HTML keyword combinations
 * (and they were checked on wfuzz's 170,000 words and phrases when written).
 */
export const SQLI_INERT = /^[A-Za-z0-9_]*$/;
export const XSS_INERT = /^[A-Za-z0-9_ .,-]*$/;

/** The strings a probe of `kind` sends for its field's values: the inert ones left out, each kind's extra readings added. */
function toSend(kind: InjectionKind, values: readonly string[]): readonly string[] {
  const inert = kind === 'xss' ? XSS_INERT : SQLI_INERT;
  let live: string[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (inert.test(v)) {
      live ??= values.slice(0, i);
      continue;
    }
    live?.push(v);
  }
  const kept = live ?? values;
  if (kept.length === 0) return kept;
  if (kind === 'sqli-high') return [...kept, ...kept.map((v) => `1 ${v}`)];
  if (kind === 'xss' && kept.some((v) => URL_IGNORED.test(v)))
    return [...kept, ...kept.filter((v) => URL_IGNORED.test(v)).map((v) => v.replace(URL_IGNORED_ALL, ''))];
  return kept;
}

/**
 * What a probe sends: its field's transformed values, and for a body also the body's pieces (body-pieces.ts), each
 * transformed alone, so that libinjection sees an injection that does not open the body. Cached per request.
 */
function probeValues(p: Probe, view: RequestView): FieldValues {
  const values = inspect(p.inspection, view);
  if (!p.pieces || typeof values === 'boolean') return values;
  const cached = view.values[p.allSlot];
  if (cached) return cached;
  const pieces = inspect(p.pieces, view) as readonly string[];
  const all = pieces.length === 0 ? values : [...values, ...pieces];
  view.values[p.allSlot] = all;
  return all;
}
