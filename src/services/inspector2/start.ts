// Inspector2's background work together: the findings evaluator, the report writer and the CIS scan scheduler,
// stopped in reverse order.
import type { RunningService, Runtime } from '../../core/runtime.js';
import { startFindingsEvaluator } from './findings/evaluator.js';
import { startReportWorker } from './reports/worker.js';
import { startCisScheduler } from './cis/scans.js';

export async function startInspector2(runtime: Runtime): Promise<RunningService> {
  const evaluator = await startFindingsEvaluator(runtime);
  const reports = await startReportWorker(runtime);
  const cis = await startCisScheduler(runtime);
  return {
    async stop() {
      await cis.stop();
      await reports.stop();
      await evaluator.stop();
    },
  };
}
