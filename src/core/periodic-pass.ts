// A background pass run every interval, never two at once; stop() waits for the one in progress.
import type { Logger } from 'pino';

export interface PeriodicPass {
  stop(): Promise<void>;
}

/** Runs pass() every intervalMs (unref'd), skipping a tick while the previous pass runs; failures are logged. */
export function startPeriodicPass(
  intervalMs: number,
  pass: () => Promise<unknown>,
  log: Pick<Logger, 'error'>,
  failure: string,
): PeriodicPass {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || busy) return;
    busy = true;
    running = pass()
      .catch((err: unknown) => log.error({ err }, failure))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
