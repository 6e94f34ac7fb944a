// The audit checklist as data: every control judged against one account's facts, PASS or FAIL with the failing
// resources and the remediation; the CLI prints it, Artifact's reports render it.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { CONTROLS, type ControlStatus } from './controls.js';
import { loadAccountFacts, type AccountFacts } from './facts.js';

export const BENCHMARK = 'CIS AWS Foundations Benchmark v3.0.0';

export interface ControlResult {
  id: string;
  title: string;
  section: string;
  status: ControlStatus;
  failingResources: string[];
  remediation: string;
}

export interface Checklist {
  benchmark: string;
  accountId: string;
  generatedAt: string;
  passed: number;
  failed: number;
  controls: ControlResult[];
}

/** Judges every control against facts already read. */
export function judge(facts: AccountFacts): Checklist {
  const controls = CONTROLS.map((c): ControlResult => {
    const failingResources = c.failing(facts);
    return {
      id: c.id,
      title: c.title,
      section: c.section,
      status: failingResources.length === 0 ? 'PASS' : 'FAIL',
      failingResources,
      remediation: c.remediation,
    };
  });
  const failed = controls.filter((c) => c.status === 'FAIL').length;
  return {
    benchmark: BENCHMARK,
    accountId: facts.accountId,
    generatedAt: new Date(facts.now).toISOString(),
    passed: controls.length - failed,
    failed,
    controls,
  };
}

/** Reads the account's state and judges it. */
export async function runChecklist(
  db: Kysely<Database>,
  accountId: string,
  opts: { partition?: string; now?: number } = {},
): Promise<Checklist> {
  return judge(await loadAccountFacts(db, accountId, opts));
}

/** The checklist as a terminal reads it: one line per control, its failing resources and remediation beneath. */
export function formatChecklist(list: Checklist): string {
  const lines = [`${list.benchmark} — account ${list.accountId} at ${list.generatedAt}`, ''];
  for (const c of list.controls) {
    lines.push(`${c.status}  ${c.id.padEnd(5)} ${c.title}`);
    if (c.status === 'FAIL') {
      for (const r of c.failingResources) lines.push(`        - ${r}`);
      lines.push(`        Remediation: ${c.remediation}`);
    }
  }
  lines.push('', `${list.passed} passed, ${list.failed} failed.`);
  return `${lines.join('\n')}\n`;
}
