// SQL injection and XSS detection through libddwaf's libinjection operators (is_sqli, is_xss): one instance per compiled web ACL.
import { createRequire } from 'node:module';
import type { DDWAF as DdwafClass } from '@datadog/native-appsec';

// The package is CommonJS whose exports Node's ESM loader cannot name statically.
const { DDWAF } = createRequire(import.meta.url)('@datadog/native-appsec') as {
  DDWAF: typeof DdwafClass;
};

const SQLI_ADDRESS = 'warden.waf.sqli';
const XSS_ADDRESS = 'warden.waf.xss';
/** libddwaf's per-run budget, in microseconds; a run that exceeds it reports no match rather than stalling traffic. */
const RUN_BUDGET_US = 50_000;

const RULESET = {
  version: '2.2',
  metadata: { rules_version: 'warden-wafv2-1' },
  rules: [
    {
      id: 'sqli',
      name: 'libinjection SQL injection',
      tags: { type: 'sql_injection', category: 'attack_attempt' },
      conditions: [{ operator: 'is_sqli', parameters: { inputs: [{ address: SQLI_ADDRESS }] } }],
    },
    {
      id: 'xss',
      name: 'libinjection XSS',
      tags: { type: 'xss', category: 'attack_attempt' },
      conditions: [{ operator: 'is_xss', parameters: { inputs: [{ address: XSS_ADDRESS }] } }],
    },
  ],
};

export type InjectionKind = 'sqli' | 'xss';

export class InjectionDetector {
  private readonly waf: DdwafClass;

  constructor() {
    this.waf = new DDWAF(RULESET, 'warden-wafv2');
    const rules = this.waf.diagnostics.rules;
    if (!rules || 'error' in rules || rules.failed.length > 0) {
      this.waf.dispose();
      throw new Error(`libddwaf refused Warden's injection ruleset: ${JSON.stringify(rules)}`);
    }
  }

  /** Whether libinjection finds the attack in any of the values. */
  detect(kind: InjectionKind, values: readonly string[]): boolean {
    if (values.length === 0 || this.waf.disposed) return false;
    const context = this.waf.createContext();
    try {
      const address = kind === 'sqli' ? SQLI_ADDRESS : XSS_ADDRESS;
      const result = context.run({ ephemeral: { [address]: values } }, RUN_BUDGET_US);
      return result.status === 'match';
    } finally {
      context.dispose();
    }
  }

  dispose(): void {
    if (!this.waf.disposed) this.waf.dispose();
  }
}
