// SQL injection and XSS detection through libddwaf's libinjection operators (is_sqli, is_xss): one instance per
// compiled web ACL, one rule per distinct (detector, field, transformations) probe, and one run per request.
import { createRequire } from 'node:module';
import type { DDWAF as DdwafClass } from '@datadog/native-appsec';
import { inspect, inspectionKey, type CompiledField } from './fields.js';
import type { TransformChain } from './transforms.js';
import type { RequestView } from './request-view.js';

// The package is CommonJS whose exports Node's ESM loader cannot name statically.
const { DDWAF } = createRequire(import.meta.url)('@datadog/native-appsec') as {
  DDWAF: typeof DdwafClass;
};

/** libddwaf's per-run budget, in microseconds; a run that exceeds it reports no match rather than stalling traffic. */
const RUN_BUDGET_US = 50_000;

export type InjectionKind = 'sqli' | 'xss';

interface Probe {
  readonly kind: InjectionKind;
  readonly field: CompiledField;
  readonly chain: TransformChain;
  readonly cacheKey: string;
  readonly address: string;
}

export class InjectionDetector {
  private readonly probes: Probe[] = [];
  private readonly byKey = new Map<string, number>();
  private waf: DdwafClass | undefined;

  /** Adds a probe (shared by statements inspecting the same thing the same way); answers its index. */
  register(kind: InjectionKind, field: CompiledField, chain: TransformChain): number {
    if (this.waf) throw new Error('The injection detector is already sealed.');
    const key = `${kind}\u0000${field.key}\u0000${chain.key}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const index = this.probes.length;
    this.probes.push({ kind, field, chain, cacheKey: inspectionKey(field, chain), address: `warden.waf.p${index}` });
    this.byKey.set(key, index);
    return index;
  }

  /** Builds the libddwaf instance once every statement has registered; compileWebAcl calls it last. */
  seal(): void {
    if (this.waf || this.probes.length === 0) return;
    const rules = this.probes.map((p, i) => ({
      id: String(i),
      name: `${p.kind} ${i}`,
      tags: { type: p.kind === 'sqli' ? 'sql_injection' : 'xss', category: 'attack_attempt' },
      conditions: [
        { operator: p.kind === 'sqli' ? 'is_sqli' : 'is_xss', parameters: { inputs: [{ address: p.address }] } },
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

  private runAll(view: RequestView): Uint8Array {
    const results = new Uint8Array(this.probes.length);
    const payload: Record<string, readonly string[]> = {};
    let any = false;
    this.probes.forEach((p, i) => {
      const values = inspect(p.field, p.chain, view, p.cacheKey);
      if (typeof values === 'boolean') results[i] = values ? 1 : 0;
      else if (values.length > 0) {
        payload[p.address] = values;
        any = true;
      }
    });
    const waf = this.waf;
    if (!any || !waf || waf.disposed) return results;
    const context = waf.createContext();
    try {
      const outcome = context.run({ ephemeral: payload }, RUN_BUDGET_US);
      for (const event of (outcome.events ?? []) as { rule?: { id?: string } }[]) {
        const id = Number(event.rule?.id);
        if (Number.isInteger(id)) results[id] = 1;
      }
    } finally {
      context.dispose();
    }
    return results;
  }

  dispose(): void {
    if (this.waf && !this.waf.disposed) this.waf.dispose();
  }
}
