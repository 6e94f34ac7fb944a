// The labels a managed group's rules add (AvailableLabels) and match (ConsumedLabels), read from the rules themselves.
import type { Rule, Statement } from '../../../aws/generated/wafv2.js';

export function availableLabels(rules: readonly Rule[]): string[] {
  return [...new Set(rules.flatMap((r) => (r.RuleLabels ?? []).map((l) => l.Name)))];
}

/** LabelMatch keys anywhere in the rules' statements; the walk is bounded by Warden's own rule depth, not user input. */
export function consumedLabels(rules: readonly Rule[]): string[] {
  const keys = new Set<string>();
  const visit = (s: Statement | undefined, depth: number): void => {
    if (!s || depth > 20) return;
    if (s.LabelMatchStatement) keys.add(s.LabelMatchStatement.Key);
    for (const child of s.AndStatement?.Statements ?? []) visit(child, depth + 1);
    for (const child of s.OrStatement?.Statements ?? []) visit(child, depth + 1);
    visit(s.NotStatement?.Statement, depth + 1);
  };
  for (const r of rules) visit(r.Statement, 0);
  return [...keys];
}
