// Runs every CIS check against a host root and answers the Custom:WardenCisChecks inventory entries.
import { BENCHMARK, CHECKS } from './checks.js';
import { CheckContext, type CisStatus } from './check-kit.js';
import { Host } from './host-files.js';

export const CIS_TYPE = 'Custom:WardenCisChecks';

export interface CisEntry {
  CheckId: string;
  Title: string;
  Level: string;
  Status: CisStatus;
  Detail: string;
  Benchmark: string;
}

/** A check that throws is reported SKIPPED with the reason, never ending the run. */
export async function runCisChecks(root: string): Promise<CisEntry[]> {
  const ctx = new CheckContext(new Host(root));
  const out: CisEntry[] = [];
  for (const check of CHECKS) {
    let result;
    try {
      result = await check.run(ctx);
    } catch (err) {
      result = { status: 'SKIPPED' as const, detail: `could not be evaluated: ${String(err).slice(0, 200)}` };
    }
    out.push({
      CheckId: check.id,
      Title: check.title,
      Level: check.level,
      Status: result.status,
      Detail: result.detail.slice(0, 1024),
      Benchmark: BENCHMARK,
    });
  }
  return out;
}
