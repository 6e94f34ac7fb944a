// WAF's request counts on /metrics: AWS WAF's AllowedRequests, BlockedRequests, ... per web ACL and rule metric name, within a fixed series budget.
import { Counter, type Registry } from 'prom-client';
import type { WebACL } from '../../aws/generated/wafv2.js';
import type { Runtime } from '../../core/runtime.js';
import type { EvaluationResult, WafAction } from './engine/index.js';
import { visibilityOf } from './visibility.js';

/**
 * Label series (one per counter, account, Region, web ACL and rule) a process keeps. Each costs memory for the life of
 * the process and bytes in every scrape; past the budget a new series is counted in its counter's overflow series.
 */
export const DEFAULT_SERIES_BUDGET = 2_000;
/** The label values of the overflow series, and of a value that is not one AWS would accept: outside MetricName's pattern, so no customer's name can equal them. */
export const OVERFLOW_LABEL = '~overflow';
export const INVALID_LABEL = '~invalid';
/** AWS's Rule dimension for the web ACL's totals and for its default action (names reserved to AWS WAF). */
export const ALL_RULES = 'ALL';
export const DEFAULT_ACTION_RULE = 'Default_Action';

/** The wafv2 model's MetricName: `^[\w#:\.\-/]+$`, 1 to 255 characters. Checked again here: a label is never unchecked input. */
const METRIC_NAME = /^[\w#:.\-/]{1,255}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]{1,16}){1,3}-\d{1,2}$/;

const LABELS = ['account', 'region', 'web_acl', 'rule'] as const;
type Labels = Record<(typeof LABELS)[number], string>;

/** AWS's metric for each action a request was given. */
const METRICS: Readonly<Record<WafAction, { name: string; aws: string }>> = {
  ALLOW: { name: 'warden_waf_allowed_requests_total', aws: 'AllowedRequests' },
  BLOCK: { name: 'warden_waf_blocked_requests_total', aws: 'BlockedRequests' },
  COUNT: { name: 'warden_waf_counted_requests_total', aws: 'CountedRequests' },
  CAPTCHA: { name: 'warden_waf_captcha_requests_total', aws: 'CaptchaRequests' },
  CHALLENGE: { name: 'warden_waf_challenge_requests_total', aws: 'ChallengeRequests' },
};

function metricLabel(name: string | undefined): string {
  return name !== undefined && METRIC_NAME.test(name) ? name : INVALID_LABEL;
}

/** What one web ACL publishes: its own metric name when enabled, and each enabled rule's by rule name. */
interface Plan {
  readonly account: string;
  readonly region: string;
  /** AWS's WebACL dimension: the web ACL's metric name. */
  readonly webAcl: string;
  /** Whether the web ACL's own series (ALL, Default_Action) are published. */
  readonly webAclEnabled: boolean;
  readonly rules: ReadonlyMap<string, string>;
}

function planOf(acl: WebACL): Plan {
  const [, , , region = '', account = ''] = acl.ARN.split(':');
  const rules = new Map<string, string>();
  for (const r of acl.Rules ?? [])
    if (r.VisibilityConfig.CloudWatchMetricsEnabled) rules.set(r.Name, metricLabel(r.VisibilityConfig.MetricName));
  return {
    account: ACCOUNT.test(account) ? account : INVALID_LABEL,
    region: REGION.test(region) ? region : INVALID_LABEL,
    webAcl: metricLabel(acl.VisibilityConfig.MetricName),
    webAclEnabled: acl.VisibilityConfig.CloudWatchMetricsEnabled,
    rules,
  };
}

/** The counters, and the series they have made so far (bounded by the budget). */
export class WafMetrics {
  private readonly counters: Readonly<Record<WafAction, Counter<(typeof LABELS)[number]>>>;
  private readonly series = new Set<string>();
  /** Plans by the web ACL body they were made from: a reload brings a new body, so a stale plan is never used. */
  private readonly plans = new WeakMap<WebACL, Plan>();

  constructor(
    registry: Registry,
    private readonly budget = DEFAULT_SERIES_BUDGET,
  ) {
    const counter = (action: WafAction) =>
      new Counter({
        name: METRICS[action].name,
        help:
          `AWS WAF's ${METRICS[action].aws}: web requests, by account, Region, web ACL and rule metric name ` +
          `(rule ${ALL_RULES}: the web ACL's total; ${DEFAULT_ACTION_RULE}: its default action; ` +
          `${OVERFLOW_LABEL}: series past the budget of ${budget}).`,
        labelNames: LABELS,
        registers: [registry],
      });
    this.counters = {
      ALLOW: counter('ALLOW'),
      BLOCK: counter('BLOCK'),
      COUNT: counter('COUNT'),
      CAPTCHA: counter('CAPTCHA'),
      CHALLENGE: counter('CHALLENGE'),
    };
  }

  /** How many series exist, the overflow ones aside (for tests). */
  get size(): number {
    return this.series.size;
  }

  /** Counts one evaluated request of `acl` as AWS WAF's metrics would. Synchronous; never throws for its input. */
  record(acl: WebACL, result: EvaluationResult): void {
    let plan = this.plans.get(acl);
    if (!plan) {
      plan = planOf(acl);
      this.plans.set(acl, plan);
    }
    const { webAcl } = plan;
    if (plan.webAclEnabled) {
      this.inc(result.action, plan, webAcl, ALL_RULES);
      if (result.terminatingRuleType === 'DEFAULT_ACTION') this.inc(result.action, plan, webAcl, DEFAULT_ACTION_RULE);
    }
    if (result.terminatingRuleType !== 'DEFAULT_ACTION') {
      const rule = plan.rules.get(result.terminatingRuleId);
      if (rule !== undefined) this.inc(result.action, plan, webAcl, rule);
    }
    for (const m of result.nonTerminatingMatchingRules) {
      const rule = plan.rules.get(m.ruleId);
      if (rule !== undefined) this.inc(m.action, plan, webAcl, rule);
    }
  }

  private inc(action: WafAction, plan: Plan, webAcl: string, rule: string): void {
    let labels: Labels = { account: plan.account, region: plan.region, web_acl: webAcl, rule };
    const key = `${action}\u0000${plan.account}\u0000${plan.region}\u0000${webAcl}\u0000${rule}`;
    if (!this.series.has(key)) {
      if (this.series.size >= this.budget)
        labels = { account: OVERFLOW_LABEL, region: OVERFLOW_LABEL, web_acl: OVERFLOW_LABEL, rule: OVERFLOW_LABEL };
      else this.series.add(key);
    }
    this.counters[action].inc(labels);
  }
}

/** Per Runtime: tests run several servers in one process, each with its own registry. */
const attached = new WeakMap<Runtime, WafMetrics>();

/** Registers WAF's counters on the server's registry; the inspector's verdicts count from then on. */
export function attachWafMetrics(runtime: Runtime, registry: Registry, budget = DEFAULT_SERIES_BUDGET): WafMetrics {
  const metrics = new WafMetrics(registry, budget);
  attached.set(runtime, metrics);
  return metrics;
}

/**
 * Counts one verdict of the web ACL `webAclArn`, as last loaded for visibility (the inspector refreshes it on every
 * reload). Never throws, never waits: it runs on the request path.
 */
export function recordWafMetrics(runtime: Runtime, webAclArn: string, result: EvaluationResult): void {
  const metrics = attached.get(runtime);
  const acl = metrics && visibilityOf(runtime).plans.get(webAclArn)?.acl;
  if (!metrics || !acl) return;
  try {
    metrics.record(acl, result);
  } catch (err) {
    runtime.log.warn({ err, webAclArn }, 'WAF metrics could not be counted');
  }
}
