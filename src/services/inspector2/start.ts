// Inspector2's background work together: the findings evaluator and the report writer, stopped in reverse order.
import type { RunningService, Runtime } from '../../core/runtime.js';
import { startFindingsEvaluator } from './findings/evaluator.js';
import { startReportWorker } from './reports/worker.js';

export async function startInspector2(runtime: Runtime): Promise<RunningService> {
  const evaluator = await startFindingsEvaluator(runtime);
  const reports = await startReportWorker(runtime);
  return {
    async stop() {
      await reports.stop();
      await evaluator.stop();
    },
  };
}
